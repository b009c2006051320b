"""The recipient register: recipients the harness registers, approves, certifies and exports to.

Every recipient registered here is removed after the scenario; a removal the target refuses
is reported with the run's clean-up problems.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

import pytest
from pytest_bdd import given, parsers, then, when

from firewall_conformance import canary_text
from firewall_conformance.checks import recipients as check
from firewall_conformance.checks.recipients import Registered
from firewall_conformance.evidence import ScenarioEvidence
from firewall_conformance.outcomes import CapabilityMissing, Inconclusive
from firewall_conformance.session import RunSession
from firewall_conformance.targets.asking_again import attempt_twice
from firewall_conformance.targets.base import Target

CERTIFICATION_DAYS = 365


@pytest.fixture
def harness_recipients() -> dict[str, Registered]:
    """The recipients this scenario registered, by how the scenario speaks of them."""
    return {}


def _register(
    request: pytest.FixtureRequest,
    run: RunSession,
    target: Target,
    harness_recipients: dict[str, Registered],
    label: str,
) -> Registered:
    name = canary_text.recipient_name()
    attempt = target.register_recipient(name)
    recipient_id = attempt.returned.get("id")
    if not attempt.allowed or not recipient_id:
        raise Inconclusive(f"The system would not register {label} for the test.")
    recipient = Registered(label=label, name=name, id=str(recipient_id), exports=[])
    harness_recipients[label] = recipient

    def remove() -> None:
        try:
            if not target.remove_recipient(recipient.id).allowed:
                run.cleanup.problems.append(
                    f"the system refused to remove the test recipient {recipient.name}"
                )
        except (Inconclusive, CapabilityMissing) as exc:
            run.cleanup.problems.append(f"removing the test recipient {recipient.name}: {exc}")

    request.addfinalizer(remove)
    return recipient


def _approve(target: Target, recipient: Registered) -> None:
    recipient.approver = canary_text.approver("Chief Inspector")
    if not target.approve_recipient(recipient.id, recipient.approver).allowed:
        raise Inconclusive(f"The system would not approve {recipient.label}.")


def _certify(target: Target, recipient: Registered) -> None:
    today = date.today()
    signed = target.certify_recipient(
        recipient.id,
        signatory=f"Data protection officer of {recipient.name}",
        signed_on=today.isoformat(),
        valid_until=(today + timedelta(days=CERTIFICATION_DAYS)).isoformat(),
    )
    if not signed.allowed:
        raise Inconclusive(f"The system would not record the certification of {recipient.label}.")
    recipient.certified_on = today.isoformat()


@given(
    "a new recipient, classified, approved and certified to make no immigration use of the "
    "data and pass none of it to immigration enforcement"
)
def certified_recipient(
    request: pytest.FixtureRequest,
    run: RunSession,
    target: Target,
    harness_recipients: dict[str, Registered],
) -> None:
    recipient = _register(request, run, target, harness_recipients, "the certified recipient")
    _approve(target, recipient)
    _certify(target, recipient)


@given("another new recipient, classified and approved, that has given no certification")
def uncertified_recipient(
    request: pytest.FixtureRequest,
    run: RunSession,
    target: Target,
    harness_recipients: dict[str, Registered],
) -> None:
    recipient = _register(request, run, target, harness_recipients, "the uncertified recipient")
    _approve(target, recipient)


@given(
    "a new recipient, registered and certified to make no immigration use of the data, "
    "that nobody has classified or approved yet"
)
def unapproved_recipient(
    request: pytest.FixtureRequest,
    run: RunSession,
    target: Target,
    harness_recipients: dict[str, Registered],
) -> None:
    recipient = _register(request, run, target, harness_recipients, "the new recipient")
    _certify(target, recipient)


@when("the new recipient is classified and approved")
def approve_new(target: Target, harness_recipients: dict[str, Registered]) -> None:
    _approve(target, harness_recipients["the new recipient"])


@when(parsers.re(r"the system (?:sends|tries to send) a bulk export to (?P<label>.+)"))
def export_to(target: Target, harness_recipients: dict[str, Registered], label: str) -> None:
    recipient = harness_recipients[label]
    assert recipient.exports is not None, f"{label} was registered with no list of exports"
    recipient.exports.append(attempt_twice(partial(target.export_to_recipient, recipient.id)))


@then(parsers.re(r"(?P<label>.+?) (?P<now>now )?receives the export"))
def export_received(
    evidence: ScenarioEvidence,
    harness_recipients: dict[str, Registered],
    label: str,
    now: str | None,
) -> None:
    """ "Now": after it was approved, which is the only change a scenario makes to a recipient."""
    evidence.record(
        check.export_received(
            harness_recipients[label], after="it was classified and approved" if now else ""
        )
    )


@then(parsers.re(r"the export to (?P<label>.+) is refused"))
def export_refused(
    evidence: ScenarioEvidence, harness_recipients: dict[str, Registered], label: str
) -> None:
    """The reason it must be refused is what the recipient lacks."""
    recipient = harness_recipients[label]
    why = (
        "nobody had classified or approved"
        if recipient.approver is None
        else "has given no certification"
    )
    evidence.record(check.export_refused(recipient, why))


@then("the register shows the date of the certified recipient's certification")
def certification_dated(
    evidence: ScenarioEvidence, target: Target, harness_recipients: dict[str, Registered]
) -> None:
    recipient = harness_recipients["the certified recipient"]
    evidence.record(check.certification_shown(recipient, target.read_recipient(recipient.id)))


@then("the register still shows the new recipient as unapproved")
def still_unapproved(
    evidence: ScenarioEvidence, target: Target, harness_recipients: dict[str, Registered]
) -> None:
    recipient = harness_recipients["the new recipient"]
    evidence.record(check.still_unapproved(recipient, target.read_recipient(recipient.id)))


@then("the register shows who approved the new recipient")
def approver_shown(
    evidence: ScenarioEvidence, target: Target, harness_recipients: dict[str, Registered]
) -> None:
    recipient = harness_recipients["the new recipient"]
    evidence.record(check.approver_shown(recipient, target.read_recipient(recipient.id)))


@then("the audit log records who approved the new recipient")
def approval_logged(
    evidence: ScenarioEvidence, target: Target, harness_recipients: dict[str, Registered]
) -> None:
    evidence.record(
        check.approval_logged(
            target.audit_log("approve-recipient"), harness_recipients["the new recipient"]
        )
    )
