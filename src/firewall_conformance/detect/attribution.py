"""When findings attribute a record to a planted persona.

Every planted value of a persona is made unique to the run (personas.py, egress.py
`fresh_cast`), so one hit on any of them is hers: a name part, a document number, a phone
number, an e-mail address or an address alone. A date of birth is shared with too many real
people to stand alone; beside a second planted value of the same persona (her case
reference, or her initials: initials.py) it attributes the record too. A given name is shared with more people still (a
real one is planted): it attributes nothing, alone or in a pair. In a JSON document, "beside" means in the same object
or one enclosing it (the person, and the case the person is in): one document can hold a whole
feed of cases, and a stranger born on the victim's birthday in one case, next to the victim's
case reference on another, is nobody's record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import combinations

from firewall_conformance.detect.record import Finding
from firewall_conformance.persons.personas import INCIDENTAL

_LAST_STEP = re.compile(r"(?:\.[^.\[]*|\[[^\]]*\])$")


def _object_of(field: str) -> str:
    """The JSON object a field stands in ('$.cases[3].persons[1]'); '' outside JSON paths,
    where the whole record is one object."""
    path = field.split(" + ", 1)[0]
    return _LAST_STEP.sub("", path) if path.startswith("$") else ""


def _within(inner: str, outer: str) -> bool:
    return inner == outer or (inner.startswith(outer) and inner[len(outer)] in ".[")


def _side_by_side(a: Finding, b: Finding) -> bool:
    first, second = _object_of(a.field), _object_of(b.field)
    if not first or not second:  # a column, a header, the text of a body: the whole record
        return True
    return _within(first, second) or _within(second, first)


def attributed(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that attribute their record to their persona."""
    by_record: dict[tuple[str, str, int, str], list[Finding]] = {}
    for finding in findings:
        key = (finding.source, finding.unit, finding.record, finding.persona)
        by_record.setdefault(key, []).append(finding)
    kept: list[Finding] = []
    for group in by_record.values():
        pairing = [f for f in group if f.attribute not in INCIDENTAL]
        if any(f.identifying for f in group) or any(
            a.attribute != b.attribute and _side_by_side(a, b) for a, b in combinations(pairing, 2)
        ):
            kept.extend(group)
    return kept
