"""Excel workbooks (.xlsx, .xlsm): each worksheet read as a CSV export of its rows.

Forces hand data over as spreadsheets as often as CSV. Read as the XML parts of its zip, a
workbook's cells stand apart from their column headings (and from each other, in a shared
string table), so no role column could ever be told and a status scan would only ever say
"roles unknown". So every worksheet, hidden ones too, is read with openpyxl (in read-only
mode, through defusedxml) as rows under their first row as the header, with the cached value
of each formula; cells beyond the header's width get the column's letter as their name. The
workbook's other parts (properties, comments, the formulas as written, the shared strings)
are still read as XML, for planted values only: no one's role can be shown there.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from firewall_conformance.detect.csv_stream import buffered
from firewall_conformance.detect.errors import UnreadableExport

WORKBOOK_PART = "xl/workbook.xml"


def is_workbook(members: Sequence[zipfile.ZipInfo]) -> bool:
    """Whether a zip archive's members are an Excel workbook's parts."""
    return any(info.filename == WORKBOOK_PART for info in members)


def sheet_titles(path: Path, label: str) -> list[str]:
    """Every worksheet's title, in the workbook's order, hidden ones included."""
    with _opened(path, label) as workbook:
        return [sheet.title for sheet in workbook.worksheets]


def sheet_opener(path: Path, title: str, label: str) -> Callable[[], io.BufferedReader]:
    """How to open the worksheet `title` as comma-separated UTF-8 bytes."""

    def opened() -> io.BufferedReader:
        workbook = _opened(path, label)
        return buffered(_sheet_rows(workbook, title, label), "utf-8", _Closing(workbook))

    return opened


class _Opened:
    """A read-only workbook as a context manager (openpyxl's closes only by `close`)."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook

    def __enter__(self) -> Any:
        return self.workbook

    def __exit__(self, *_: object) -> None:
        self.workbook.close()


class _Closing(io.IOBase):
    """Closes the workbook when the stream made of its sheet is closed."""

    def __init__(self, workbook: _Opened) -> None:
        super().__init__()
        self._workbook = workbook

    def close(self) -> None:
        self._workbook.workbook.close()
        super().close()


def _opened(path: Path, label: str) -> _Opened:
    try:
        return _Opened(load_workbook(path, read_only=True, data_only=True, keep_links=False))
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnreadableExport(label, "opening", f"not a readable Excel workbook ({exc})") from exc


def _sheet_rows(workbook: _Opened, title: str, label: str) -> Iterator[list[str]]:
    """The sheet's rows as text, each as wide as the widest row: a first pass finds the width,
    as a sheet's declared dimension may leave columns out."""
    sheet = workbook.workbook[title]
    where = f"{label}!{title}"
    try:
        width = max((len(row) for row in sheet.iter_rows(values_only=True)), default=0)
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            return
        names = [_text(v) for v in header]
        yield [
            name or get_column_letter(at + 1)
            for at, name in enumerate(names + [""] * (width - len(names)))
        ]
        for row in rows:
            cells = [_text(v) for v in row]
            yield cells + [""] * (width - len(cells))
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
        raise UnreadableExport(where, "reading", f"a sheet that cannot be read ({exc})") from exc


def _text(value: object) -> str:
    """A cell's value as an export would write it: dates in ISO form (a date alone when it has
    no time), whole numbers without a decimal point, nothing for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
