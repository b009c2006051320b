"""Recipients the harness puts in a target's register for one scenario: registered, approved and
certified as the scenario needs, and removed after it. A removal the target refuses is reported
with the run's clean-up problems, as a test recipient left behind could be sent real data.

`on_exit` is how the caller runs something after the scenario (pytest's `addfinalizer`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from firewall_conformance.claims.recipients import Registered
from firewall_conformance.model.outcomes import CapabilityMissing, Inconclusive
from firewall_conformance.persons import canary_text
from firewall_conformance.targets.answers import RegisteredRecipient
from firewall_conformance.targets.base import Target

CERTIFICATION_DAYS = 365


def register(
    target: Target,
    label: str,
    on_exit: Callable[[Callable[[], None]], None],
    problems: list[str],
) -> Registered:
    """Register a new recipient, spoken of as `label`, and remove it after the scenario."""
    name = canary_text.recipient_name()
    attempt = target.register_recipient(name)
    if not attempt.allowed:
        raise Inconclusive(f"The system would not register {label} for the test.")
    recipient_id = attempt.answer_as(RegisteredRecipient).id
    recipient = Registered(label=label, name=name, id=recipient_id, exports=[])

    def remove() -> None:
        try:
            if not target.remove_recipient(recipient.id).allowed:
                problems.append(f"the system refused to remove the test recipient {recipient.name}")
        except (Inconclusive, CapabilityMissing) as exc:
            problems.append(f"removing the test recipient {recipient.name}: {exc}")

    on_exit(remove)
    return recipient


def approve(target: Target, recipient: Registered) -> None:
    """Classify and approve the recipient, naming a made-up approver."""
    recipient.approver = canary_text.approver("Chief Inspector")
    if not target.approve_recipient(recipient.id, recipient.approver).allowed:
        raise Inconclusive(f"The system would not approve {recipient.label}.")


def certify(target: Target, recipient: Registered, today: date | None = None) -> None:
    """Record the recipient's certification of no immigration use, signed today, for a year."""
    signed_on = today or date.today()
    signed = target.certify_recipient(
        recipient.id,
        signatory=f"Data protection officer of {recipient.name}",
        signed_on=signed_on.isoformat(),
        valid_until=(signed_on + timedelta(days=CERTIFICATION_DAYS)).isoformat(),
    )
    if not signed.allowed:
        raise Inconclusive(f"The system would not record the certification of {recipient.label}.")
    recipient.certified_on = signed_on.isoformat()
