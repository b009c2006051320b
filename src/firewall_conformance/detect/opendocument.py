"""OpenDocument spreadsheets (.ods): each sheet read as a CSV export of its rows.

UK public bodies publish and exchange tables as OpenDocument (the government's open standard
for documents since 2014; Home Office crime statistics are released as .ods), so a force's
return may arrive in it. Read as the XML of its zip, a sheet's cells stand apart from their
column headings and a status scan could only say "roles unknown". So each table in
`content.xml`, hidden ones too, is streamed (defusedxml, element by element, memory bounded by
one row) as rows under its first row as the header, much as Excel workbooks are read
(detect/workbooks.py): cells beyond the header's width get the column's letter as their name,
and a cell's note (annotation) is read in a column of its own on the cell's row.

A cell's value is the one a spreadsheet shows from it: the typed value (a date in ISO form, a
number) where it has one, else its text; text written beside a typed value that a reader
could still show (letters in a number cell) is kept after the value, never dropped. Repeats
are expanded as a spreadsheet would show them, within the format's limits, and empty rows and
trailing empty cells (which writers repeat to the sheet's end) are left out.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from firewall_conformance.detect.csv_stream import buffered
from firewall_conformance.detect.errors import UnreadableExport

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
MIMETYPE_PART = "mimetype"
CONTENT = "content.xml"
MAX_ROWS = 1_048_576  # LibreOffice's and Excel's limit: repeats past it are refused
MAX_COLUMNS = 16_384
# A row's elements are held until the row ends: past 16 a cell at the widest it is refused,
# so a small file of millions of cells in one row cannot take gigabytes.
MAX_ROW_PARTS = 16 * MAX_COLUMNS

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_SHEET = f"{{{_TABLE}}}table"
_SPREADSHEET = f"{{{_OFFICE}}}spreadsheet"
_ROW = f"{{{_TABLE}}}table-row"
# Text boxes and shapes drawn on a sheet, outside its cells: held whole, as a row is.
_SHAPES = f"{{{_TABLE}}}shapes"
_HELD = (_ROW, _SHAPES)
_CELLS = (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell")
_NAME = f"{{{_TABLE}}}name"
_ROWS_REPEATED = f"{{{_TABLE}}}number-rows-repeated"
_COLUMNS_REPEATED = f"{{{_TABLE}}}number-columns-repeated"
_VALUE_TYPE = f"{{{_OFFICE}}}value-type"
_STRING_VALUE = f"{{{_OFFICE}}}string-value"
_ANNOTATION = f"{{{_OFFICE}}}annotation"
_PARAGRAPHS = (f"{{{_TEXT}}}p", f"{{{_TEXT}}}h")
_SPACES = f"{{{_TEXT}}}s"
_SPACE_COUNT = f"{{{_TEXT}}}c"
_BREAKS = {f"{{{_TEXT}}}tab": "\t", f"{{{_TEXT}}}line-break": "\n"}
# Where each value type keeps its value (the text:p beside it is only how it is shown).
_TYPED = {
    "float": "value",
    "percentage": "value",
    "currency": "value",
    "date": "date-value",
    "time": "time-value",
    "boolean": "boolean-value",
}


# The sheets (content.xml), and parts that hold no records: styles, properties, settings, the
# manifest, pictures and charts' objects (which cache cells of the sheets).
_READ_WITH_THE_SHEETS = re.compile(
    r"(?:content|styles|meta|settings)\.xml|manifest\.rdf"
    r"|(?:META-INF|Configurations2|Thumbnails|Pictures|ObjectReplacements)/.*"
    r"|Object \d+/(?:content|styles|meta)\.xml",
    re.IGNORECASE,
)


def read_with_the_sheets(part: str) -> bool:
    """Whether a part of the document is shown by its sheets or holds no records, so is read
    for planted values only."""
    return _READ_WITH_THE_SHEETS.fullmatch(part) is not None


def is_spreadsheet(path: Path, members: Sequence[zipfile.ZipInfo]) -> bool:
    """Whether a zip archive is an OpenDocument spreadsheet: its `mimetype` member says so."""
    names = {info.filename for info in members}
    if MIMETYPE_PART not in names or CONTENT not in names:
        return False
    with zipfile.ZipFile(path) as archive, archive.open(MIMETYPE_PART) as declared:
        return declared.read(len(MIMETYPE) + 2).strip() == MIMETYPE


@dataclass(frozen=True)
class SheetLayout:
    """A sheet's name (told apart by its position when given twice or not at all), how wide
    its widest row is, the columns (0-based) holding a note, and about how many bytes of CSV
    its rows expand to (repeats are a compression: a few bytes can show billions of cells)."""

    position: int
    title: str
    width: int
    noted: tuple[int, ...]
    size: int
    drawn: tuple[str, ...] = ()


def sheet_layouts(path: Path, label: str) -> list[SheetLayout]:
    """Every sheet, in the document's order, hidden ones included, from one streamed pass;
    a name given twice is told apart by position, so no sheet hides behind another. A
    document its media type calls a spreadsheet but that holds no sheet is refused: its
    tables, if any, would otherwise go unread and unnamed."""
    titles: list[str] = []
    widths: list[int] = []
    noted: list[set[int]] = []
    rows: list[int] = []
    sizes: list[int] = []
    drawn: list[list[str]] = []
    for _, title, row in _parsed(path, label):
        if isinstance(row, tuple):
            drawn[-1].extend(row)
        elif row is None:
            drawn.append([])
            titles.append(title if title and title not in titles else f"{title} #{len(titles) + 1}")
            widths.append(0)
            noted.append(set())
            rows.append(0)
            sizes.append(0)
        else:
            widths[-1] = max(widths[-1], len(row.cells))
            noted[-1] |= set(row.notes)
            rows[-1] += 1
            sizes[-1] += row.size
    if not titles:
        raise UnreadableExport(f"{label}!{CONTENT}", "reading", "no sheet in a spreadsheet")
    return [
        SheetLayout(
            position,
            title,
            width,
            tuple(sorted(notes)),
            size + count * (width + len(notes)),
            tuple(texts),
        )
        for position, (title, width, notes, count, size, texts) in enumerate(
            zip(titles, widths, noted, rows, sizes, drawn, strict=True)
        )
    ]


def drawn_opener(sheet: SheetLayout) -> Callable[[], io.BufferedReader]:
    """The text of the boxes and shapes drawn on `sheet`, a paragraph a row, as CSV: no
    column can say whose it is, so a status remark there leaves the scan's roles unknown
    (as a text box in an Excel workbook does) instead of going unread."""

    def opened() -> io.BufferedReader:
        return buffered(iter([["text drawn on the sheet"], *([t] for t in sheet.drawn)]), "utf-8")

    return opened


def sheet_opener(path: Path, sheet: SheetLayout, label: str) -> Callable[[], io.BufferedReader]:
    """How to open `sheet` as comma-separated UTF-8 bytes."""

    def opened() -> io.BufferedReader:
        return buffered(_sheet_rows(path, sheet, label), "utf-8")

    return opened


@dataclass
class _Row:
    """One row as read: each cell's text, the notes on its cells by column (0-based), and
    how many characters they hold."""

    cells: list[str] = field(default_factory=list)
    notes: dict[int, str] = field(default_factory=dict)
    size: int = 0

    def empty(self) -> bool:
        return not any(self.cells) and not self.notes


def _sheet_rows(path: Path, sheet: SheetLayout, label: str) -> Iterator[list[str]]:
    """The sheet's rows as text, each as wide as the widest, then a column "note on ..." for
    each column with a note; a note on a heading is given in a last row of its own."""
    columns = sheet.noted
    width = max([sheet.width, *(c + 1 for c in columns)])
    rows = _rows_of(path, sheet.position, label)
    header = next(rows, None)
    if header is None:
        return
    names = header.cells + [""] * (width - len(header.cells))
    from openpyxl.utils import get_column_letter  # not in every worker: slow to import

    names = [name or get_column_letter(at + 1) for at, name in enumerate(names)]
    yield names + [f"note on {names[c]}" for c in columns]
    for row in rows:
        if len(row.cells) > width:
            raise UnreadableExport(f"{label}!{sheet.title}", "reading", "changed while it was read")
        yield row.cells + [""] * (width - len(row.cells)) + [row.notes.get(c, "") for c in columns]
    if header.notes:
        yield [""] * width + [header.notes.get(c, "") for c in columns]


def _rows_of(path: Path, index: int, label: str) -> Iterator[_Row]:
    """The rows of the sheet at `index` up to its last that is not empty, repeats expanded
    (empty rows before a later one kept, so a record's number is the spreadsheet's row)."""
    for at, _, row in _parsed(path, label):
        if at > index:
            return
        if at == index and isinstance(row, _Row):
            yield row


def _parsed(path: Path, label: str) -> Iterator[tuple[int, str, _Row | tuple[str, ...] | None]]:
    """(sheet's position, its name, None) as each sheet starts, then (position, name, row) for
    each of its rows up to its last that is not empty (repeats expanded, so a row's number is
    the spreadsheet's) and the paragraphs drawn on it, from one streamed parse. Every element
    is dropped once read (a row's or a drawing's once it is read), so memory holds one row."""
    parents: list[Element] = []
    in_row = parts = 0
    sheet: _Sheet | None = None
    try:
        with zipfile.ZipFile(path) as archive, archive.open(CONTENT) as content:
            for event, element in iterparse(content, events=("start", "end"), forbid_dtd=True):
                tag = element.tag
                if event == "start":
                    if tag == _SHEET and parents and parents[-1].tag == _SPREADSHEET:
                        sheet = _Sheet(sheet.position + 1 if sheet else 0, element.get(_NAME, ""))
                        yield sheet.position, sheet.title, None
                    held = tag in _HELD
                    if in_row or held:
                        in_row += held
                        parts += 1
                        if parts > MAX_ROW_PARTS:
                            where = f"{label}!{sheet.title if sheet else CONTENT}"
                            raise UnreadableExport(where, "a row", "more parts than a row can hold")
                    parents.append(element)
                    continue
                parents.pop()
                if tag in _HELD:
                    in_row -= 1
                    parts = parts if in_row else 0
                    if in_row == 0 and sheet is not None and tag == _SHAPES:
                        yield sheet.position, sheet.title, tuple(t for t in _lines(element) if t)
                    elif in_row == 0 and sheet is not None:
                        for row in sheet.shown(element, f"{label}!{sheet.title or sheet.position}"):
                            yield sheet.position, sheet.title, row
                if in_row == 0 and parents:
                    parents[-1].remove(element)
    except (ParseError, DefusedXmlException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise UnreadableExport(
            f"{label}!{CONTENT}", "reading", f"not a readable spreadsheet ({exc})"
        ) from exc


@dataclass
class _Sheet:
    """The sheet being read: how many rows it has shown, and how many empty ones wait on a row
    that is not empty (empty rows after the last are never shown)."""

    position: int
    title: str
    rows: int = 0
    empty: int = 0

    def shown(self, element: Element, where: str) -> list[_Row]:
        """The rows a row element shows, the empty ones before it first."""
        row, repeats = _row(element, where), _count(element, _ROWS_REPEATED, where)
        if row.empty():
            self.empty += repeats
            return []
        self.rows += self.empty + repeats
        if self.rows > MAX_ROWS:
            raise UnreadableExport(where, f"row {self.rows}", "more rows than a sheet holds")
        shown = [_Row()] * self.empty + [row] * repeats
        self.empty = 0
        return shown


def _row(element: Element, where: str) -> _Row:
    """A row's cells as text, a repeated cell as often as it is repeated, trailing empty cells
    left out (writers repeat an empty cell to the sheet's last column)."""
    row, empty = _Row(), 0
    for cell in element:
        if cell.tag not in _CELLS:
            continue
        repeats = _count(cell, _COLUMNS_REPEATED, where)
        text, note = _shown(cell), _note(cell)
        if not text and not note:
            empty += repeats
            continue
        if len(row.cells) + empty + repeats > MAX_COLUMNS:
            raise UnreadableExport(where, "a row", "more columns than a sheet holds")
        row.cells.extend([""] * empty)
        empty = 0
        if note:
            row.notes[len(row.cells)] = note
        row.cells.extend([text] * repeats)
        row.size += len(text) * repeats + len(note)
    return row


def _count(element: Element, attribute: str, where: str) -> int:
    declared = element.get(attribute)
    if declared is None:
        return 1
    if not _digits(declared) or int(declared) < 1:
        raise UnreadableExport(where, "a row", f"a repeat count that is not a number: {declared!r}")
    return int(declared)


def _digits(declared: str) -> bool:
    """Whether a count is written in the digits 0-9 (`str.isdigit` takes '²', which `int`
    refuses)."""
    return declared.isascii() and declared.isdigit()


def _shown(cell: Element) -> str:
    """What the cell shows: its typed value where it has one (text beside it that holds
    letters kept after it), else its text. A string value given as an attribute is what
    LibreOffice shows in place of the text, so both are read when they differ."""
    shown = "\n".join(_lines(cell))
    kind = cell.get(_VALUE_TYPE)
    if kind not in _TYPED:
        string = cell.get(_STRING_VALUE)
        return shown if string in (None, shown) else " ".join(filter(None, (string, shown)))
    typed = cell.get(f"{{{_OFFICE}}}{_TYPED[kind]}")
    if typed is None:
        return shown
    if kind == "float" and typed.endswith(".0"):
        typed = typed[:-2]
    return f"{typed} {shown}" if any(c.isalpha() for c in shown) else typed


def _lines(element: Element) -> Iterator[str]:
    """Each paragraph's text under `element`, nested lists and tables included, notes not."""
    for child in element:
        if child.tag in _PARAGRAPHS:
            yield _text(child)
        elif child.tag != _ANNOTATION:
            yield from _lines(child)


def _note(cell: Element) -> str:
    return "\n".join(line for note in cell.iter(_ANNOTATION) for line in _lines(note))


def _text(paragraph: Element) -> str:
    """A paragraph's text as shown: spans and links read through, `text:s` as its spaces."""
    parts = [paragraph.text or ""]
    for child in paragraph:
        if child.tag == _SPACES:
            spaces = child.get(_SPACE_COUNT, "1")
            parts.append(" " * min(int(spaces) if _digits(spaces) else 1, 1024))
        elif child.tag in _BREAKS:
            parts.append(_BREAKS[child.tag])
        elif child.tag != _ANNOTATION:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
