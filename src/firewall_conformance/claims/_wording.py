"""Small helpers for plain-English reasons."""

from __future__ import annotations

from collections.abc import Iterable

from firewall_conformance.detect.scan import Finding


def located(findings: Iterable[Finding], limit: int = 4) -> str:
    """Where findings were, one phrase per record: 'the witness in the csv export for
    immigration-enforcement, line 20 (family name, passport number as sha256)'."""
    by_record: dict[tuple[str, str, str, int], list[str]] = {}
    for f in findings:
        attributes = by_record.setdefault((f.persona, f.source, f.unit, f.record), [])
        name = f.attribute.replace("_", " ") + (
            "" if f.variant in ("plain", "iso") else f" as {f.variant}"
        )
        if name not in attributes:
            attributes.append(name)
    shown = [
        f"{persona} in {source}, {unit} {record} ({', '.join(attributes)})"
        for (persona, source, unit, record), attributes in list(by_record.items())[:limit]
    ]
    more = len(by_record) - limit
    return "; ".join(shown) + (f"; and {more} more records" if more > 0 else "")
