"""One-off disclosures to recipients."""

from __future__ import annotations

from functools import partial

from pytest_bdd import parsers, then, when

from firewall_conformance.checks import PROTECTED_ROLES
from firewall_conformance.checks import disclosure as check
from firewall_conformance.evidence import ScenarioEvidence, ScenarioState, Tried
from firewall_conformance.targets.asking_again import attempt_twice
from firewall_conformance.targets.base import Target
from steps.vocabulary import EXTRA_TYPES


@when(parsers.parse("an officer discloses the {role} to {recipient:Recipient}", EXTRA_TYPES))
@when(
    parsers.parse("an officer tries to disclose the {role} to {recipient:Recipient}", EXTRA_TYPES)
)
def disclose(target: Target, state: ScenarioState, role: str, recipient: str) -> None:
    person_id = state.person_id(role)
    attempt = attempt_twice(partial(target.disclose, recipient, [person_id]))
    state.tried.append(Tried("disclose", state.cast[role], person_id, attempt, recipient=recipient))
    if attempt.allowed:
        state.disclosures.append(
            ("disclose", [*attempt.ids, person_id], target.recipient(recipient).id)
        )


@then(parsers.parse("{recipient:Recipient} receives the {role}'s details", EXTRA_TYPES))
def lawful_recipient_received(
    evidence: ScenarioEvidence, state: ScenarioState, recipient: str, role: str
) -> None:
    tried = state.tried_where(action="disclose", recipient=recipient, role=(role,))
    evidence.record(check.received(evidence, state.matcher, tried[-1]))


@then("immigration enforcement receives nothing about the victim or the witness")
def restricted_recipient_received_nothing(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    tried = state.tried_where(
        action="disclose", recipient="immigration-enforcement", role=PROTECTED_ROLES
    )
    evidence.record(check.nothing_received(evidence, state.matcher, tried))
