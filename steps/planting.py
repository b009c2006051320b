"""Given: the canary cast is planted through the target, and removed after the scenario; or,
where the run declares known test persons and the scenario only reads, those stand in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytest_bdd import given

from firewall_conformance.declared_personas import confirm_held
from firewall_conformance.evidence import ScenarioState
from firewall_conformance.personas import Persona
from firewall_conformance.session import RunSession
from firewall_conformance.targets.base import SeededCase, Target


def plant(
    request: pytest.FixtureRequest,
    run: RunSession,
    target: Target,
    personas: list[Persona],
    offence: str,
    narrative: str,
    remover: Callable[[SeededCase], list[str]] | None = None,
) -> SeededCase:
    """Plant a case through the target and make sure it is removed after the scenario,
    whatever happens in it; what could not be removed is reported with the run. `remover`
    replaces the target's own removal where a scenario expects some of it to be gone."""
    seeded = target.seed_case(personas, offence=offence, narrative=narrative)
    run.egress.plant(run.scenario, personas, seeded.reference)
    return remove_after_scenario(request, run, seeded, remover)


def remove_after_scenario(
    request: pytest.FixtureRequest,
    run: RunSession,
    seeded: SeededCase,
    remover: Callable[[SeededCase], list[str]] | None = None,
) -> SeededCase:
    """Remember a case the system created (by `plant`, or by a crime report taken from a
    member of the public) and remove it after the scenario, whatever happens in it. Removal is
    bounded and retried at most once (cleanup.py); what stays is named in the run's notes."""
    run.cleanup.remember(seeded)
    scenario = run.scenario
    request.addfinalizer(lambda: run.cleanup.remove(seeded, scenario, remover))
    return seeded


def plant_assault(
    request: pytest.FixtureRequest,
    run: RunSession,
    target: Target,
    state: ScenarioState,
    remover: Callable[[SeededCase], list[str]] | None = None,
) -> None:
    """The suite's usual case: an assault with a fresh victim, witness and suspect, or the
    declared ones (nothing created, nothing removed) once the investigator has found them."""
    if run.on_declared and run.declared is not None:
        run.on_declared_scenarios.append(run.scenario)
        confirm_held(target, run.declared)
        state.cast, state.seeded = dict(run.declared.personas), run.declared.case
        run.egress.plant(run.scenario, state.cast.values(), state.seeded.reference)
        return
    state.cast = run.egress.fresh_cast()
    victim, witness, suspect = (state.cast[r] for r in ("victim", "witness", "suspect"))
    state.seeded = plant(
        request,
        run,
        target,
        list(state.cast.values()),
        offence="Assault occasioning actual bodily harm",
        narrative=(
            f"{victim.full_name} reported being assaulted by {suspect.full_name}; "
            f"{witness.full_name} saw it happen."
        ),
        remover=remover,
    )


@given("a case in which a victim, a witness and a suspect have been recorded")
def plant_case(
    request: pytest.FixtureRequest, run: RunSession, target: Target, state: ScenarioState
) -> None:
    plant_assault(request, run, target, state)
