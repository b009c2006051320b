"""The system's published interface beyond what the target profile maps."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from firewall_conformance.checks import surface as check
from firewall_conformance.evidence import ScenarioEvidence, ScenarioState
from firewall_conformance.targets.base import Target
from firewall_conformance.targets.surface import plan, read_all
from steps.vocabulary import EXTRA_TYPES
from steps.wiring import planted_case


@given("the operations the system publishes beyond those the target profile maps are listed")
def list_unmapped(target: Target, state: ScenarioState) -> None:
    person_ids = {state.cast[role].label: state.person_id(role) for role in state.cast}
    details = {person.label: person.attributes() for person in state.cast.values()}
    state.surface = plan(
        target.published_operations(),
        target.mapped_requests(),
        person_ids,
        planted_case(state).case_id,
        details,
    )


@when(
    parsers.parse(
        "{account:Account} reads each of them that only reads, for the planted persons and case",
        EXTRA_TYPES,
    )
)
def read_unmapped(target: Target, state: ScenarioState, account: str) -> None:
    assert state.surface is not None, "a Given step must list the operations first"
    state.surface_reads[account] = read_all(
        state.surface.probes, lambda path, query: target.read_as(account, path, query)
    )


@then("the investigator gets the victim or the witness back from at least one of them")
def surface_control(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    evidence.record(
        check.carries_planted(evidence, state.matcher, state.surface_reads["investigator"])
    )


@then("nothing the immigration officer gets back is about the victim or the witness")
def surface_clean(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    assert state.surface is not None, "a Given step must list the operations first"
    reads = state.surface_reads["immigration_officer"]
    control = state.surface_reads.get("investigator", [])
    evidence.record(check.none_protected(evidence, state.matcher, state.surface, reads, control))
