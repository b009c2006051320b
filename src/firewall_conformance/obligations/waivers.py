"""Waivers: accountable, expiring decisions to accept a known shortfall in one obligation.

A waiver never makes anything COMPLIANT: a waived obligation is shown as WAIVED, apart, with
who approved it and until when. One that is incomplete, expired, for another target or for an
obligation the catalogue does not declare is ignored — and the run says so, loudly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from firewall_conformance.inputs.documents import key_path, load_yaml, schema
from firewall_conformance.inputs.schema_messages import describe


@dataclass(frozen=True)
class Waiver:
    obligation: str
    scope: str
    targets: tuple[str, ...]
    jurisdictions: tuple[str, ...]
    justification: str
    approved_by: str
    expires: dt.date
    reference: str

    def to_json(self) -> dict[str, Any]:
        return {
            "obligation": self.obligation,
            "scope": {
                "description": self.scope,
                "targets": list(self.targets),
                "jurisdictions": list(self.jurisdictions),
            },
            "justification": self.justification,
            "approved_by": self.approved_by,
            "expires": self.expires.isoformat(),
            "reference": self.reference,
        }


@dataclass
class Waivers:
    """The waivers in force for one run, and why any others were ignored."""

    in_force: list[Waiver] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def for_obligation(self, obligation_id: str) -> Waiver | None:
        return next((w for w in self.in_force if w.obligation == obligation_id), None)


def _plain(value: Any) -> Any:
    """YAML reads `2026-12-31` as a date; the schema checks the written form."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _problems(entry: dict[str, Any]) -> list[str]:
    definitions = schema("waivers")["$defs"]
    validator = jsonschema.Draft202012Validator(
        {"$defs": definitions, **definitions["waiver"]},
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    errors = sorted(validator.iter_errors(entry), key=lambda e: list(e.absolute_path))
    return list(dict.fromkeys(f"{key_path(e)}: {describe(e)}" for e in errors))


def _label(index: int, entry: dict[str, Any]) -> str:
    reference = entry.get("reference")
    named = f" ({reference})" if isinstance(reference, str) and reference.strip() else ""
    return f"waiver {index + 1}{named}"


def load_waivers(
    path: Path,
    *,
    today: dt.date,
    target_name: str,
    jurisdiction: str,
    known_obligations: Iterable[str],
) -> Waivers:
    """Read a waivers file and keep only the waivers in force for this run.

    A file that is not a valid waivers document at all raises InvalidDocument (the run
    cannot start); a single bad waiver is ignored with a warning naming it and the key.
    """
    document = load_yaml(path, "waivers")
    known = set(known_obligations)
    result = Waivers()
    seen: dict[str, str] = {}
    for index, raw in enumerate(document["waivers"]):
        entry = _plain(raw)
        label = f"{path.name}: {_label(index, entry)}"
        problems = _problems(entry)
        if problems:
            result.warnings.append(
                f"Waiver ignored, {label} is incomplete or invalid: " + "; ".join(problems)
            )
            continue
        scope = entry["scope"]
        waiver = Waiver(
            obligation=entry["obligation"],
            scope=scope["description"].strip(),
            targets=tuple(t.strip() for t in scope["targets"]),
            jurisdictions=tuple(scope.get("jurisdictions", ())),
            justification=entry["justification"].strip(),
            approved_by=entry["approved_by"].strip(),
            expires=dt.date.fromisoformat(entry["expires"]),
            reference=entry["reference"].strip(),
        )
        why_not = _not_in_force(waiver, today, target_name, jurisdiction, known)
        if why_not:
            result.warnings.append(f"Waiver ignored, {label} for {waiver.obligation}: {why_not}.")
        elif waiver.obligation in seen:
            result.warnings.append(
                f"Waiver ignored, {label}: {waiver.obligation} is already waived by "
                f"{seen[waiver.obligation]}; one accountable decision per obligation."
            )
        else:
            seen[waiver.obligation] = waiver.reference
            result.in_force.append(waiver)
    return result


def _not_in_force(
    waiver: Waiver, today: dt.date, target_name: str, jurisdiction: str, known: set[str]
) -> str | None:
    if waiver.obligation not in known:
        return "the catalogue declares no such obligation in scope for this run"
    if today > waiver.expires:
        return f"it expired on {waiver.expires.isoformat()} (today is {today.isoformat()})"
    if target_name not in waiver.targets:
        return f"its scope is {', '.join(waiver.targets)}, not {target_name}"
    if waiver.jurisdictions and jurisdiction not in waiver.jurisdictions:
        return f"its scope is the {', '.join(waiver.jurisdictions)} profile, not {jurisdiction}"
    return None
