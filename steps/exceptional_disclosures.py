"""Exceptional disclosures on a recorded basis, and what the person can learn of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from pytest_bdd import parsers, then, when

from firewall_conformance.claims import exceptional_disclosures as check
from firewall_conformance.model.evidence import ScenarioEvidence, ScenarioState, Tried
from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.persons import canary_text
from firewall_conformance.run.pytest_hooks import RunSession
from firewall_conformance.targets.answers import DisclosureBasis
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.base import Target
from steps.acts import OFFICER, RECORDED
from steps.claims import LOGGED, REFUSED
from steps.vocabulary import CONVERTERS, RECIPIENT, RECIPIENT_WORDS, ROLE
from steps.wiring import Acts

ACTION = "exceptional-disclose"
RESTRICTED = "immigration-enforcement"
NEW_YORK = "us-ny"
UNSIGNED = "a safeguarding need no supervisor had signed off"
# How a disclosure on each kind of basis record is described in claims; "{role}" is its person.
ON = {
    "consent": "the {role}'s recorded consent",
    "warrant": "a judicial warrant",
    "safeguarding need": UNSIGNED,
}
NO_RECORD = "a record that does not exist"


@dataclass
class Bases:
    """The basis records this scenario made, and when disclosures on them were made."""

    ids: dict[str, str] = field(default_factory=dict)  # "role kind" -> basis record id
    approvers: dict[str, str] = field(default_factory=dict)  # "role kind" -> who signed off
    refused: set[str] = field(default_factory=set)  # "role kind" the system would not record
    disclosed_at: dict[str, datetime] = field(default_factory=dict)  # role -> when
    access: tuple[str, Attempt] | None = None  # role, and the subject access answer


@pytest.fixture
def basis_records() -> Bases:
    return Bases()


def _record(
    target: Target, state: ScenarioState, basis_records: Bases, role: str, kind: str
) -> None:
    reference, approver = canary_text.basis_record(kind)
    attempt = target.record_disclosure_basis(
        state.person_id(role), kind, reference=reference, approver=approver
    )
    if not attempt.allowed:
        raise Inconclusive(
            f"The system would not record the {kind} basis for {state.cast[role].label}."
        )
    basis_records.ids[f"{role} {kind}"] = attempt.answer_as(DisclosureBasis).id
    basis_records.approvers[f"{role} {kind}"] = approver or ""


@RECORDED.phrase(
    rf"the {ROLE}'s informed consent to a disclosure to immigration enforcement is "
    "recorded, signed off by a supervisor"
)
def record_consent(target: Target, state: ScenarioState, basis_records: Bases, role: str) -> None:
    _record(target, state, basis_records, role, "consent")


@RECORDED.phrase(
    rf"a judicial warrant for a disclosure of the {ROLE} to immigration enforcement is recorded"
)
def record_warrant(target: Target, state: ScenarioState, basis_records: Bases, role: str) -> None:
    _record(target, state, basis_records, role, "warrant")


@RECORDED.phrase(
    rf"a safeguarding need of the {ROLE} is recorded by an officer, but no supervisor has "
    "signed it off"
)
def record_unsigned_safeguarding(
    target: Target, state: ScenarioState, basis_records: Bases, role: str
) -> None:
    """A system may refuse to hold an unsigned safeguarding record at all: then no disclosure
    can rest on one, and its refusal stands in for the disclosure's."""
    person_id = state.person_id(role)
    reference, approver = canary_text.basis_record("safeguarding")
    attempt = target.record_disclosure_basis(
        person_id, "safeguarding", reference=reference, approver=approver
    )
    if not attempt.allowed:
        basis_records.refused.add(f"{role} safeguarding need")
        state.tried.append(
            Tried(
                ACTION,
                state.cast[role],
                person_id,
                attempt,
                recipient=RESTRICTED,
                detail=f"{UNSIGNED} (the system would not even record it)",
            )
        )
        return
    basis_records.ids[f"{role} safeguarding need"] = attempt.answer_as(DisclosureBasis).id


