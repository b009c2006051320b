"""The system's published interface beyond what the target profile maps."""

from __future__ import annotations

from functools import partial

from pytest_bdd import given

from firewall_conformance.claims import PROTECTED_ROLES
from firewall_conformance.claims import surface as check
from firewall_conformance.claims.existence import DECOYS_PER_SEARCH
from firewall_conformance.model.evidence import ScenarioEvidence, ScenarioState
from firewall_conformance.run.pytest_hooks import RunSession
from firewall_conformance.targets.base import Target
from firewall_conformance.targets.surface import plan, read_all, strangers
from steps.acts import ACCOUNT_ACTS
from steps.claims import RECEIVES, RECEIVES_NOTHING, on
from steps.wiring import Acts, naming, planted_case


@given("the operations the system publishes beyond those the target profile maps are listed")
def list_unmapped(run: RunSession, target: Target, state: ScenarioState) -> None:
    person_ids = {state.cast[role].label: state.person_id(role) for role in state.cast}
    details = {person.label: person.attributes() for person in state.cast.values()}
    opener = partial(target.open_record, "investigator")
    state.surface = plan(
        target.published_operations(),
        target.mapped_requests(),
        person_ids,
        planted_case(state).case_id,
        details,
        strangers(
            run.egress.not_on_record(DECOYS_PER_SEARCH),
            state.person_id("victim"),
            opener if "open-record" in target.capabilities() else None,
        ),
    )


@ACCOUNT_ACTS.phrase("reads each of them that only reads, for the planted persons and case")
def read_unmapped(target: Target, state: ScenarioState, acts: Acts, account: str) -> None:
    acts.made("surface")
    assert state.surface is not None, "a Given step must list the operations first"
    state.surface_reads[account] = read_all(
        state.surface.probes, lambda path, query: target.read_as(account, path, query)
    )


@on(RECEIVES, "surface")
def surface_control(
    evidence: ScenarioEvidence, state: ScenarioState, party: str, roles: list[str]
) -> None:
    """From at least one of the operations (the check)."""
    naming(roles, PROTECTED_ROLES, "receives the details")
    evidence.record(check.carries_planted(evidence, state.matcher, state.surface_reads[party]))


@on(RECEIVES_NOTHING, "surface")
def surface_clean(
    evidence: ScenarioEvidence, state: ScenarioState, party: str, roles: list[str]
) -> None:
    naming(roles, PROTECTED_ROLES, "receives nothing")
    assert state.surface is not None, "a Given step must list the operations first"
    reads = state.surface_reads[party]
    control = state.surface_reads.get("investigator", [])
    evidence.record(check.none_protected(evidence, state.matcher, state.surface, reads, control))
