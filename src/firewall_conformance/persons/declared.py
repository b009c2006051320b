"""Known test persons (`run --personas`): a victim, a witness and a suspect the target already
holds in one case, standing in for planted ones where a run may not or cannot plant.

The file has the shape `scan --personas` reads, plus each person's id in the target and the
case they are in. Every detail is required: the suite searches by each of them, and a missing
one would be a search for nothing. A declared person is never trusted to exist: the scenarios
that use them first have the investigator open each record (persons/case_planting.py), so a wrong
file gives INCONCLUSIVE, never COMPLIANT.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import scan_document
from firewall_conformance.inputs.confinement import inside
from firewall_conformance.inputs.documents import InvalidDocument, load_yaml
from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.persons.personas import ROLES, Persona
from firewall_conformance.targets.base import SeededCase, Target

# A declared person's street is anyone's ("High Street"): never a pattern of its own.
_DETAILS = tuple(
    f.name for f in dataclasses.fields(Persona) if f.name not in ("label", "role", "street")
)


@dataclass(frozen=True)
class DeclaredCast:
    """The declared persons by role, and their case as the suite's planted case is held."""

    personas: dict[str, Persona]
    case: SeededCase
    source: str

    def summary(self) -> list[dict[str, str]]:
        """Who was used, for the run's summary: role, id in the target and case."""
        return [
            {
                "role": role,
                "person_id": self.case.person_ids[persona.label],
                "case": self.case.reference or self.case.case_id,
            }
            for role, persona in self.personas.items()
        ]


def _problems(entries: list[dict[str, Any]]) -> list[str]:
    problems = []
    roles = [e["role"] for e in entries]
    for role in ROLES:
        if roles.count(role) != 1:
            problems.append(f"it must declare exactly one {role} (it declares {roles.count(role)})")
    for n, entry in enumerate(entries):
        missing = [k for k in ("person_id", "case_id", *_DETAILS) if not entry.get(k)]
        if missing:
            problems.append(
                f"at [{n}] ({entry['role']}): no {', '.join(missing)}; a run searches and opens "
                "each declared person by every detail, so each must be given"
            )
    if len({e.get("case_id") for e in entries}) > 1:
        problems.append("the victim, the witness and the suspect must all be in one case")
    if any(role not in ROLES for role in roles):
        problems.append(f"a run declares only the roles {', '.join(ROLES)}")
    return problems


def load_declared(path: Path, folder: Path, allow_outside: bool = False) -> DeclaredCast:
    """The declared cast in `path`, which must lie inside `folder` (the target profile's) unless
    `allow_outside`: like every file a profile names, a personas file handed to the harness is
    read only from where the profile lives."""
    source = str(path)
    real = inside(
        folder,
        str(Path(path).resolve()),
        source=source,
        key="--personas",
        allow_outside=allow_outside,
    )
    entries = load_yaml(real, "personas")
    problems = _problems(entries)
    if problems:
        raise InvalidDocument(source, problems)
    personas = {
        e["role"]: Persona(
            label=f"the declared {e['role']}",
            role=e["role"],
            **{k: e[k] for k in _DETAILS},
        )
        for e in entries
    }
    first = entries[0]
    case = SeededCase(
        case_id=first["case_id"],
        person_ids={f"the declared {e['role']}": e["person_id"] for e in entries},
        reference=first.get("case_reference"),
    )
    return DeclaredCast({role: personas[role] for role in ROLES}, case, source)


def confirm_held(target: Target, cast: DeclaredCast) -> None:
    """The first positive control of a scenario on declared persons: the investigator opens
    each one's record (or, where records cannot be opened, searches for them by name) and sees
    the declared details in it. A person not found, or found with other details, leaves the
    scenario nothing to show: it is INCONCLUSIVE, whatever its other steps would see."""
    matcher = CanaryMatcher.for_personas(cast.personas.values(), quick=True)
    capabilities = target.capabilities()
    for role, persona in cast.personas.items():
        person_id = cast.case.person_ids[persona.label]
        why = f"The declared {role} could not be found in the target"
        try:
            if "open-record" in capabilities:
                attempt = target.open_record("investigator", person_id)
                found = attempt.allowed
            elif "search" in capabilities:
                attempt = target.search_persons("investigator", persona.full_name)
                found = attempt.allowed and person_id in attempt.ids
            else:
                raise Inconclusive(
                    f"{why}: the target profile offers no way to open or search for a person, "
                    "so the declared persons cannot be confirmed and the scenario shows nothing."
                )
        except Inconclusive as exc:
            raise Inconclusive(f"{why}: the investigator's look-up failed ({exc}).") from exc
        report = scan_document(matcher, attempt.body, f"the record of the declared {role}")
        if not found or persona.label not in report.personas_found():
            raise Inconclusive(
                f"{why}: the investigator's look-up of {person_id} ({attempt.status}) did not "
                f"show the declared details, so nothing about them can be shown. Check the "
                f"personas file {cast.source} against the target."
            )
