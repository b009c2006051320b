"""Scanning egress for canaries: every file format, every hit located to a record and field."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from firewall_conformance.detect.encoding import UTF8_BOM, sniff
from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.file_spans import plain_file
from firewall_conformance.detect.linescan import Place, scan_lines
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.record import Finding, flatten_json, scan_fields
from firewall_conformance.detect.sources import Source, open_sources
from firewall_conformance.detect.structured import stream_records

HEAD_BYTES = 64 * 1024

__all__ = ["Finding", "ScanReport", "UnreadableExport", "scan_document", "scan_export", "scan_path"]


@dataclass
class ScanReport:
    source: str
    format: str = ""
    encoding: str = ""
    records: int = 0
    bytes: int = 0
    findings: list[Finding] = field(default_factory=list)

    def personas_found(self, *, identifying_only: bool = True) -> set[str]:
        """Personas attributed by at least one (identifying) hit."""
        return {f.persona for f in self.findings if f.identifying or not identifying_only}


class _Counting(io.RawIOBase):
    """Counts bytes a structured parser pulls, for 'bytes examined'. Reads hand on what the
    stream gives without copying it again (the line scanner reads a chunk at a time and then
    the rest of its last line)."""

    def __init__(self, inner: BinaryIO, head: bytes) -> None:
        self._inner, self._head, self.count = inner, head, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        size = -1 if size is None else size
        if not self._head:
            data = self._inner.read(size)
        elif size < 0:
            data, self._head = self._head + self._inner.read(), b""
        else:
            data, self._head = self._head[:size], self._head[size:]
        self.count += len(data)
        return data

    def readline(self, size: int | None = -1) -> bytes:
        if self._head:
            return super().readline(size)
        line = self._inner.readline(-1 if size is None else size)
        self.count += len(line)
        return line

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def line_input(
    stream: BinaryIO, head: bytes, encoding: str | None
) -> tuple[str, str, BinaryIO, Place | None]:
    """For a CSV or NDJSON stream of which `head` is read: the encoding its report names, the
    codec its lines are read in, the stream to read them from, its head first (a UTF-8
    byte-order mark left out), counting what is read, and where that stream lies in a plain
    file when it reads one as it is (`file_spans`)."""
    named = sniff(head, encoding)
    body = head.removeprefix(UTF8_BOM) if named == "utf-8-sig" else head
    codec = "utf-8" if named == "utf-8-sig" else named
    path = plain_file(stream)
    place = None if path is None else (path, stream.tell() - len(body))
    return named, codec, _Counting(stream, body), place  # type: ignore[return-value]


def scan_source(matcher: CanaryMatcher, source: Source, encoding: str | None) -> ScanReport:
    """The canary scan of one stream."""
    fmt = source.format
    if fmt is None:
        raise UnreadableExport(
            source.label, "format", "unknown format (name it: csv, ndjson, json or xml)"
        )
    report = ScanReport(source=source.label, format=fmt)
    with source.open() as stream:
        head = stream.read(HEAD_BYTES)
        if fmt in ("csv", "ndjson"):
            report.encoding, codec, lines, place = line_input(stream, head, encoding)
            scan = scan_lines(matcher, lines, fmt, source.label, codec, place=place)
            report.records, report.bytes, report.findings = scan.records, scan.bytes, scan.findings
            return report
        counted = _Counting(stream, head)
        reader = io.BufferedReader(counted, 1 << 20)
        report.encoding = "declared" if fmt == "xml" else "utf-8"
        for ordinal, fields in stream_records(reader, fmt, source.label, encoding):
            report.records = ordinal
            report.findings += scan_fields(matcher, source.label, ordinal, fields)
        report.bytes = counted.count
    return report


def scan_path(
    matcher: CanaryMatcher, path: Path, fmt: str | None = None, encoding: str | None = None
) -> Iterator[ScanReport]:
    """One report per stream in `path` (a file, a .gz, or each member of a .zip)."""
    for source in open_sources(path, fmt):
        yield scan_source(matcher, source, encoding)


def scan_export(matcher: CanaryMatcher, path: Path, fmt: str, source: str) -> ScanReport:
    """Scan one fetched export of a known format, labelled as the channel it came from."""
    reports = list(scan_path(matcher, path, fmt))
    report = ScanReport(source=source, format=fmt, encoding=reports[0].encoding if reports else "")
    for part in reports:
        report.records += part.records
        report.bytes += part.bytes
        report.findings += [
            Finding(
                f.persona,
                f.role,
                f.attribute,
                f.variant,
                source,
                f.record,
                f.field,
                f.identifying,
                f.unit,
            )
            for f in part.findings
        ]
    return report


def scan_document(matcher: CanaryMatcher, document: Any, source: str) -> ScanReport:
    """Scan one JSON response body (e.g. a disclosure's payload) as a single record."""
    fields = list(flatten_json(document, "$"))
    return ScanReport(
        source=source,
        format="json",
        records=1,
        bytes=sum(len(v) for _, v in fields),
        findings=scan_fields(matcher, source, 1, fields),
    )
