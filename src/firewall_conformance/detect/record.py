"""Attributing hits inside one record: the pure core every reader and engine shares.

`scan_fields` takes one record's (field, value) pairs and returns located findings. It holds
no state, so it runs the same inside the embedded scanner or a distributed engine's workers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from firewall_conformance.detect.across_fields import across_fields
from firewall_conformance.detect.initials import ATTRIBUTE as INITIALS
from firewall_conformance.detect.initials import initials_seen
from firewall_conformance.detect.matcher import CanaryMatcher, Pattern
from firewall_conformance.detect.memo import NAMES_REMEMBERED

# A list position or an XML sibling count: part of a path that no planted value can be.
_POSITION = re.compile(r"\[\d+\]")
AS_NAME = "as a key or tag name"


@dataclass(frozen=True)
class Finding:
    """One planted value seen in egress, and exactly where (`unit` says whether `record` is a
    line number or the ordinal of a record in the file)."""

    persona: str
    role: str
    attribute: str
    variant: str
    source: str
    record: int
    field: str
    identifying: bool
    unit: str = "record"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@lru_cache(maxsize=NAMES_REMEMBERED)
def _flat_paths(path: str, keys: tuple[str, ...]) -> tuple[str, ...]:
    """The paths of a flat object's keys: records of one export share them."""
    return tuple(f"{path}.{key}" for key in keys)


def flatten_json(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Leaf values of a JSON document with their JSON paths (`$.persons[0].family_name`)."""
    if isinstance(value, dict) and not any(isinstance(v, (dict, list)) for v in value.values()):
        return iter(flat_fields(value, path))
    return _walk(value, path)


def flat_fields(document: dict[str, Any], path: str = "$") -> list[tuple[str, str]]:
    """The leaves of an object that holds no object or list, the common record, in order and
    without the walk."""
    paths = _flat_paths(path, tuple(document))
    if None not in document.values():
        return list(zip(paths, map(str, document.values()), strict=True))
    return [(p, str(v)) for p, v in zip(paths, document.values(), strict=True) if v is not None]


def _walk(value: Any, path: str) -> Iterator[tuple[str, str]]:
    stack = [(path, value)]
    while stack:
        where, current = stack.pop()
        if isinstance(current, dict):
            stack.extend((f"{where}.{k}", v) for k, v in reversed(list(current.items())))
        elif isinstance(current, list):
            stack.extend((f"{where}[{i}]", v) for i, v in reversed(list(enumerate(current))))
        elif current is not None:
            yield where, str(current)


def names_on_paths(fields: list[tuple[str, str]]) -> dict[str, str]:
    """Each path of one record, its list positions taken out, with the first locator it stands
    for: a planted value used as a key, column or tag name (`{"Ada Lovelace": {...}}`,
    `<AdaLovelace>`) is written there, not in any value. A path is matched whole, not cut at
    its separators, as a key may itself hold dots or an @ (an e-mail address) or be all
    digits (a document number)."""
    names: dict[str, str] = {}
    for locator, _ in fields:
        names.setdefault(_POSITION.sub("", locator), locator)
    return names


def _hits(matcher: CanaryMatcher, fields: list[tuple[str, str]]) -> Iterator[tuple[str, Pattern]]:
    """Each planted value in a field's value, then in a name on the record's paths, then run
    over neighbouring fields (across_fields.py)."""
    found: set[str] = set()
    for name, value in fields:
        for hit in matcher.value_hits(value):
            found.add(hit.persona)
            yield name, hit
    seen: set[Pattern] = set()
    for path, where in names_on_paths(fields).items():
        for hit in matcher.name_hits(path):
            if hit not in seen:
                seen.add(hit)
                found.add(hit.persona)
                yield where, hit._replace(variant=f"{hit.variant} {AS_NAME}")
    yield from across_fields(matcher, fields, found)


def scan_fields(
    matcher: CanaryMatcher,
    source: str,
    record: int,
    fields: list[tuple[str, str]],
    unit: str = "record",
) -> list[Finding]:
    """Findings in one record, in its values and in the names on its paths. A given name and a
    family name of the same persona in two different fields of one record also count
    together as a split name."""
    findings = []
    given: dict[str, str] = {}
    family: dict[str, str] = {}
    for name, hit in _hits(matcher, fields):
        findings.append(
            Finding(
                hit.persona,
                hit.role,
                hit.attribute,
                hit.variant,
                source,
                record,
                name,
                hit.identifying,
                unit,
            )
        )
        if hit.attribute == "given_name":
            given.setdefault(hit.persona, name)
        elif hit.attribute == "family_name":
            family.setdefault(hit.persona, name)
    roles = {f.persona: f.role for f in findings}
    for persona, given_field in given.items():
        family_field = family.get(persona)
        if family_field and family_field != given_field:
            findings.append(
                Finding(
                    persona,
                    roles[persona],
                    "full_name",
                    "split-name",
                    source,
                    record,
                    f"{given_field} + {family_field}",
                    True,
                    unit,
                )
            )
    # A date of birth with nothing naming its person: her initials beside it attribute it.
    named = {f.persona for f in findings if f.identifying}
    dated = {
        f.persona: f.role
        for f in findings
        if f.attribute == "date_of_birth" and f.persona not in named
    }
    for persona, role, field in initials_seen(matcher, dated, fields):
        findings.append(
            Finding(persona, role, INITIALS, INITIALS, source, record, field, False, unit)
        )
    return findings
