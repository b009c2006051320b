"""Domain operations: everything the suite asks of a system beyond the core capabilities.

Each operation is a typed method with a default body built on one primitive, `operate`
(capability, operation, values, account). The declarative HTTP adapter implements `operate`
once from the profile's request templates, so a new obligation adds a method here and a
request to the profile, not a new code path in every adapter. A vendor's own Python adapter
may implement `operate`, or override the typed methods it prefers to write by hand.

An operation the target does not declare raises CapabilityMissing, so the scenario that needs
it is NOT TESTED, never passed.
"""

from __future__ import annotations

from typing import Any, Protocol

from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.profile import Recipient


class Operations(Protocol):
    def operate(
        self,
        capability: str,
        operation: str,
        values: dict[str, Any],
        account: str | None = None,
    ) -> Attempt:
        """Ask the target to do one declared operation of a capability.

        `values` fill the operation's request; an accepted attempt's `answer` is the
        operation's typed answer (targets/answers.py), holding the values it declares it
        returns. Raises CapabilityMissing when the capability or the operation is not declared,
        Inconclusive when the target answers unexpectedly or its answer cannot be read."""

    # -- FW-16: tasks and prompts raised on a case ----------------------------------------

    def case_tasks(self, case_id: str) -> Attempt:
        """The tasks, prompts and referrals the system has raised on a case, as `items`."""
        return self.operate("tasks", "list", {"case_id": case_id})

    # -- FW-17: e-mail through the system's gateway ---------------------------------------

    def send_mail(self, recipient_class: str, subject: str, text: str) -> Attempt:
        """Send an e-mail through the gateway to the address staff use for a recipient class."""
        operation = f"send_to_{recipient_class.replace('-', '_')}"
        return self.operate("mail", operation, {"subject": subject, "text": text})

    # -- FW-18: fingerprints --------------------------------------------------------------

    def submit_prints(self, kind: str, case_id: str, person_id: str) -> Attempt:
        """Submit a person's fingerprints taken in a case; `kind` is 'arrest' or 'elimination'.
        Returns whether the system sent them for an immigration check (`checked`) or held
        them for review (`held`)."""
        return self.operate(
            "biometrics", f"{kind}_prints", {"case_id": case_id, "person_id": person_id}
        )

    # -- FW-19: safeguarding and modern-slavery referrals ---------------------------------

    def refer(self, scheme: str, case_id: str, person_id: str) -> Attempt:
        """Refer a person under a scheme ('safeguarding' or 'modern_slavery'); returns the
        `payload` the system sent and its handling `marker`."""
        return self.operate("referrals", scheme, {"case_id": case_id, "person_id": person_id})

    # -- FW-20: reporting a crime and victim services -------------------------------------

    def report_crime(self, values: dict[str, Any]) -> Attempt:
        """Take a crime report from a member of the public; `values` are the reporter's details
        (a persona's attributes and `identity_document`, None when they have none), `offence`
        and `narrative`. Returns the `case_id` and `person_id` the report created."""
        return self.operate("crime-reports", "report", values)

    def refer_to_victim_services(self, case_id: str, person_id: str) -> Attempt:
        """Refer a victim who reported a crime to victim support services."""
        return self.operate(
            "crime-reports", "victim_services", {"case_id": case_id, "person_id": person_id}
        )

    # -- FW-23: what can be done about a person in a case ---------------------------------

    def person_actions(self, case_id: str, person_id: str) -> Attempt:
        """The actions the system offers for a person in a case; returns whether referral to
        immigration enforcement (`refer_to_ie`) and signposting to independent advice
        (`signposting`) are offered."""
        return self.operate(
            "case-actions", "available", {"case_id": case_id, "person_id": person_id}
        )

    def refer_to_immigration_enforcement(self, case_id: str, person_id: str) -> Attempt:
        """Refer a person in a case to immigration enforcement."""
        return self.operate(
            "case-actions", "refer_to_ie", {"case_id": case_id, "person_id": person_id}
        )

    def signpost(self, case_id: str, person_id: str) -> Attempt:
        """Signpost a person to independent immigration advice."""
        return self.operate(
            "case-actions", "signpost", {"case_id": case_id, "person_id": person_id}
        )

    # -- FW-11, FW-12: the recipient register ---------------------------------------------

    def register_recipient(self, name: str) -> Attempt:
        """Register a new recipient or integration by name; returns its `id`."""
        return self.operate("recipient-register", "register", {"name": name})

    def approve_recipient(self, recipient_id: str, approver: str) -> Attempt:
        """Classify and approve a registered recipient, naming who approves it."""
        return self.operate(
            "recipient-register", "approve", {"recipient_id": recipient_id, "approver": approver}
        )

    def certify_recipient(
        self, recipient_id: str, signatory: str, signed_on: str, valid_until: str
    ) -> Attempt:
        """Record the recipient's certification (no immigration use, no onward disclosure to
        immigration enforcement), signed on `signed_on` and valid until `valid_until`
        (ISO dates)."""
        return self.operate(
            "recipient-register",
            "certify",
            {
                "recipient_id": recipient_id,
                "signatory": signatory,
                "signed_on": signed_on,
                "valid_until": valid_until,
            },
        )

    def read_recipient(self, recipient_id: str) -> Attempt:
        """A recipient's register entry; returns its `certified_on` date and `approved_by`."""
        return self.operate("recipient-register", "read", {"recipient_id": recipient_id})

    def remove_recipient(self, recipient_id: str) -> Attempt:
        """Remove (or retire) a recipient the harness registered."""
        return self.operate("recipient-register", "remove", {"recipient_id": recipient_id})

    def export_to_recipient(self, recipient_id: str) -> Attempt:
        """Ask for a bulk export to a recipient named by its register id; returns the number
        of `records` it holds."""
        return self.operate("recipient-register", "export_to", {"recipient_id": recipient_id})

    # -- FW-13: exceptional disclosures ---------------------------------------------------

    def record_disclosure_basis(
        self, person_id: str, kind: str, reference: str, approver: str | None
    ) -> Attempt:
        """Record a basis for an exceptional disclosure about a person; `kind` is 'consent',
        'warrant' or 'safeguarding', `approver` who signed it off (None: nobody yet). Returns
        the record's `id`."""
        return self.operate(
            "exceptional-disclosure",
            f"record_{kind}",
            {"person_id": person_id, "reference": reference, "approver": approver},
        )

    def disclose_exceptionally(self, recipient_id: str, person_id: str, basis: str) -> Attempt:
        """Disclose a person to a recipient exceptionally, naming the basis record by `basis`."""
        return self.operate(
            "exceptional-disclosure",
            "disclose",
            {"recipient_id": recipient_id, "person_id": person_id, "basis": basis},
        )

    # -- FW-15: subject access and notices ------------------------------------------------

    def subject_access(self, person_id: str) -> Attempt:
        """Answer a subject access request for a person; returns the `recipients` listed
        (each a register id) and whether a `restricted` access applies."""
        return self.operate("subject-access", "request", {"person_id": person_id})

    def subject_notices(self, person_id: str) -> Attempt:
        """The notices sent to a person about disclosures to immigration enforcement, as
        `items`, with each one's `recipient`, `sent_at` and `due_by` as lists in item order."""
        return self.operate("subject-access", "notices", {"person_id": person_id})

    # -- FW-06, FW-07, FW-10: roles in a case, what was recorded, the case file -----------

    def add_to_case(self, case_id: str, person_id: str, role: str) -> Attempt:
        """Record a person already on the system in another case, in a role."""
        return self.operate(
            "case-roles", "add", {"case_id": case_id, "person_id": person_id, "role": role}
        )

    def change_role(
        self,
        case_id: str,
        person_id: str,
        from_role: str,
        to_role: str,
        reason: str | None,
        approver: str | None,
    ) -> Attempt:
        """Change a person's role in a case, giving a reason and who approved it (None: give
        none)."""
        return self.operate(
            "case-roles",
            "change",
            {
                "case_id": case_id,
                "person_id": person_id,
                "from_role": from_role,
                "to_role": to_role,
                "reason": reason,
                "approver": approver,
            },
        )

    def record_material(self, case_id: str, person_id: str | None, kind: str, text: str) -> Attempt:
        """Record free text on a case: a person's 'statement' or 'refuge-address', or an
        'intelligence' entry about the case (`person_id` None)."""
        return self.operate(
            "case-material",
            "record",
            {"case_id": case_id, "person_id": person_id, "kind": kind, "text": text},
        )

    def case_file(self, case_id: str, recipient: Recipient) -> Attempt:
        """Prepare the file of one case for a recipient; returns the file as the `body`."""
        return self.operate(
            "case-file",
            "prepare",
            {
                "case_id": case_id,
                "recipient": recipient.id,
                "purpose": recipient.purpose,
                "legal_basis": recipient.legal_basis,
            },
        )

    def publish_statistics(self, period_from: str, period_to: str) -> Attempt:
        """Publish the statistics on disclosures to immigration enforcement for the months
        from `period_from` to `period_to` ('YYYY-MM'); returns `cells`, `totals`, `threshold`
        (FW-21)."""
        return self.operate(
            "statistics", "publish", {"period_from": period_from, "period_to": period_to}
        )

    def retention_schedule(self) -> Attempt:
        """How long victims' and witnesses' data is kept after a case closes; returns `years`."""
        return self.operate("retention", "schedule", {})

    def close_case(self, case_id: str, closed_on: str) -> Attempt:
        """Record that a case closed on `closed_on` (ISO date, in the past)."""
        return self.operate("retention", "close_case", {"case_id": case_id, "closed_on": closed_on})

    def retention_review(self) -> Attempt:
        """Run the retention review now: it erases what is already due (FW-22)."""
        return self.operate("retention", "review", {})
