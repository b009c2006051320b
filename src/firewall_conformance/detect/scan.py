"""Scanning egress for canaries, with every hit located to a record and field."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.readers import ExportReader, flatten_json


@dataclass(frozen=True)
class Finding:
    """One planted value seen in egress, and exactly where."""

    persona: str
    role: str
    attribute: str
    variant: str
    source: str
    record: int
    field: str
    identifying: bool

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ScanReport:
    source: str
    records: int = 0
    bytes: int = 0
    findings: list[Finding] = field(default_factory=list)

    def personas_found(self, *, identifying_only: bool = True) -> set[str]:
        """Personas attributed by at least one (identifying) hit."""
        return {f.persona for f in self.findings if f.identifying or not identifying_only}


def scan_fields(
    matcher: CanaryMatcher, source: str, record: int, fields: list[tuple[str, str]]
) -> list[Finding]:
    """Findings in one record's fields; the pure core a distributed engine can run too."""
    return [
        Finding(
            persona=hit.pattern.persona,
            role=hit.pattern.role,
            attribute=hit.pattern.attribute,
            variant=hit.pattern.variant,
            source=source,
            record=record,
            field=name,
            identifying=hit.pattern.identifying,
        )
        for name, value in fields
        for hit in matcher.hits(value)
    ]


def scan_export(matcher: CanaryMatcher, path: Path, fmt: str, source: str) -> ScanReport:
    """Stream one export file through the matcher."""
    reader = ExportReader(path, fmt)
    report = ScanReport(source=source)
    for number, fields in reader.records():
        report.records = number
        report.findings.extend(scan_fields(matcher, source, number, fields))
    report.bytes = reader.bytes_read
    return report


def scan_document(matcher: CanaryMatcher, document: Any, source: str) -> ScanReport:
    """Scan one JSON response body (e.g. a disclosure's payload) as a single record."""
    fields = list(flatten_json(document, "$"))
    raw = sum(len(v) for _, v in fields)
    return ScanReport(
        source=source,
        records=1,
        bytes=raw,
        findings=scan_fields(matcher, source, 1, fields),
    )
