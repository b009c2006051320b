"""Streaming record readers: JSON (large arrays), XML, and full CSV/NDJSON parsing.

Each yields (record ordinal, [(locator, value)]) one record at a time. XML is parsed with
entity expansion, DTDs and external entities refused (defusedxml), and nesting is capped.
`stream_records` and `xml_events` are the one way every reader (`scan`, bundle runs, the
checks) opens a stream, so a byte-order mark, an encoding or a comment before an XML
declaration is handled the same everywhere.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any, BinaryIO
from xml.etree.ElementTree import Element, ParseError

import ijson
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from firewall_conformance.detect.duplicates import AllValues, all_values
from firewall_conformance.detect.encoding import UTF8_BOM, sniff
from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.flat_json import flat_object
from firewall_conformance.detect.record import flatten_json
from firewall_conformance.detect.sources import Source
from firewall_conformance.detect.xml_references import watched
from firewall_conformance.detect.xmlhead import xml_stream

Fields = list[tuple[str, str]]
MAX_XML_DEPTH = 200
MAX_JSON_DEPTH = 200
HEAD_BYTES = 64 * 1024
# Built once: json.loads with a hook builds a new decoder on every call.
_EVERY_VALUE = json.JSONDecoder(object_pairs_hook=all_values)
_LAST_VALUE = json.JSONDecoder()
_DEPTH_CHANGE = {"start_map": 1, "start_array": 1, "end_map": -1, "end_array": -1}


def _record_prefix(prefix: str) -> bool:
    """Items of the first array level: 'item' (top-level array) or 'persons.item'."""
    parts = prefix.split(".")
    return parts[-1] == "item" and "item" not in parts[:-1]


def _json_path(prefix: str, index: int) -> str:
    base = prefix.removesuffix("item").rstrip(".")
    return f"$.{base}[{index}]" if base else f"$[{index}]"


def json_records(stream: BinaryIO, label: str) -> Iterator[tuple[int, Fields]]:
    """Each element of the first array level is a record; loose top-level values are one more.

    Paths are tracked here rather than with ijson's prefixes, whose cost grows with nesting
    depth on every event; nesting past MAX_JSON_DEPTH is refused."""
    stack: list[list[str]] = []  # ["map", current key] or ["array", "item"]
    builder: Any = None
    building = ""
    depth = ordinal = 0
    counters: dict[str, int] = {}
    loose: Fields = []
    try:
        for event, value in ijson.basic_parse(stream, use_float=True):
            if builder is not None:
                builder.event(event, value)
                depth += _DEPTH_CHANGE.get(event, 0)
                if depth > MAX_JSON_DEPTH:
                    raise UnreadableExport(
                        label, "JSON", f"nested deeper than {MAX_JSON_DEPTH} levels; refused"
                    )
                if depth == 0:
                    ordinal += 1
                    index = counters.get(building, 0)
                    counters[building] = index + 1
                    yield ordinal, list(flatten_json(builder.value, _json_path(building, index)))
                    builder = None
                continue
            if event == "map_key":
                stack[-1][1] = value
                continue
            if event in ("end_map", "end_array"):
                stack.pop()
                continue
            prefix = ".".join(part for _, part in stack)
            if _record_prefix(prefix) and event in ("start_map", "start_array"):
                builder, building, depth = ijson.ObjectBuilder(map_type=AllValues), prefix, 1
                builder.event(event, value)
            elif event in ("start_map", "start_array"):
                if len(stack) >= MAX_JSON_DEPTH:
                    raise UnreadableExport(
                        label, "JSON", f"nested deeper than {MAX_JSON_DEPTH} levels; refused"
                    )
                stack.append(["map", ""] if event == "start_map" else ["array", "item"])
            elif _record_prefix(prefix):
                ordinal += 1
                index = counters.get(prefix, 0)
                counters[prefix] = index + 1
                yield ordinal, [(_json_path(prefix, index), str(value))]
            elif value is not None:
                loose.append((f"$.{prefix}" if prefix else "$", str(value)))
    except ijson.IncompleteJSONError as exc:
        raise UnreadableExport(label, "JSON", f"the JSON is cut off or malformed ({exc})") from exc
    except ijson.JSONError as exc:
        raise UnreadableExport(label, "JSON", f"not valid JSON ({exc})") from exc
    if loose:
        yield ordinal + 1, loose


def _local(tag: str, prefixes: dict[str, str]) -> str:
    if tag.startswith("{"):
        uri, _, name = tag[1:].partition("}")
        prefix = prefixes.get(uri)
        return f"{prefix}:{name}" if prefix else name
    return tag


def element_fields(element: Element, path: str, prefixes: dict[str, str]) -> Fields:
    """Text and attribute values of an element's subtree, each with an XPath-like locator."""
    fields: Fields = []
    stack = [(element, path)]
    while stack:
        node, where = stack.pop()
        for name, value in node.attrib.items():
            fields.append((f"{where}/@{_local(name, prefixes)}", value))
        if node.text and node.text.strip():
            fields.append((where, node.text.strip()))
        seen: dict[str, int] = {}
        children = []
        mixed = bool(node.text and node.text.strip())
        for child in node:
            name = _local(child.tag, prefixes)
            seen[name] = seen.get(name, 0) + 1
            children.append((child, f"{where}/{name}[{seen[name]}]"))
            if child.tail and child.tail.strip():
                # Text after a child's end tag is the parent's, and sent like any other.
                fields.append((where, child.tail.strip()))
                mixed = True
        if mixed and children:
            # Text cut by markup (<name>Ba<b>kofadi</b></name>) is read as it reads, whole.
            fields.append((where, "".join(node.itertext()).strip()))
        stack.extend(reversed(children))
    return fields


