"""Telling an Excel workbook by its zip members, apart from reading it (`workbooks`): every
scan opens archives, and every worker process imports the archive reader, but openpyxl is
imported only when a workbook is read."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence

from firewall_conformance.detect.errors import UnreadableExport

WORKBOOK_PART = "xl/workbook.xml"
# openpyxl holds a workbook's shared strings, `workbooks` each sheet's notes and
# `pivot_caches` each cache's definition, in memory whole: a part declaring more than this is
# refused, so memory stays bounded.
MAX_PART_READ_WHOLE = 64 * 1024**2
_READ_WHOLE = ("xl/sharedstrings.xml", "xl/comments", "xl/pivotcache/pivotcachedefinition")
# Parts whose content the sheets and pivot caches already show (shared strings, notes, chart
# caches of cells), or that hold no records (styles, properties, relationships, pictures,
# which no reader here can read in either case); a drawing's text box, a macro sheet, a dialog
# sheet, an external link's cached cells or a custom XML part is none of these.
_READ_WITH_THE_SHEETS = re.compile(
    r"\[content_types\]\.xml|.*\.rels|docprops/.*|customxml/itemprops\d*\.xml"
    r"|xl/(?:workbook|styles|calcchain|metadata|sharedstrings|connections)\.xml"
    r"|xl/(?:worksheets|theme|printersettings|comments|threadedcomments|persons|charts"
    r"|pivotcache|pivottables|tables|querytables|slicers|slicercaches|timelines"
    r"|timelinecaches|richdata|webextensions|media|ctrlprops)/.*"
    r"|xl/comments\d*\.xml|xl/drawings/vmldrawing\d*\.vml|xl/vbaproject\.bin",
    re.IGNORECASE,
)


def read_with_the_sheets(part: str) -> bool:
    """Whether a workbook part is shown by its sheets or holds no records, so is read for
    planted values only."""
    return _READ_WITH_THE_SHEETS.fullmatch(part) is not None


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
