"""Excel workbooks (.xlsx, .xlsm): each worksheet read as a CSV export of its rows.

Forces hand data over as spreadsheets as often as CSV. Read as the XML parts of its zip, a
workbook's cells stand apart from their column headings (and from each other, in a shared
string table), so no role column could ever be told and a status scan would only ever say
"roles unknown". So every worksheet, hidden ones too, is read with openpyxl (in read-only
mode, through defusedxml) as rows under their first row as the header, with the cached value
of each formula; cells beyond the header's width get the column's letter as their name, and a
cell's note (comment) is read in a column of its own on the cell's row. The workbook's other
parts (properties, the comments as written, the formulas as written, the shared strings) are
still read as XML, for planted values only: no one's role can be shown there.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.comments.comment_sheet import CommentSheet
from openpyxl.packaging.relationship import get_dependents
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.functions import fromstring

from firewall_conformance.detect.csv_stream import buffered
from firewall_conformance.detect.errors import UnreadableExport


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


COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
MAX_ROWS = 1_048_576  # Excel's own limit: a row numbered past it is refused, not padded to


def _parsed_rows(sheet: Any, where: str) -> Iterator[list[object]]:
    """The sheet's rows, each cell at its own column, a missing row empty. Not openpyxl's
    read-only rows: they stop at the sheet's declared dimension, silently drop a row numbered
    below one already read, and end a row at its last-written cell, so a vendor's writer could
    hide a victim's row or cell from the scan that Excel and other readers still show."""
    book = sheet.parent
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        last = 0
        for number, cells in parser.parse():
            if not last < number <= MAX_ROWS:
                raise UnreadableExport(
                    where, f"row {number}", "a row out of order, repeated or past Excel's last"
                )
            yield from ([] for _ in range(last + 1, number))
            last = number
            row: list[object] = [None] * max((cell["column"] for cell in cells), default=0)
            for cell in cells:
                if row[cell["column"] - 1] is not None:
                    raise UnreadableExport(where, f"row {number}", "a cell written twice")
                row[cell["column"] - 1] = cell["value"]
            yield row


def _notes(sheet: Any) -> dict[tuple[int, int], str]:
    """The notes (Excel's cell comments) on the sheet, by the row and column of their cell:
    an officer's remark about a person is often written there."""
    archive = sheet.parent._archive
    folder, name = posixpath.split(sheet._worksheet_path)
    rels_path = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_path not in archive.namelist():
        return {}
    notes: dict[tuple[int, int], str] = {}
    for rel in get_dependents(archive, rels_path).find(COMMENTS_TYPE):
        part = CommentSheet.from_tree(fromstring(archive.read(rel.target)))
        for ref, comment in part.comments if part else ():
            notes[coordinate_to_tuple(ref)] = comment.content
    return notes


def _sheet_rows(workbook: _Opened, title: str, label: str) -> Iterator[list[str]]:
    """The sheet's rows as text, each as wide as the widest row (a first pass finds the width,
    as a sheet's declared dimension may leave columns out), then a column "note on ..." for
    each column with a note, holding each row's note there."""
    sheet = workbook.workbook[title]
    where = f"{label}!{title}"
    try:
        notes = _notes(sheet)
        noted = sorted({column for _, column in notes})
        width = max((len(row) for row in _parsed_rows(sheet, where)), default=0)
        width = max([width, *noted])
        rows = _parsed_rows(sheet, where)
        header = next(rows, [])
        if not header and not notes:
            return
        names = [_text(v) for v in header]
        names = [
            name or get_column_letter(at + 1)
            for at, name in enumerate(names + [""] * (width - len(names)))
        ]
        yield names + [f"note on {names[column - 1]}" for column in noted]
        number = 1
        for number, row in enumerate(rows, start=2):
            cells = [_text(v) for v in row]
            yield cells + [""] * (width - len(cells)) + [notes.get((number, c), "") for c in noted]
        for past in range(number + 1, max((r for r, _ in notes), default=0) + 1):
            yield [""] * width + [notes.get((past, c), "") for c in noted]
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
