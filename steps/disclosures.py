"""One-off disclosures to recipients, and what a recipient received by any of them."""

from __future__ import annotations

from functools import partial

from pytest_bdd import parsers, then, when

from firewall_conformance.checks import PROTECTED_ROLES
from firewall_conformance.checks import disclosure as check
from firewall_conformance.checks import exceptional_disclosures as exceptional_check
from firewall_conformance.evidence import ScenarioEvidence, ScenarioState, Tried
from firewall_conformance.outcomes import Inconclusive
from firewall_conformance.targets.asking_again import attempt_twice
from firewall_conformance.targets.base import Target
from steps.exceptional_disclosures import ACTION as EXCEPTIONALLY
from steps.vocabulary import CONVERTERS, EXTRA_TYPES, RECIPIENT, RECIPIENT_WORDS, ROLE

# The control on a disclosure a recipient should receive, by how the disclosure was made.
RECEIVED = {"disclose": check.received, EXCEPTIONALLY: exceptional_check.disclosed_on_basis}


@when(
    parsers.re(rf"an officer (?:discloses|tries to disclose) the {ROLE} to {RECIPIENT}"),
    converters=CONVERTERS,
)
def disclose(target: Target, state: ScenarioState, role: str, recipient: str) -> None:
    person_id = state.person_id(role)
    attempt = attempt_twice(partial(target.disclose, recipient, [person_id]))
    state.tried.append(Tried("disclose", state.cast[role], person_id, attempt, recipient=recipient))
    if attempt.allowed:
        state.disclosures.append(
            ("disclose", [*attempt.ids, person_id], target.recipient(recipient).id)
        )


@then(parsers.parse("{recipient:Recipient} receives the {role:w}'s details", EXTRA_TYPES))
def recipient_received(
    evidence: ScenarioEvidence, state: ScenarioState, recipient: str, role: str
) -> None:
    tried = [
        t
        for t in state.tried
        if t.action in RECEIVED and t.recipient == recipient and t.persona.role == role
    ]
    if not tried:
        raise Inconclusive(
            f"No disclosure of the {role} to {RECIPIENT_WORDS[recipient]} was attempted."
        )
    evidence.record(RECEIVED[tried[-1].action](evidence, state.matcher, tried[-1]))


@then("immigration enforcement receives nothing about the victim or the witness")
def restricted_recipient_received_nothing(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    tried = state.tried_where(
        action="disclose", recipient="immigration-enforcement", role=PROTECTED_ROLES
    )
    evidence.record(check.nothing_received(evidence, state.matcher, tried))
