"""Exceptional disclosures on a recorded basis, and what the person can learn of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from pytest_bdd import parsers, then, when

from firewall_conformance import canary_text
from firewall_conformance.checks import exceptional_disclosures as check
from firewall_conformance.evidence import ScenarioEvidence, ScenarioState, Tried
from firewall_conformance.outcomes import Inconclusive
from firewall_conformance.session import RunSession
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.base import Target

ACTION = "exceptional-disclose"
RESTRICTED = "immigration-enforcement"
NEW_YORK = "us-ny"


@dataclass
class Bases:
    """The basis records this scenario made, and when disclosures on them were made."""

    ids: dict[str, str] = field(default_factory=dict)  # "role kind" -> basis record id
    approvers: dict[str, str] = field(default_factory=dict)  # "role kind" -> who signed off
    disclosed_at: dict[str, datetime] = field(default_factory=dict)  # role -> when
    access: dict[str, Attempt] = field(default_factory=dict)  # role -> subject access answer


@pytest.fixture
def basis_records() -> Bases:
    return Bases()


def _record(
    target: Target,
    state: ScenarioState,
    basis_records: Bases,
    role: str,
    kind: str,
) -> None:
    reference, approver = canary_text.basis_record(kind)
    attempt = target.record_disclosure_basis(
        state.person_id(role), kind, reference=reference, approver=approver
    )
    basis_id = attempt.returned.get("id")
    if not attempt.allowed or not basis_id:
        raise Inconclusive(
            f"The system would not record the {kind} basis for {state.cast[role].label}."
        )
    basis_records.ids[f"{role} {kind}"] = str(basis_id)
    basis_records.approvers[f"{role} {kind}"] = approver or ""


@when(
    parsers.parse(
        "the {role:w}'s informed consent to a disclosure to immigration enforcement is "
        "recorded, signed off by a supervisor"
    )
)
def record_consent(target: Target, state: ScenarioState, basis_records: Bases, role: str) -> None:
    _record(target, state, basis_records, role, "consent")


@when(
    parsers.parse(
        "a judicial warrant for a disclosure of the {role:w} to immigration enforcement is recorded"
    )
)
def record_warrant(target: Target, state: ScenarioState, basis_records: Bases, role: str) -> None:
    _record(target, state, basis_records, role, "warrant")


def _disclose(target: Target, state: ScenarioState, role: str, basis: str, detail: str) -> None:
    recipient_id = target.recipient(RESTRICTED).id
    person_id = state.person_id(role)
    attempt = target.disclose_exceptionally(recipient_id, person_id, basis)
    state.tried.append(
        Tried(ACTION, state.cast[role], person_id, attempt, recipient=RESTRICTED, detail=detail)
    )


@when(
    parsers.parse(
        "an officer discloses the {role:w} to immigration enforcement exceptionally, "
        "on that {kind:w}"
    )
)
def disclose_on_basis(
    run: RunSession,
    target: Target,
    state: ScenarioState,
    basis_records: Bases,
    role: str,
    kind: str,
) -> None:
    basis_id = basis_records.ids.get(f"{role} {kind}")
    if basis_id is None:
        raise Inconclusive(f"No {kind} basis for {state.cast[role].label} was recorded.")
    basis_records.disclosed_at[role] = datetime.now(UTC)
    detail = {"consent": f"the {role}'s recorded consent", "warrant": "a judicial warrant"}
    _disclose(target, state, role, basis_id, detail.get(kind, f"a recorded {kind}"))
    run.egress.set_aside(state.cast[role], f"disclosed on {detail.get(kind, 'a recorded basis')}")


@when(
    "an officer tries to disclose the witness to immigration enforcement exceptionally, "
    "on the victim's consent"
)
def disclose_on_someone_elses_basis(
    target: Target, state: ScenarioState, basis_records: Bases
) -> None:
    if "victim consent" not in basis_records.ids:
        raise Inconclusive("No consent of the victim was recorded.")
    _disclose(target, state, "witness", basis_records.ids["victim consent"], "the victim's consent")


@when(
    "an officer tries to disclose the witness to immigration enforcement exceptionally, "
    "on a record that does not exist"
)
def disclose_on_nothing(target: Target, state: ScenarioState) -> None:
    _disclose(
        target, state, "witness", canary_text.missing_record(), "a record that does not exist"
    )


UNSIGNED = "a safeguarding need no supervisor had signed off"


@when(
    parsers.parse(
        "a safeguarding need of the {role:w} is recorded by an officer, but no supervisor has "
        "signed it off"
    )
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
    basis_id = attempt.returned.get("id")
    if not basis_id:
        raise Inconclusive(
            f"The system recorded {state.cast[role].label}'s safeguarding need but gave no "
            "record to disclose on."
        )
    basis_records.ids[f"{role} unsigned safeguarding"] = str(basis_id)


@when(
    parsers.parse(
        "an officer tries to disclose the {role:w} to immigration enforcement exceptionally, "
        "on that safeguarding need"
    )
)
def disclose_on_unsigned(
    target: Target, state: ScenarioState, basis_records: Bases, role: str
) -> None:
    basis_id = basis_records.ids.get(f"{role} unsigned safeguarding")
    if basis_id is None:
        return  # the system refused to record it; that refusal is already among the attempts
    _disclose(target, state, role, basis_id, UNSIGNED)


@then(parsers.parse("immigration enforcement receives the {role:w}'s details"))
def received_on_basis(evidence: ScenarioEvidence, state: ScenarioState, role: str) -> None:
    tried = state.tried_where(action=ACTION, role=(role,))
    if not tried:
        raise Inconclusive(f"No exceptional disclosure of the {role} was attempted.")
    evidence.record(check.disclosed_on_basis(evidence, state.matcher, tried[-1]))


@then("the audit log entry for that disclosure names the consent record and who signed it off")
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


@then("every exceptional disclosure without a fitting basis on record for that person is refused")
def refused_without_basis(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    evidence.record(check.all_refused(state.tried_where(action=ACTION, role=("witness",))))


@when(parsers.parse("the {role:w} makes a subject access request"))
def subject_access(target: Target, state: ScenarioState, basis_records: Bases, role: str) -> None:
    basis_records.access[role] = target.subject_access(state.person_id(role))


@then("the response names the prosecution service")
def names_prosecution(evidence: ScenarioEvidence, target: Target, basis_records: Bases) -> None:
    evidence.record(
        check.response_lists(
            basis_records.access["victim"],
            target.recipient("prosecution").id,
            "the prosecution service",
            control=True,
        )
    )


@then("the response names immigration enforcement")
def names_immigration_enforcement(
    evidence: ScenarioEvidence,
    run: RunSession,
    target: Target,
    state: ScenarioState,
    basis_records: Bases,
) -> None:
    tried = state.tried_where(action=ACTION, role=("victim",))
    if not tried or not tried[-1].attempt.allowed:
        raise Inconclusive(
            "The victim was not disclosed to immigration enforcement, so the subject access "
            "response had no such disclosure to list."
        )
    note = (
        ""
        if run.jurisdiction == NEW_YORK
        else f" (New York's three-day notice is checked only in a {NEW_YORK} run; this run's "
        f"jurisdiction profile is {run.jurisdiction})"
    )
    evidence.record(
        check.response_lists(
            basis_records.access["victim"],
            target.recipient(RESTRICTED).id,
            "immigration enforcement",
            control=False,
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
