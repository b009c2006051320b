"""The suite's cases, planted through the target and removed after the scenario whatever
happens in it; or, where the run declares known test persons and the scenario only reads, those
stand in (nothing created, nothing removed).

`on_exit` is how the caller runs something after the scenario (pytest's `addfinalizer`), so the
library stays free of pytest.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from firewall_conformance.model.evidence import ScenarioState
from firewall_conformance.model.outcomes import CapabilityMissing, Inconclusive
from firewall_conformance.persons.declared import confirm_held
from firewall_conformance.persons.personas import Persona
from firewall_conformance.persons.planted import Remover
from firewall_conformance.run.pytest_hooks import RunSession
from firewall_conformance.targets.base import SeededCase, Target

OnExit = Callable[[Callable[[], None]], None]

ASSAULT = "Assault occasioning actual bodily harm"
# A domestic-abuse offence in law (Serious Crime Act 2015 s.76), whatever the system's codes.
DOMESTIC_ABUSE = "Controlling or coercive behaviour"
THEFT = "Theft from the person"


def plant(
    run: RunSession,
    target: Target,
    personas: list[Persona],
    offence: str,
    narrative: str,
    on_exit: OnExit,
    remover: Remover | None = None,
) -> SeededCase:
    """Plant a case and have it removed after the scenario; what could not be removed is
    reported with the run. `remover` replaces the target's own removal where a scenario expects
    some of it to be gone."""
    seeded = target.seed_case(personas, offence=offence, narrative=narrative)
    run.egress.plant(run.scenario, personas, seeded.reference)
    return remove_after_scenario(run, seeded, on_exit, remover)


def remove_after_scenario(
    run: RunSession, seeded: SeededCase, on_exit: OnExit, remover: Remover | None = None
) -> SeededCase:
    """Remember a case the system created (by `plant`, or by a crime report taken from a
    member of the public) and remove it after the scenario. Removal is bounded and retried at
    most once (run/cleanup.py); what stays is named in the run's notes."""
    scenario = run.scenario
    run.cleanup.remember(seeded, scenario)
    on_exit(lambda: run.cleanup.remove(seeded, scenario, remover))
    return seeded


def leaving_erased(target: Target) -> Remover:
    """A remover for cases the system's own retention review may have erased in part: persons
    confirmed gone (opening their records answers "not found") count as removed; the rest,
    and any not known to be gone, are asked to be removed, which reports problems."""

    def remove(seeded: SeededCase) -> list[str]:
        remaining = {}
        for label, person_id in seeded.person_ids.items():
            try:
                gone = target.open_record("investigator", person_id).missing
            except (Inconclusive, CapabilityMissing):
                gone = False
            if not gone:
                remaining[label] = person_id
        return target.remove_case(SeededCase(seeded.case_id, remaining))

    return remove


def plant_assault(
    run: RunSession,
    target: Target,
    state: ScenarioState,
    on_exit: OnExit,
    remover: Remover | None = None,
) -> None:
    """The suite's usual case: an assault with a fresh victim, witness and suspect, or the
    declared ones once the investigator has found them."""
    if run.on_declared and run.declared is not None:
        run.on_declared_scenarios.append(run.scenario)
        confirm_held(target, run.declared)
        state.cast, state.seeded = dict(run.declared.personas), run.declared.case
        run.egress.plant(run.scenario, state.cast.values(), state.seeded.reference)
        return
    state.cast = run.egress.fresh_cast()
    victim, witness, suspect = (state.cast[r] for r in ("victim", "witness", "suspect"))
    state.seeded = plant(
        run,
        target,
        list(state.cast.values()),
        offence=ASSAULT,
        narrative=(
            f"{victim.full_name} reported being assaulted by {suspect.full_name}; "
            f"{witness.full_name} saw it happen."
        ),
        on_exit=on_exit,
        remover=remover,
    )


def plant_domestic_abuse(
    run: RunSession, target: Target, state: ScenarioState, on_exit: OnExit
) -> None:
    """A domestic-abuse case with a counter-allegation, whose victim's immigration status is
    unknown: the case in which a victim is most at risk of being checked or referred."""
    cast = run.egress.fresh_cast()
    cast["victim"] = dataclasses.replace(cast["victim"], immigration_status="unknown")
    state.cast = cast
    victim, suspect = cast["victim"], cast["suspect"]
    state.seeded = plant(
        run,
        target,
        list(cast.values()),
        offence=DOMESTIC_ABUSE,
        narrative=(
            f"{victim.full_name} reported coercive control by her partner {suspect.full_name}; "
            "he alleges she assaulted him. Her immigration status is not known."
        ),
        on_exit=on_exit,
    )
