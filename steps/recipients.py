"""The recipient register: recipients the harness registers, approves, certifies and exports to
(recipients/registration.py), each removed after the scenario."""

from __future__ import annotations

from functools import partial

import pytest
from pytest_bdd import parsers, then

from firewall_conformance.claims import recipients as check
from firewall_conformance.claims.recipients import Registered
from firewall_conformance.model.evidence import ScenarioEvidence
from firewall_conformance.recipients.registration import approve, certify, register
from firewall_conformance.run.pytest_hooks import RunSession
from firewall_conformance.targets.asking_again import attempt_twice
from firewall_conformance.targets.base import Target
from steps.acts import RECORDED, SYSTEM
from steps.claims import LOGGED, REFUSED, SHOWN
from steps.set_up import NEW_RECIPIENTS
from steps.vocabulary import one_of


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
    recipient = register(target, label, request.addfinalizer, run.cleanup.problems)
    harness_recipients[label] = recipient
    return recipient


def _registered(harness_recipients: dict[str, Registered], label: str) -> Registered:
    assert label in harness_recipients, (
        f"no recipient called '{label}' was registered before this step (a Given step must "
        "register it)"
    )
    return harness_recipients[label]


@NEW_RECIPIENTS.phrase(
    "classified, approved and certified to make no immigration use of the "
    "data and pass none of it to immigration enforcement"
)
def certified_recipient(
    request: pytest.FixtureRequest,
    run: RunSession,
    target: Target,
    harness_recipients: dict[str, Registered],
) -> None:
    recipient = _register(request, run, target, harness_recipients, "the certified recipient")
    approve(target, recipient)
    certify(target, recipient)


@NEW_RECIPIENTS.phrase("classified and approved, that has given no certification")
def uncertified_recipient(
    request: pytest.FixtureRequest,
    run: RunSession,
    target: Target,
    harness_recipients: dict[str, Registered],
) -> None:
    recipient = _register(request, run, target, harness_recipients, "the uncertified recipient")
    approve(target, recipient)


@NEW_RECIPIENTS.phrase(
    "registered and certified to make no immigration use of the data, "
    "that nobody has classified or approved yet"
)
def unapproved_recipient(
    request: pytest.FixtureRequest,
    run: RunSession,
    target: Target,
    harness_recipients: dict[str, Registered],
) -> None:
    recipient = _register(request, run, target, harness_recipients, "the new recipient")
    certify(target, recipient)


@RECORDED.phrase("the new recipient is recorded as classified and approved")
def approve_new(target: Target, harness_recipients: dict[str, Registered]) -> None:
    approve(target, _registered(harness_recipients, "the new recipient"))


@SYSTEM.phrase(r"(?:sends|tries to send) a bulk export to (?P<label>.+)")
def export_to(target: Target, harness_recipients: dict[str, Registered], label: str) -> None:
    recipient = _registered(harness_recipients, label)
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
            _registered(harness_recipients, label),
            after="it was classified and approved" if now else "",
        )
    )


@REFUSED.phrase(r"the export to (?P<label>.+)")
def export_refused(
    evidence: ScenarioEvidence, harness_recipients: dict[str, Registered], label: str
) -> None:
    """The reason it must be refused is what the recipient lacks."""
    recipient = _registered(harness_recipients, label)
    why = (
        "nobody had classified or approved"
        if recipient.approver is None
        else "has given no certification"
    )
    evidence.record(check.export_refused(recipient, why))


# What the register is read for, and about which of the scenario's recipients.
REGISTER_SHOWS = {
    "the date of the certified recipient's certification": (
        "the certified recipient",
        check.certification_shown,
    ),
    "the new recipient as still unapproved": ("the new recipient", check.still_unapproved),
    "who approved the new recipient": ("the new recipient", check.approver_shown),
}


@SHOWN.phrase(one_of("shown", REGISTER_SHOWS))
def register_shows(
    evidence: ScenarioEvidence,
    target: Target,
    harness_recipients: dict[str, Registered],
    shown: str,
) -> None:
    label, claim = REGISTER_SHOWS[shown]
    recipient = _registered(harness_recipients, label)
    evidence.record(claim(recipient, target.read_recipient(recipient.id)))


@LOGGED.phrase("who approved the new recipient")
def approval_logged(
    evidence: ScenarioEvidence, target: Target, harness_recipients: dict[str, Registered]
) -> None:
    evidence.record(
        check.approval_logged(
            target.audit_log("approve-recipient"),
            _registered(harness_recipients, "the new recipient"),
        )
    )
