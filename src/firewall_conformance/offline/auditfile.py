"""Reading the audit log handed over in a bundle, keeping each entry exactly as written so
its hash chain can be recomputed independently."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import ijson

from firewall_conformance.detect.duplicates import OneReading, RepeatedKey, repeated_keys
from firewall_conformance.detect.encoding import sniff
from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.sources import open_sources
from firewall_conformance.detect.structured import parse_json_line
from firewall_conformance.offline.profile import AuditLogSpec


class AuditLogMismatch(Exception):
    """The audit log is missing, or lacks a field its profile maps."""


@dataclass
class AuditLogReading:
    spec: AuditLogSpec
    raw: list[dict[str, Any]] = field(default_factory=list)
    unreadable: str | None = None


def _entries(spec: AuditLogSpec) -> Iterator[dict[str, Any]]:
    for source in open_sources(spec.path, spec.format):
        with source.open() as stream:
            if spec.format == "json":
                try:
                    yield from ijson.items(stream, "item", use_float=True, map_type=OneReading)
                except ijson.JSONError as exc:
                    raise UnreadableExport(source.label, "JSON", f"not valid JSON ({exc})") from exc
                except RepeatedKey as exc:
                    raise UnreadableExport(source.label, "JSON", str(exc)) from exc
                continue
            head = stream.peek(64 * 1024)[: 64 * 1024]
            text = io.TextIOWrapper(stream, encoding=sniff(head), newline="", errors="strict")
            if spec.format == "csv":
                yield from csv.DictReader(text)
                continue
            for number, line in enumerate(text, start=1):
                if line.strip():
                    entry = _entry(line, source.label, f"line {number}")
                    if not isinstance(entry, dict):
                        raise UnreadableExport(source.label, f"line {number}", "not a JSON object")
                    yield entry


def _entry(line: str, label: str, where: str) -> Any:
    """One NDJSON entry, read one way only: a key given twice is refused, not read as its last
    value, since an entry that says two things cannot be evidence of either."""
    entry = parse_json_line(line, label, where, every_value=True)
    repeated = repeated_keys(entry)
    if repeated:
        raise UnreadableExport(label, where, str(RepeatedKey(repeated[0])))
    return entry


def read_audit_log(spec: AuditLogSpec) -> AuditLogReading:
    """Every entry of the log; raises AuditLogMismatch when the log does not match its profile."""
    if not spec.path.is_file():
        raise AuditLogMismatch(f"{spec.name}: no such file in the bundle (see audit_log.path)")
    reading = AuditLogReading(spec)
    try:
        reading.raw = list(_entries(spec))
    except (UnreadableExport, UnicodeDecodeError, json.JSONDecodeError) as exc:
        reading.unreadable = str(exc)
        return reading
    seen = {key for entry in reading.raw for key in entry}
    mapped = {source: f"fields.{name}" for name, source in spec.fields.items()}
    if spec.chain is not None:
        mapped[spec.chain.hash_field] = "hash_chain.hash_field"
        mapped[spec.chain.previous_field] = "hash_chain.previous_field"
    missing = {name: key for name, key in mapped.items() if name not in seen}
    if reading.raw and missing:
        shown = ", ".join(f"{name!r} (mapped as audit_log.{key})" for name, key in missing.items())
        raise AuditLogMismatch(f"{spec.name}: {shown} not in any of its entries")
    return reading
