"""A workbook's pivot caches, each read as a CSV export of the records it holds.

A pivot table keeps its own copy of every record it summarises, in the workbook, whether or
not the sheet it was made from is still there: a statistical return whose source sheet was
deleted before release still carries each victim's row, nationality and status remark in its
pivot cache. Releases under freedom of information have leaked personal data this way. So each
cache is read as rows under its fields' names: a record's cell is written either in place or
as an index into its field's shared items (`<x v="2"/>`), which is resolved here, so a status
scan can tell whose the value is.

The records part is streamed one record at a time (defusedxml, no DTD); the definition, which
holds the field names and shared items, is read whole and is bounded by the same limit as a
workbook's shared strings (workbooks.MAX_PART_READ_WHOLE, checked before anything is read).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse

from firewall_conformance.detect.csv_stream import buffered
from firewall_conformance.detect.errors import UnreadableExport

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_RECORDS_TYPE = "/pivotCacheRecords"
_DEFINITION = re.compile(r"xl/pivotCache/pivotCacheDefinition(\d*)\.xml", re.IGNORECASE)
_RECORD = f"{_MAIN}r"
_INDEX = f"{_MAIN}x"
_VALUES = {f"{_MAIN}{kind}" for kind in ("s", "n", "b", "d", "e")}
_MISSING = f"{_MAIN}m"


def cache_sources(
    path: Path, members: Sequence[zipfile.ZipInfo], label: str
) -> list[tuple[str, Callable[[], io.BufferedReader]]]:
    """Each pivot cache holding records: its label and how to open it as CSV."""
    names = {info.filename for info in members}
    found = []
    for match in sorted(filter(None, map(_DEFINITION.fullmatch, names)), key=lambda m: m[0]):
        definition = match[0]
        records = _records_part(path, definition, names, label)
        if records is not None:
            where = f"{label}!pivot cache {match[1] or 1}"
            found.append((where, _opener(path, definition, records, where)))
    return found


def _records_part(path: Path, definition: str, names: set[str], label: str) -> str | None:
    """The records part the definition's relationships name, if it is in the archive."""
    folder, name = definition.rsplit("/", 1)
    rels = f"{folder}/_rels/{name}.rels"
    if rels not in names:
        return None
    for relationship in _read(path, rels, label):
        if relationship.tag == _RELATIONSHIPS and relationship.get("Type", "").endswith(
            _RECORDS_TYPE
        ):
            target = relationship.get("Target", "").lstrip("/")
            part = target if target.startswith("xl/") else f"{folder}/{target}"
            return part if part in names else None
    return None


def _read(path: Path, part: str, label: str) -> Element:
    try:
        with zipfile.ZipFile(path) as archive:
            return fromstring(archive.read(part), forbid_dtd=True)
    except (ParseError, DefusedXmlException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise UnreadableExport(f"{label}!{part}", "reading", f"not readable ({exc})") from exc


def _opener(
    path: Path, definition: str, records: str, where: str
) -> Callable[[], io.BufferedReader]:
    def opened() -> io.BufferedReader:
        return buffered(_rows(path, definition, records, where), "utf-8")

    return opened


def _rows(path: Path, definition: str, records: str, where: str) -> Iterator[list[str]]:
    """The fields' names, then each record with its shared-item indexes resolved."""
    stored = [
        field
        for field in _read(path, definition, where).iter(f"{_MAIN}cacheField")
        if field.get("databaseField") not in ("0", "false")  # a calculated field is not stored
    ]
    fields = [
        (field.get("name") or f"field {at + 1}", [_value(i) for i in _shared_items(field)])
        for at, field in enumerate(stored)
    ]
    yield [name for name, _ in fields]
    try:
        with zipfile.ZipFile(path) as archive, archive.open(records) as stream:
            for _, element in iterparse(stream, events=("end",), forbid_dtd=True):
                if element.tag == _RECORD:
                    yield _record(element, fields, where)
                    element.clear()
    except (ParseError, DefusedXmlException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise UnreadableExport(where, "reading", f"not readable ({exc})") from exc


def _shared_items(field: Element) -> list[Element]:
    shared = field.find(f"{_MAIN}sharedItems")
    return [] if shared is None else list(shared)


def _record(element: Element, fields: list[tuple[str, list[str]]], where: str) -> list[str]:
    """One record's cells, in its fields' order; a cell past the last field is kept, under
    no field's name, since what it holds is still in the workbook."""
    cells = []
    for at, cell in enumerate(element):
        if cell.tag == _INDEX:
            items = fields[at][1] if at < len(fields) else []
            index = cell.get("v", "")
            if not index.isdigit() or int(index) >= len(items):
                raise UnreadableExport(
                    where, "a record", f"a shared item that is not there: {index!r}"
                )
            cells.append(items[int(index)])
        elif cell.tag in _VALUES or cell.tag == _MISSING:
            cells.append(_value(cell))
    return cells


def _value(item: Element) -> str:
    """A cached value as an export would write it: a date's time left off at midnight."""
    value = item.get("v", "")
    if item.tag == f"{_MAIN}d" and value.endswith("T00:00:00"):
        return value.removesuffix("T00:00:00")
    return value
