"""Claims about the recipient register: approval before anything flows (FW-12), and a
certification of no immigration use before bulk data flows (FW-11)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from firewall_conformance.audit.log import AuditEntry
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.model.results import Claim
from firewall_conformance.targets.answers import RecipientExport, RegisterEntry
from firewall_conformance.targets.attempt import Attempt


@dataclass
class Registered:
    """A recipient the harness put in the target's register for one scenario."""

    label: str  # how the scenario speaks of it: "the certified recipient"
    name: str
    id: str
    approver: str | None = None
    certified_on: str | None = None
    exports: list[Attempt] | None = None

    def last_export(self) -> Attempt:
        if not self.exports:
            raise Inconclusive(f"No export to {self.label} was attempted.")
        return self.exports[-1]


def export_received(recipient: Registered, *, after: str = "") -> Claim:
    """Positive control: an export to a recipient the register clears goes through and holds
    records. `after` names what changed since an earlier refusal, when there was one: the
    control then also shows that the refusal was for that reason and no other."""
    attempt = recipient.last_export()
    if not attempt.allowed:
        why = (
            f"even after {after}, so the earlier refusal cannot be put down to its absence"
            if after
            else "so a refusal to another recipient would show nothing"
        )
        raise Inconclusive(
            f"The control failed: the system refused a bulk export to {recipient.label}, {why}."
        )
    records = attempt.answer_as(RecipientExport).records
    if records is None:
        raise Inconclusive(
            f"The control failed: the export to {recipient.label} was accepted but the harness "
            "could not read how many records it held (check where the target profile says the "
            "answer gives the record count), so it does not show data flowing."
        )
    if records <= 0:
        raise Inconclusive(
            f"The control failed: the export to {recipient.label} was accepted but held no "
            "records, so it does not show data flowing."
        )
    return Claim(
        claim=f"a bulk export holding {records} records was sent to {recipient.label}"
        + (f" once {after}" if after else ""),
        examined={"exports": 1, "records": records},
        control="cleared recipient",
    )


def certification_shown(recipient: Registered, entry: Attempt) -> Claim:
    """The register shows the recipient's certification with the date it was signed."""
    if not entry.allowed:
        raise Inconclusive(f"The system refused to show the register entry of {recipient.label}.")
    shown = entry.answer_as(RegisterEntry).certified_on
    if not shown:
        raise Breach(
            f"The recipient register does not show the date of {recipient.label}'s certification."
        )
    if not recipient.certified_on:
        raise Inconclusive(
            f"The harness has no record of when {recipient.label}'s certification was signed, "
            "so it cannot tell whether the register shows the right date."
        )
    if not str(shown).startswith(recipient.certified_on):
        raise Breach(
            f"The recipient register shows {recipient.label}'s certification as dated {shown}, "
            f"not {recipient.certified_on}, the date it was signed."
        )
    return Claim(
        claim=f"the register shows {recipient.label}'s certification, dated {shown}",
        examined={"register entries": 1},
    )


def export_refused(recipient: Registered, lacking: str) -> Claim:
    """An export to a recipient the register does not clear is refused."""
    attempt = recipient.last_export()
    if attempt.allowed:
        answer = attempt.readable_answer(RecipientExport)
        held = "" if answer is None or answer.records is None else f" of {answer.records} records"
        raise Breach(f"The system sent a bulk export{held} to {recipient.label}, which {lacking}.")
    return Claim(
        claim=f"the bulk export to {recipient.label}, which {lacking}, was refused",
        examined={"exports refused": 1},
    )


def still_unapproved(recipient: Registered, entry: Attempt) -> Claim:
    """A recipient refused data for want of approval is still unapproved when its register
    entry is read back: the refusal did not approve it on the way. That the entry names an
    approver once there is one is the control (`approver_shown`, later in the scenario)."""
    if not entry.allowed:
        raise Inconclusive(f"The system refused to show the register entry of {recipient.label}.")
    approver = entry.answer_as(RegisterEntry).approved_by
    if approver:
        raise Breach(
            f"After refusing it an export, the recipient register shows {recipient.label} as "
            f"approved by {approver}, though nobody had approved it."
        )
    return Claim(
        claim=f"the register still shows {recipient.label} as unapproved after its export was refused",
        examined={"register entries": 1},
    )


def approver_shown(recipient: Registered, entry: Attempt) -> Claim:
    """Control for `still_unapproved`: once approved, the entry names who approved it, so an
    entry naming nobody earlier meant that nobody had."""
    if not entry.allowed:
        raise Inconclusive(f"The system refused to show the register entry of {recipient.label}.")
    shown = entry.answer_as(RegisterEntry).approved_by
    if not recipient.approver or not shown or recipient.approver not in str(shown):
        raise Inconclusive(
            f"The control failed: the register entry of {recipient.label} does not name "
            f"{recipient.approver or 'its approver'} after approval, so its naming nobody "
            "before approval shows nothing (check where the target profile says the entry "
            "gives `approved_by`)."
        )
    return Claim(
        claim=f"the register shows {recipient.label} approved by {shown}",
        examined={"register entries": 1},
        control="approved recipient",
    )


def approval_logged(entries: Sequence[AuditEntry], recipient: Registered) -> Claim:
    """The approval of the recipient is in the audit log, naming who approved it."""
    if not entries:
        raise Inconclusive("The audit log was empty.")
    approvals = [e for e in entries if e.kind == "approve-recipient" and e.mentions(recipient.id)]
    if not approvals:
        raise Breach(f"The audit log has no entry for the approval of {recipient.label}.")
    approver = recipient.approver
    if not approver:
        raise Inconclusive(
            f"The harness has no record of who approved {recipient.label}, so it cannot tell "
            "whether the audit log names them."
        )
    if not any(e.says(approver) for e in approvals):
        raise Breach(
            f"The audit log records the approval of {recipient.label} but not who approved it."
        )
    return Claim(
        claim=f"the audit log records the approval of {recipient.label} by {approver}",
        examined={"log entries": len(entries)},
    )
