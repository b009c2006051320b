"""Telling an Excel workbook by its zip members, apart from reading it (`workbooks`): every
scan opens archives, and every worker process imports the archive reader, but openpyxl is
imported only when a workbook is read."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence

from firewall_conformance.detect.errors import UnreadableExport

WORKBOOK_PART = "xl/workbook.xml"
# openpyxl holds a workbook's shared strings, and `workbooks` each sheet's notes, in memory
# whole: a part declaring more than this is refused, so memory stays bounded.
MAX_PART_READ_WHOLE = 64 * 1024**2
_READ_WHOLE = ("xl/sharedstrings.xml", "xl/comments")


def is_workbook(members: Sequence[zipfile.ZipInfo], label: str) -> bool:
    """Whether a zip archive's members are an Excel workbook's parts; refused when a part read
    whole is larger than `MAX_PART_READ_WHOLE`."""
    if not any(info.filename == WORKBOOK_PART for info in members):
        return False
    for info in members:
        if info.filename.lower().startswith(_READ_WHOLE) and info.file_size > MAX_PART_READ_WHOLE:
            raise UnreadableExport(
                f"{label}!{info.filename}",
                "opening",
                f"{info.file_size / 1024**2:.0f} MiB, more than the "
                f"{MAX_PART_READ_WHOLE // 1024**2} MiB a workbook part read whole may hold; refused",
            )
    return True