@OFFICER.phrase(
    rf"(?:discloses|tries to disclose) the {ROLE} to immigration enforcement "
    rf"exceptionally, on (?:that (?P<kind>[a-z ]+)|the (?P<owner>\w+)'s (?P<their>\w+)|"
    rf"(?P<nothing>{NO_RECORD}))"
)
def disclose_exceptionally(
    run: RunSession,
    target: Target,
    state: ScenarioState,
    basis_records: Bases,
    role: str,
    kind: str | None,
    owner: str | None,
    their: str | None,
    nothing: str | None,
    acts: Acts,
) -> None:
    """On a basis record of this person ("that consent"), of another person ("the victim's
    consent"), or on none at all."""
    acts.made(ACTION)
    if nothing:
        basis_id, detail = canary_text.missing_record(), NO_RECORD
    else:
        whose, which = (role, kind) if kind else (owner, their)
        key = f"{whose} {which}"
        if key in basis_records.refused:
            return  # the system refused to record it; that refusal is among the attempts
        if key not in basis_records.ids:
            raise Inconclusive(f"No {which} of the {whose} was recorded.")
        basis_id = basis_records.ids[key]
        detail = ON[kind].format(role=role) if kind else f"the {owner}'s {their}"
    if kind and basis_records.approvers.get(f"{role} {kind}"):
        basis_records.disclosed_at[role] = datetime.now(UTC)
        run.egress.set_aside(state.cast[role], f"disclosed on {detail}")
    person_id = state.person_id(role)
    attempt = target.disclose_exceptionally(target.recipient(RESTRICTED).id, person_id, basis_id)
    state.tried.append(
        Tried(ACTION, state.cast[role], person_id, attempt, recipient=RESTRICTED, detail=detail)
    )


@LOGGED.phrase("that disclosure with the consent record and who signed it off")
def basis_logged(
    evidence: ScenarioEvidence, target: Target, state: ScenarioState, basis_records: Bases
) -> None:
    tried = state.tried_where(action=ACTION, role=("victim",))
    if not tried or "victim consent" not in basis_records.ids:
        raise Inconclusive("No exceptional disclosure of the victim on a consent was made.")
    evidence.record(
        check.basis_logged(
            target.audit_log("exceptional-disclose"),
            tried[-1],
            basis_records.ids["victim consent"],
            basis_records.approvers["victim consent"],
        )
    )


@REFUSED.phrase("every exceptional disclosure without a fitting basis on record for that person")
def refused_without_basis(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    evidence.record(check.all_refused(state.tried_where(action=ACTION, role=("witness",))))


@when(parsers.parse("the {role:w} makes a subject access request"))
def subject_access(target: Target, state: ScenarioState, basis_records: Bases, role: str) -> None:
    basis_records.access = (role, target.subject_access(state.person_id(role)))


@then(parsers.re(f"the response names {RECIPIENT}"), converters=CONVERTERS)
def response_names(
    evidence: ScenarioEvidence,
    run: RunSession,
    target: Target,
    state: ScenarioState,
    basis_records: Bases,
    recipient: str,
) -> None:
    """A lawful recipient is the control; immigration enforcement must be named once the
    person was disclosed to it."""
    assert basis_records.access is not None, "a When step must make the subject access request"
    role, response = basis_records.access
    note = ""
    if recipient == RESTRICTED:
        tried = state.tried_where(action=ACTION, role=(role,))
        if not tried or not tried[-1].attempt.allowed:
            raise Inconclusive(
                f"The {role} was not disclosed to immigration enforcement, so the subject access "
                "response had no such disclosure to list."
            )
        if run.jurisdiction != NEW_YORK:
            note = (
                f" (New York's three-day notice is checked only in a {NEW_YORK} run; this run's "
                f"jurisdiction profile is {run.jurisdiction})"
            )
    evidence.record(
        check.response_lists(
            response,
            target.recipient(recipient).id,
            RECIPIENT_WORDS[recipient],
            control=recipient != RESTRICTED,
            note=note,
        )
    )


@then(
    "where New York law applies, the victim is sent a notice naming immigration enforcement within three days"
)
def notice_in_new_york(
    evidence: ScenarioEvidence,
    run: RunSession,
    target: Target,
    state: ScenarioState,
    basis_records: Bases,
) -> None:
    """Only if, because: New York's Vehicle and Traffic Law 201(12)(a) sets the duty; under
    other profiles the previous claim says the notice was not checked."""
    if run.jurisdiction != NEW_YORK:
        return
    disclosed_at = basis_records.disclosed_at.get("victim")
    if disclosed_at is None:
        raise Inconclusive("No disclosure to immigration enforcement was made to be notified of.")
    evidence.record(
        check.notice_sent(
            target.subject_notices(state.person_id("victim")),
            target.recipient(RESTRICTED).id,
            disclosed_at,
        )
    )
