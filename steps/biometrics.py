"""Fingerprints and immigration biometric checks."""

from __future__ import annotations

from pytest_bdd import parsers, then

from firewall_conformance.claims import PROTECTED_ROLES
from firewall_conformance.claims import biometrics as check
from firewall_conformance.model.evidence import ScenarioEvidence, ScenarioState, Tried
from firewall_conformance.targets.base import Target
from steps.acts import OFFICER
from steps.claims import RECEIVES_NOTHING, on
from steps.vocabulary import ROLE, ROLES
from steps.wiring import Acts, last_tried, naming, planted_case


def _submit(target: Target, state: ScenarioState, acts: Acts, role: str, kind: str) -> None:
    acts.made("prints")
    person_id = state.person_id(role)
    attempt = target.submit_prints(kind, planted_case(state).case_id, person_id)
    state.tried.append(Tried("prints", state.cast[role], person_id, attempt, detail=kind))


@OFFICER.phrase(rf"submits the {ROLE}'s fingerprints taken on arrest(?: for a counter-allegation)?")
def arrest_prints(target: Target, state: ScenarioState, acts: Acts, role: str) -> None:
    _submit(target, state, acts, role, "arrest")


@OFFICER.phrase(rf"submits elimination fingerprints of {ROLES}")
def elimination_prints(target: Target, state: ScenarioState, acts: Acts, roles: list[str]) -> None:
    for role in roles:
        _submit(target, state, acts, role, "elimination")


@then(
    parsers.re(
        rf"the {ROLE}'s fingerprints (?:(?P<checked>are sent for an immigration check), and the "
        r"audit log shows it|wait for a review instead of an immigration check)"
    )
)
def prints_answered(
    evidence: ScenarioEvidence, target: Target, state: ScenarioState, role: str, checked: str | None
) -> None:
    claim = check.checked if checked else check.held_for_review
    evidence.record(
        claim(target.audit_log("biometric-check"), last_tried(state, "prints", role=(role,)))
    )


@on(RECEIVES_NOTHING, "prints")
def protected_not_checked(
    evidence: ScenarioEvidence, target: Target, state: ScenarioState, party: str, roles: list[str]
) -> None:
    """Fingerprints reach immigration enforcement as a request for an immigration check."""
    naming(roles, PROTECTED_ROLES, "receives nothing")
    assert party == "immigration-enforcement", "only immigration enforcement checks fingerprints"
    tried = state.tried_where(action="prints", role=PROTECTED_ROLES)
    evidence.record(check.none_checked(target.audit_log("biometric-check"), tried))
