"""Retention: planted cases are closed (one long ago, one yesterday), the system's own review
runs, and what it erased is looked for everywhere."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from firewall_conformance.claims import retention as check
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.model.evidence import ScenarioEvidence, ScenarioState
from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.persons.case_planting import THEFT, leaving_erased, plant, plant_assault
from firewall_conformance.persons.personas import Persona
from firewall_conformance.run.pytest_hooks import RunSession
from firewall_conformance.targets.base import SeededCase, Target
from firewall_conformance.targets.search_fields import by_name, search_value
from steps.acts import RECORDED, SYSTEM
from steps.claims import FOUND, LOGGED
from steps.set_up import CASES

PAST_RETENTION = ("victim", "witness")


@dataclass
class Retention:
    """The second case and its victim, and what the steps saw."""

    other: Persona | None = None
    other_case: SeededCase | None = None
    matcher: CanaryMatcher | None = None
    past: list[check.Lookup] = field(default_factory=list)
    kept: check.Lookup | None = None


@pytest.fixture
def retention() -> Retention:
    return Retention()


@CASES.phrase(
    "a case in which a victim, a witness and a suspect have been recorded, "
    "and a second case with another victim"
)
def plant_two_cases(
    request: pytest.FixtureRequest,
    run: RunSession,
    target: Target,
    state: ScenarioState,
    retention: Retention,
) -> None:
    remover = leaving_erased(target)
    plant_assault(run, target, state, request.addfinalizer, remover)
    other = run.egress.fresh_persona("victim", "the second victim")
    retention.other = other
    retention.other_case = plant(
        run,
        target,
        [other],
        offence=THEFT,
        narrative=f"{other.full_name} reported a theft.",
        on_exit=request.addfinalizer,
        remover=remover,
    )
    retention.matcher = CanaryMatcher.for_personas([*state.cast.values(), other], quick=True)


@RECORDED.phrase(
    r"the (?P<which>first|second) case is recorded as closed "
    r"(?:(?P<past>longer ago than the system keeps victims' data)|yesterday)"
)
def close_case(
    target: Target, state: ScenarioState, retention: Retention, which: str, past: str | None
) -> None:
    """Past the system's own retention period (by a year, so no rounding keeps it), or
    yesterday, well within it."""
    seeded = state.seeded if which == "first" else retention.other_case
    assert seeded is not None, "a Given step must plant the cases first"
    today = datetime.now(UTC).date()
    if past:
        years = check.retention_years(target.retention_schedule())
        closed_on = check.years_before(today, years + 1)
    else:
        closed_on = today - timedelta(days=1)
    attempt = target.close_case(seeded.case_id, closed_on.isoformat())
    if not attempt.allowed:
        raise Inconclusive(
            f"The system refused to record the {which} case as closed on {closed_on.isoformat()}."
        )


@SYSTEM.phrase("runs its retention review")
def run_review(target: Target) -> None:
    attempt = target.retention_review()
    if not attempt.allowed:
        raise Inconclusive(f"The system refused to run its retention review ({attempt.status}).")


def _look_up(target: Target, persona: Persona, person_id: str) -> check.Lookup:
    by = by_name(target.search_fields())
    return check.Lookup(
        persona,
        person_id,
        target.search_persons("investigator", search_value(persona, by), field=by),
        target.open_record("investigator", person_id),
    )


def _matcher(retention: Retention) -> CanaryMatcher:
    if retention.matcher is None:
        raise Inconclusive("The cases were not planted.")
    return retention.matcher


@FOUND.phrase(
    "the second victim is still found by search, by opening their record and in those exports"
)
def still_found(
    target: Target, evidence: ScenarioEvidence, state: ScenarioState, retention: Retention
) -> None:
    assert retention.other is not None and retention.other_case is not None, (
        "a Given step must plant the second case first"
    )
    kept = _look_up(target, retention.other, retention.other_case.person_ids[retention.other.label])
    evidence.record(check.still_there(evidence, _matcher(retention), kept, state.last_exports))


@FOUND.phrase(
    "the victim and the witness of the first case are found neither by search, "
    "nor by opening their records, nor in those exports"
)
def gone(
    target: Target, evidence: ScenarioEvidence, state: ScenarioState, retention: Retention
) -> None:
    retention.past = [
        _look_up(target, state.cast[role], state.person_id(role)) for role in PAST_RETENTION
    ]
    evidence.record(check.erased(evidence, _matcher(retention), retention.past, state.last_exports))


@LOGGED.phrase("the erasure of the victim and of the witness")
def erasures_logged(target: Target, evidence: ScenarioEvidence, retention: Retention) -> None:
    evidence.record(check.erasures_logged(target.audit_log("erase"), retention.past))
