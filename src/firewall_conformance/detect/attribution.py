"""When findings attribute a record to a planted persona.

Every planted value of a persona is made unique to the run (personas.py, egress.py
`fresh_cast`), so one hit on any of them is hers: a name part, a document number, a phone
number, an e-mail address or an address alone. A date of birth is shared with too many real
people to stand alone; beside a second planted value of the same persona (or her case
reference) in one record, it attributes that record too.
"""

from __future__ import annotations

from collections.abc import Iterable

from firewall_conformance.detect.record import Finding


def attributed(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that attribute their record to their persona."""
    by_record: dict[tuple[str, str, int, str], list[Finding]] = {}
    for finding in findings:
        key = (finding.source, finding.unit, finding.record, finding.persona)
        by_record.setdefault(key, []).append(finding)
    kept: list[Finding] = []
    for group in by_record.values():
        if any(f.identifying for f in group) or len({f.attribute for f in group}) >= 2:
            kept.extend(group)
    return kept
