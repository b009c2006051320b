"""Immigration status checks."""

from __future__ import annotations

from functools import partial

from firewall_conformance.claims import PROTECTED_ROLES
from firewall_conformance.claims import status_checks as check
from firewall_conformance.model.evidence import ScenarioEvidence, ScenarioState, Tried
from firewall_conformance.targets.asking_again import attempt_twice
from firewall_conformance.targets.base import Target
from steps.acts import OFFICER
from steps.claims import ACCEPTED, REFUSED
from steps.vocabulary import ROLE
from steps.wiring import last_tried


@OFFICER.phrase(
    rf"requests an immigration status check on the {ROLE}"
    r"(?P<every> for every purpose the system offers)?"
)
def request_check(target: Target, state: ScenarioState, role: str, every: str | None) -> None:
    """For the system's first purpose, or for each of them in turn."""
    purposes = target.status_check_purposes()
    person_id = state.person_id(role)
    for purpose in purposes if every else purposes[:1]:
        attempt = attempt_twice(partial(target.status_check, person_id, purpose))
        state.tried.append(
            Tried("status-check", state.cast[role], person_id, attempt, detail=purpose)
        )


@ACCEPTED.phrase("the status check")
def accepted(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    evidence.record(check.accepted(last_tried(state, "status-check")))


@REFUSED.phrase("every status check on the victim or the witness")
def all_refused(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    evidence.record(
        check.all_refused(state.tried_where(action="status-check", role=PROTECTED_ROLES))
    )