def safe_iterparse(
    stream: BinaryIO, label: str, events: tuple[str, ...] = ("start", "end")
) -> Iterator[tuple[str, Any]]:
    """iterparse with entities and external references refused (a document type declaration
    alone is read past, its DTD never fetched; a reference to an entity that DTD would define,
    which the parser drops from an attribute unread, is refused: `xml_references`), nesting
    capped, and errors located."""
    depth = 0
    source, watch = watched(stream)
    try:
        for event, item in iterparse(source, events=events, forbid_dtd=False):
            if watch.unreadable:
                raise UnreadableExport(
                    label,
                    "XML",
                    "refused: it names a DTD, which is not read, and refers to an entity only "
                    "that DTD could define, so a value would read as empty",
                )
            if event in ("start", "end"):
                depth += 1 if event == "start" else -1
                if depth > MAX_XML_DEPTH:
                    raise UnreadableExport(
                        label, "XML", f"nested deeper than {MAX_XML_DEPTH} levels; refused"
                    )
            yield event, item
    except DefusedXmlException as exc:
        raise UnreadableExport(
            label,
            "XML",
            f"refused: it declares entities ({type(exc).__name__}), which can expand or fetch data",
        ) from exc
    except ParseError as exc:
        raise UnreadableExport(
            label, f"XML line {exc.position[0]}", f"not well-formed XML ({exc.msg})"
        ) from exc


def _unparsed(item: Element) -> str:
    """The text of a comment or processing instruction (its target included)."""
    return (item.text or "").strip()


def xml_records(stream: BinaryIO, label: str) -> Iterator[tuple[int, Fields]]:
    """Each child of the document element is a record, read and then released. Comments,
    processing instructions, namespace URIs and text between records are sent too: each is
    read with the record it stands in, or the next one (the last with the document element's
    own)."""
    prefixes: dict[str, str] = {}
    root_path = ""
    depth = 0
    ordinal = 0
    seen: dict[str, int] = {}
    root: Element | None = None
    released: Element | None = None
    loose: Fields = []
    for event, item in safe_iterparse(stream, label, ("start", "end", "start-ns", "comment", "pi")):
        if released is not None and released.tail and released.tail.strip():
            loose.append((root_path, released.tail.strip()))
        released = None
        if event == "start-ns":
            prefix, uri = item
            prefixes.setdefault(uri, prefix or "")
            # A namespace's URI is sent as written, though tags are named by its prefix.
            loose.append((f"{root_path}/namespace::{prefix or 'default'}", uri))
            continue
        if event in ("comment", "pi"):
            if _unparsed(item):
                loose.append((f"{root_path}/{event}()", _unparsed(item)))
            continue
        if event == "start":
            depth += 1
            if depth == 1:
                root, root_path = item, "/" + _local(item.tag, prefixes)
            continue
        depth -= 1
        if depth == 1 and root is not None:
            name = _local(item.tag, prefixes)
            seen[name] = seen.get(name, 0) + 1
            ordinal += 1
            path = f"{root_path}/{name}[{seen[name]}]"
            yield ordinal, element_fields(item, path, prefixes) + loose
            loose = []
            root.remove(item)
            released = item
        elif depth == 0 and root is not None:
            own = [(f"{root_path}/@{_local(k, prefixes)}", v) for k, v in root.attrib.items()]
            if root.text and root.text.strip():
                own.append((root_path, root.text.strip()))
            own += loose
            loose = []
            if own:
                ordinal += 1
                yield ordinal, own
    if loose:
        yield ordinal + 1, loose


