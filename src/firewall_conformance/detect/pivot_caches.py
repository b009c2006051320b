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
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse

from firewall_conformance.detect.csv_stream import buffered
from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.workbook_parts import MAX_PART_READ_WHOLE

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_RECORDS_TYPE = "/pivotCacheRecords"
_DEFINITION_TYPE = "/pivotCacheDefinition"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_DEFINITION = re.compile(r"xl/pivotCache/pivotCacheDefinition\d*\.xml", re.IGNORECASE)
_NUMBER = re.compile(r"(\d+)\.xml$", re.IGNORECASE)
_RECORD = f"{_MAIN}r"
_INDEX = f"{_MAIN}x"
_VALUES = {f"{_MAIN}{kind}" for kind in ("s", "n", "b", "d", "e")}
_MISSING = f"{_MAIN}m"
# Excel's widest sheet: no record of a cache made from one has more cells, and one with
# millions (a few kilobytes zipped) would be held whole in memory.
MAX_CELLS = 16_384


def cache_sources(
    path: Path, members: Sequence[zipfile.ZipInfo], label: str
) -> list[tuple[str, Callable[[], io.BufferedReader]]]:
    """Each pivot cache: its label and how to open it as CSV. A cache is found by the
    workbook's relationships as well as by Excel's part name, as another writer may name it
    otherwise, and is read even without a records part, as its fields' items remain."""
    names = {info.filename.lower(): info.filename for info in members}
    sizes = {info.filename: info.file_size for info in members}
    definitions = {names[name.lower()] for name in names.values() if _DEFINITION.fullmatch(name)}
    if _WORKBOOK_RELS in names:
        for relationship in _read(path, names[_WORKBOOK_RELS], label):
            if relationship.get("Type", "").endswith(_DEFINITION_TYPE):
                part = _part("xl", relationship.get("Target", "")).lower()
                if part in names:
                    definitions.add(names[part])
    found = []
    for at, definition in enumerate(sorted(definitions), start=1):
        number = _NUMBER.search(definition)
        where = f"{label}!pivot cache {number[1] if number else at}"
        if sizes[definition] > MAX_PART_READ_WHOLE:
            raise UnreadableExport(
                where,
                "opening",
                f"its definition is more than {MAX_PART_READ_WHOLE // 1024**2} MiB",
            )
        records = _records_part(path, definition, names, label)
        found.append((where, _opener(path, definition, records, where)))
    return found


def _part(folder: str, target: str) -> str:
    """A relationship's target as a part name: from the archive's root when it starts with
    '/', else from the folder of the part that names it."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(f"{folder}/{target}")


def _records_part(path: Path, definition: str, names: dict[str, str], label: str) -> str | None:
    """The records part the definition's relationships name, if it is in the archive."""
    folder, name = definition.rsplit("/", 1)
    rels = f"{folder}/_rels/{name}.rels".lower()
    if rels not in names:
        return None
    for relationship in _read(path, names[rels], label):
        if relationship.tag == _RELATIONSHIPS and relationship.get("Type", "").endswith(
            _RECORDS_TYPE
        ):
            return names.get(_part(folder, relationship.get("Target", "")).lower())
    return None


def _read(path: Path, part: str, label: str) -> Element:
    try:
        with zipfile.ZipFile(path) as archive:
            return fromstring(archive.read(part), forbid_dtd=True)
    except (ParseError, DefusedXmlException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise UnreadableExport(f"{label}!{part}", "reading", f"not readable ({exc})") from exc


def _opener(
    path: Path, definition: str, records: str | None, where: str
) -> Callable[[], io.BufferedReader]:
    def opened() -> io.BufferedReader:
        return buffered(_rows(path, definition, records, where), "utf-8")

    return opened


def _rows(path: Path, definition: str, records: str | None, where: str) -> Iterator[list[str]]:
    """The fields' names, then each record with its shared-item indexes resolved, then each
    shared item no record names, alone under its field: Excel keeps the items of records
    gone from the source (its "missing items") and every item of a cache saved without its
    records, and what they say is still in the workbook."""
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
    named: list[set[int]] = [set() for _ in fields]
    if records is not None:
        yield from _records(path, records, fields, named, where)
    for at, (_, items) in enumerate(fields):
        for index, item in enumerate(items):
            if index not in named[at] and item:
                yield [""] * at + [item] + [""] * (len(fields) - at - 1)


def _records(
    path: Path, records: str, fields: list[tuple[str, list[str]]], named: list[set[int]], where: str
) -> Iterator[list[str]]:
    """Each record, streamed: a record read is dropped from the tree, so memory holds one."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open(records) as stream:
            root = None
            for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
                if root is None:
                    root = element
                elif event == "end" and element.tag == _RECORD:
                    yield _record(element, fields, named, where)
                    root.clear()
    except (ParseError, DefusedXmlException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise UnreadableExport(where, "reading", f"not readable ({exc})") from exc


def _shared_items(field: Element) -> list[Element]:
    shared = field.find(f"{_MAIN}sharedItems")
    return [] if shared is None else list(shared)


def _record(
    element: Element, fields: list[tuple[str, list[str]]], named: list[set[int]], where: str
) -> list[str]:
    """One record's cells, in its fields' order; a cell past the last field is kept, under
    no field's name, since what it holds is still in the workbook."""
    if len(element) > MAX_CELLS:
        raise UnreadableExport(where, "a record", f"more than {MAX_CELLS:,} cells; refused")
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
            named[at].add(int(index))
        elif cell.tag in _VALUES or cell.tag == _MISSING:
            cells.append(_value(cell))
    return cells


def _value(item: Element) -> str:
    """A cached value as an export would write it: a date's time left off at midnight; an
    OLAP member's caption, which Excel shows, where its value is the cube's key for it."""
    value = item.get("c") or item.get("v") or ""
    if item.tag == f"{_MAIN}d" and value.endswith("T00:00:00"):
        return value.removesuffix("T00:00:00")
    return value
