"""Given: the suite's cases, planted through the target and removed after the scenario
(persons/case_planting.py)."""

from __future__ import annotations

import pytest

from firewall_conformance.model.evidence import ScenarioState
from firewall_conformance.persons.case_planting import plant_assault, plant_domestic_abuse
from firewall_conformance.run.pytest_hooks import RunSession
from firewall_conformance.targets.base import Target
from steps.set_up import CASES


@CASES.phrase("a case in which a victim, a witness and a suspect have been recorded")
def plant_case(
    request: pytest.FixtureRequest, run: RunSession, target: Target, state: ScenarioState
) -> None:
    plant_assault(run, target, state, request.addfinalizer)


@CASES.phrase(
    "a domestic-abuse case in which a victim, a witness and a suspect have been recorded, "
    "and the victim's immigration status is unknown"
)
def plant_domestic_abuse_case(
    request: pytest.FixtureRequest, run: RunSession, target: Target, state: ScenarioState
) -> None:
    plant_domestic_abuse(run, target, state, request.addfinalizer)