def parse_json_line(line: str, label: str, where: str, every_value: bool = False) -> Any:
    """One NDJSON line; malformed or absurdly nested input is refused, not raised raw. A record
    is read with `every_value`: a key given twice keeps both values (`duplicates`); a flat
    one is read fast where its text allows (`flat_json`)."""
    if every_value and (flat := flat_object(line)) is not None:
        return flat
    try:
        if line.startswith("\ufeff"):  # json.loads refuses a byte-order mark; decode() does not
            return json.loads(line, object_pairs_hook=all_values if every_value else None)
        return (_EVERY_VALUE if every_value else _LAST_VALUE).decode(line)
    except json.JSONDecodeError as exc:
        raise UnreadableExport(label, where, f"not JSON ({exc.msg})") from exc
    except RecursionError as exc:
        raise UnreadableExport(label, where, "JSON nested too deeply; refused") from exc


def csv_fields(header: list[str] | None, row: list[str], label: str, line: int) -> Fields:
    """One CSV row as (column, value) pairs; a row whose length is not the header's is refused."""
    if header is not None and len(row) != len(header):
        raise UnreadableExport(
            label, f"line {line}", f"{len(row)} fields, header has {len(header)}"
        )
    return list(zip(header or [], row, strict=True))


def line_records(
    stream: BinaryIO, fmt: str, encoding: str, label: str
) -> Iterator[tuple[int, Fields]]:
    """Every record of a CSV or NDJSON stream, fully parsed (for checks that need every record,
    not only the lines a canary search points at). Records are numbered by the line they start on."""
    text = io.TextIOWrapper(stream, encoding=encoding, newline="", errors="strict")
    try:
        if fmt == "csv":
            reader = csv.reader(text)
            header = next(reader, None)
            start = reader.line_num + 1
            for row in reader:
                yield start, csv_fields(header, row, label, start)
                start = reader.line_num + 1
            return
        for number, line in enumerate(text, start=1):
            if line.strip():
                yield (
                    number,
                    list(flatten_json(parse_json_line(line, label, f"line {number}", True), "$")),
                )
    except UnicodeDecodeError as exc:
        raise UnreadableExport(label, "text", f"not valid {encoding} ({exc.reason})") from exc
    except csv.Error as exc:
        raise UnreadableExport(label, "CSV", str(exc)) from exc


def buffered_stream(stream: BinaryIO) -> io.BufferedReader:
    return stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)  # type: ignore[arg-type]


def stream_records(
    stream: BinaryIO, fmt: str | None, label: str, encoding: str | None = None
) -> Iterator[tuple[int, Fields]]:
    """Every record of one stream in `fmt`: text decoded as its BOM, the declared `encoding` or
    its head says; JSON without a BOM; XML with its head repaired (`xmlhead`)."""
    if fmt == "xml":
        yield from xml_records(xml_stream(stream, encoding), label)
        return
    buffered = buffered_stream(stream)
    if fmt == "json":
        if buffered.peek(len(UTF8_BOM)).startswith(UTF8_BOM):
            buffered.read(len(UTF8_BOM))
        yield from json_records(buffered, label)
        return
    if fmt not in ("csv", "ndjson"):
        raise UnreadableExport(
            label, "format", "unknown format (name it: csv, ndjson, json or xml)"
        )
    codec = sniff(buffered.peek(HEAD_BYTES)[:HEAD_BYTES], encoding)
    if codec == "utf-8-sig":
        buffered.read(len(UTF8_BOM))
        codec = "utf-8"
    yield from line_records(buffered, fmt, codec, label)


def source_records(source: Source, encoding: str | None = None) -> Iterator[tuple[int, Fields]]:
    """Every record of one source (a file or an archive member), read by `stream_records`."""
    with source.open() as stream:
        yield from stream_records(stream, source.format, source.label, encoding)


def xml_events(
    source: Source, encoding: str | None = None, events: tuple[str, ...] = ("start", "end")
) -> Iterator[tuple[str, Any]]:
    """Parse events of one XML source, its head repaired as every reader repairs it."""
    with source.open() as stream:
        yield from safe_iterparse(xml_stream(stream, encoding), source.label, events)
