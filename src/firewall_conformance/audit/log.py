"""Audit log entries as the harness sees them, and independent hash-chain verification.

The harness never trusts a system's own "log verified" answer: it recomputes the chain from
the entries it read, under the rule the target profile declares.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.targets.templates import read


@dataclass(frozen=True)
class AuditEntry:
    """One log entry: `fields` under the harness's names, `raw` exactly as the target sent it,
    `kind` the harness request it records (disclose, export, ...) and whether it was refused."""

    fields: Mapping[str, Any]
    raw: Mapping[str, Any]
    kind: str | None
    refused: bool

    def get(self, name: str) -> Any:
        return self.fields.get(name)

    def mentions(self, identifier: str) -> bool:
        """True when the entry's object names this identifier."""
        return _names(str(self.fields.get("object") or ""), identifier)

    def text(self) -> str:
        """Every value of the entry as the target sent it, for claims about what it records
        anywhere (a reason, an approver, a basis record) whatever field the target uses."""
        return " ".join(str(value) for value in self.raw.values() if value is not None)

    def says(self, value: str) -> bool:
        """True when any field of the entry holds `value` as a whole token: a short id such
        as 'C1' must not match inside 'C12'."""
        return bool(value) and _names(self.text(), value)


def _names(text: str, identifier: str) -> bool:
    pattern = rf"(?<![\w-]){re.escape(identifier)}(?![\w-])"
    return re.search(pattern, text, flags=re.IGNORECASE) is not None


def holds_token(text: str, value: str) -> bool:
    """`AuditEntry.says` for text that is not a log entry (an item of an answer, flattened):
    True when `text` holds `value` as a whole token, case-insensitively."""
    return bool(value) and _names(text, value)


def entries_from(
    raw_entries: Sequence[Mapping[str, Any]],
    field_map: Mapping[str, Any],
    actions: Mapping[str, Sequence[str]],
    refused_outcomes: Sequence[str],
) -> list[AuditEntry]:
    """Normalise the target's entries with the profile's `fields`, `actions` and
    `refused_outcomes` mappings, so checks speak only the harness's vocabulary. A field is
    a dotted path into a nested entry, or a field with a value map (templates.read)."""
    kind_of = {action: kind for kind, names in actions.items() for action in names}
    entries = []
    for raw in raw_entries:
        fields = {name: read(raw, source) for name, source in field_map.items()}
        entries.append(
            AuditEntry(
                fields=fields,
                raw=raw,
                kind=kind_of.get(str(fields.get("action"))),
                refused=fields.get("outcome") in refused_outcomes,
            )
        )
    return entries


def require_kinds(mapped: frozenset[str], needed: Sequence[str]) -> None:
    """Refuse to search the log for a kind of request the profile does not map to log actions:
    an entry of it could not be recognised, so its absence would prove nothing."""
    unmapped = sorted(set(needed) - mapped)
    if unmapped:
        raise Inconclusive(
            "The profile does not say which audit-log actions record "
            + ", ".join(f"'{kind}'" for kind in unmapped)
            + ", so the log could not be searched for them."
        )


@dataclass(frozen=True)
class ChainRule:
    algorithm: str
    hash_field: str
    previous_field: str
    genesis: str

    @classmethod
    def from_profile(cls, spec: Mapping[str, str]) -> ChainRule:
        return cls(spec["algorithm"], spec["hash_field"], spec["previous_field"], spec["genesis"])

    def digest(self, entry: Mapping[str, Any]) -> str:
        """Hash of the entry without its own hash field, as canonical JSON."""
        body = {k: v for k, v in entry.items() if k != self.hash_field}
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.new(self.algorithm, canonical.encode("utf-8")).hexdigest()


def chain_breaks(raw_entries: Sequence[Mapping[str, Any]], rule: ChainRule) -> list[str]:
    """Every place the chain does not hold, in plain English; empty when intact."""
    problems = []
    expected_previous = rule.genesis
    for position, entry in enumerate(raw_entries, start=1):
        if entry.get(rule.previous_field) != expected_previous:
            problems.append(f"entry {position} does not link to the entry before it")
        if entry.get(rule.hash_field) != rule.digest(entry):
            problems.append(f"entry {position} does not match its own hash")
        expected_previous = str(entry.get(rule.hash_field))
    return problems
