"""One-off disclosures to recipients, and what a recipient received by any of them."""

from __future__ import annotations

from functools import partial

from firewall_conformance.claims import PROTECTED_ROLES
from firewall_conformance.claims import disclosure as check
from firewall_conformance.claims import exceptional_disclosures as exceptional_check
from firewall_conformance.model.evidence import ScenarioEvidence, ScenarioState, Tried
from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.targets.asking_again import attempt_twice
from firewall_conformance.targets.base import Target
from steps.acts import OFFICER
from steps.claims import RECEIVES, RECEIVES_NOTHING, on
from steps.exceptional_disclosures import ACTION as EXCEPTIONALLY
from steps.vocabulary import RECIPIENT, RECIPIENT_WORDS, ROLE
from steps.wiring import Acts, naming

# The control on a disclosure a recipient should receive, by how the disclosure was made.
RECEIVED = {"disclose": check.received, EXCEPTIONALLY: exceptional_check.disclosed_on_basis}


@OFFICER.phrase(rf"(?:discloses|tries to disclose) the {ROLE} to {RECIPIENT}")
def disclose(target: Target, state: ScenarioState, acts: Acts, role: str, recipient: str) -> None:
    acts.made("disclose")
    person_id = state.person_id(role)
    attempt = attempt_twice(partial(target.disclose, recipient, [person_id]))
    state.tried.append(Tried("disclose", state.cast[role], person_id, attempt, recipient=recipient))
    if attempt.allowed:
        state.disclosures.append(
            ("disclose", [*attempt.ids, person_id], target.recipient(recipient).id)
        )


@on(RECEIVES, "disclose", EXCEPTIONALLY)
def recipient_received(
    evidence: ScenarioEvidence, state: ScenarioState, party: str, roles: list[str]
) -> None:
    """The latest disclosure of this person to this recipient, however it was made."""
    recipient, (role,) = party, roles
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


@on(RECEIVES_NOTHING, "disclose")
def restricted_recipient_received_nothing(
    evidence: ScenarioEvidence, state: ScenarioState, party: str, roles: list[str]
) -> None:
    naming(roles, PROTECTED_ROLES, "receives nothing")
    tried = state.tried_where(action="disclose", recipient=party, role=PROTECTED_ROLES)
    evidence.record(check.nothing_received(evidence, state.matcher, tried))
