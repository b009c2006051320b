"""Given: the canary cast is planted through the target, and removed after the scenario."""

from __future__ import annotations

import pytest
from pytest_bdd import given

from firewall_conformance.evidence import ScenarioState
from firewall_conformance.personas import make_cast
from firewall_conformance.session import RunSession
from firewall_conformance.targets.base import Target


@given("a case in which a victim, a witness and a suspect have been recorded")
def plant_case(
    request: pytest.FixtureRequest, run: RunSession, target: Target, state: ScenarioState
) -> None:
    state.cast = make_cast()
    victim, witness, suspect = (state.cast[r] for r in ("victim", "witness", "suspect"))
    seeded = target.seed_case(
        list(state.cast.values()),
        offence="Assault occasioning actual bodily harm",
        narrative=(
            f"{victim.full_name} reported being assaulted by {suspect.full_name}; "
            f"{witness.full_name} saw it happen."
        ),
    )
    state.seeded = seeded
    run.cleanup.remember(seeded)

    def remove() -> None:
        problems = target.remove_case(seeded)
        run.cleanup.problems.extend(problems)
        if not problems:
            run.cleanup.forget(seeded)

    request.addfinalizer(remove)
