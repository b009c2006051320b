"""Claims about exceptional disclosures on a recorded basis (FW-13) and what a person can
learn about disclosures to immigration enforcement (FW-15)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from firewall_conformance.audit.log import AuditEntry, holds_token
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import scan_document
from firewall_conformance.model.evidence import ScenarioEvidence, Tried
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.model.results import Claim
from firewall_conformance.targets.answers import Notices, SubjectAccess
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.wording.plural import agree, every, listing

NOTICE_DAYS = 3
CLOCK_SKEW = timedelta(minutes=5)


def disclosed_on_basis(evidence: ScenarioEvidence, matcher: CanaryMatcher, tried: Tried) -> Claim:
    """Positive control: an exceptional disclosure on a fitting basis goes through, and the
    detector finds the person's details in what the recipient was sent."""
    who = tried.persona.label
    if not tried.attempt.allowed:
        raise Inconclusive(
            f"The control failed: the system refused an exceptional disclosure of {who} on "
            f"{tried.detail}, so refusals without a basis would show nothing."
        )
    report = scan_document(matcher, tried.attempt.body, "the exceptional disclosure")
    evidence.found(report.findings, f"exceptional disclosure of {who}")
    if who not in report.personas_found():
        raise Inconclusive(
            f"The control failed: the exceptional disclosure of {who} was accepted, but the "
            "detector did not find their details in what the system returned."
        )
    return Claim(
        claim=f"{who} was disclosed to immigration enforcement on {tried.detail}, and the "
        "detector found their details in the disclosure",
        examined={"disclosures": 1, "bytes": report.bytes},
        control="recorded basis",
    )


def basis_logged(
    entries: Sequence[AuditEntry], tried: Tried, basis_id: str, approver: str
) -> Claim:
    """The exceptional disclosure's log entry names its basis record and who signed it off."""
    if not entries:
        raise Inconclusive("The audit log was empty.")
    logged = [
        e
        for e in entries
        if e.kind == "exceptional-disclose" and not e.refused and e.mentions(tried.person_id)
    ]
    if not logged:
        raise Breach(
            f"The audit log has no entry for the exceptional disclosure of {tried.persona.label}."
        )
    missing = [
        what
        for what, value in (("the basis record", basis_id), ("who signed it off", approver))
        if not any(e.says(value) for e in logged)
    ]
    if missing:
        raise Breach(
            f"The audit entry for the exceptional disclosure of {tried.persona.label} does not "
            f"name {listing(missing)}."
        )
    return Claim(
        claim=f"the audit log entry for the exceptional disclosure of {tried.persona.label} "
        f"names the basis record and {approver}, who signed it off",
        examined={"log entries": len(entries)},
    )


def all_refused(attempts: Sequence[Tried]) -> Claim:
    """Every exceptional disclosure without a fitting basis record was refused. An attempt
    whose `detail` was never put to the test (the system would not even record the basis)
    is named as such in the claim."""
    if not attempts:
        raise Inconclusive("No exceptional disclosure without a basis was attempted.")
    through = [f"{t.persona.label} on {t.detail}" for t in attempts if t.attempt.allowed]
    if through:
        raise Breach(
            f"The system made an exceptional disclosure to immigration enforcement of "
            f"{listing(through)}."
        )
    return Claim(
        claim=f"{every(len(attempts), 'exceptional disclosures')} without a fitting basis on "
        f"record for that person {agree(len(attempts), 'was', 'were')} refused "
        f"(on {listing([t.detail for t in attempts])})",
        examined={"disclosure attempts": len(attempts)},
    )


def _text(item: Any) -> str:
    """Every value in an item of an answer, nested ones included, as one text."""
    if isinstance(item, dict):
        return " ".join(_text(value) for value in item.values())
    if isinstance(item, list):
        return " ".join(_text(value) for value in item)
    return "" if item is None else str(item)


def _names(item: Any, recipient_id: str) -> bool:
    """True when the item names the recipient's id as a whole token ('hoie', not 'hoie-2')."""
    return holds_token(_text(item), recipient_id)


def response_lists(
    response: Attempt, recipient_id: str, recipient: str, *, control: bool, note: str = ""
) -> Claim:
    """A subject access response lists a recipient the person's data went to. As the
    control (a lawful recipient), a miss is inconclusive; for immigration enforcement, a breach
    (the harness recorded no restriction of the person's right of access)."""
    if not response.allowed:
        raise Inconclusive("The system refused to answer the subject access request.")
    access = response.answer_as(SubjectAccess)
    listed = access.recipients
    if not any(_names(item, recipient_id) for item in listed):
        if control:
            raise Inconclusive(
                f"The control failed: the subject access response does not name {recipient}, "
                "to whom the person was disclosed, so a missing entry for immigration "
                "enforcement would show nothing."
            )
        restricted = " and did not say that a restriction applied"
        if access.restricted:
            restricted = (
                ", saying a restriction applied, although none was recorded for this person"
            )
        raise Breach(
            f"The subject access response left out the disclosure to {recipient}{restricted}."
        )
    return Claim(
        claim=f"the subject access response names {recipient}{note}",
        examined={"recipients listed": len(listed)},
        control="lawful recipient" if control else None,
    )


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def _notice_column(column: list[Any] | None, name: str, what: str, notices: int) -> list[Any]:
    """One value per notice from the column the profile maps `name` to; without one, no
    notice can be judged."""
    if column is None or len(column) != notices:
        raise Inconclusive(
            f"The target profile does not say where a notice shows {what} ('{name}' "
            "under the notices request), so no notice could be judged."
        )
    return column


def notice_sent(
    answer: Attempt, recipient_id: str, disclosed_at: datetime, now: datetime | None = None
) -> Claim:
    """New York: a notice naming the agency is sent within three days of the disclosure.

    Only a notice seen sent in time passes. One still waiting to be sent but due within the
    three days cannot be judged yet (inconclusive); one sent, or due, later than that is a
    breach. The profile must say where each notice names the agency and when it was sent:
    without that, nothing was seen (inconclusive)."""
    now = now or datetime.now(UTC)
    if not answer.allowed:
        raise Inconclusive("The system refused to list the notices sent to the person.")
    notices = answer.answer_as(Notices)
    items = notices.items
    recipients = _notice_column(notices.recipient, "recipient", "which agency it names", len(items))
    sent_at = _notice_column(notices.sent_at, "sent_at", "when it was sent", len(items))
    dues = notices.due_by if notices.due_by is not None else [None] * len(items)
    naming = [
        (sent, due)
        for named, sent, due in zip(recipients, sent_at, dues, strict=True)
        if _names(named, recipient_id)
    ]
    if not naming:
        raise Breach(
            "The system holds no notice to the person naming immigration enforcement, sent or "
            "due, after their data was disclosed to it."
        )
    deadline = disclosed_at + timedelta(days=NOTICE_DAYS) + CLOCK_SKEW
    late: list[str] = []
    pending: list[str] = []
    unclear: list[str] = []
    for sent_value, due_value in naming:
        sent, due = _when(sent_value), _when(due_value)
        if sent is not None:
            if disclosed_at - CLOCK_SKEW <= sent <= deadline:
                return Claim(
                    claim=f"a notice naming immigration enforcement was sent to the person at "
                    f"{sent.isoformat()}, within {NOTICE_DAYS} days of the disclosure",
                    examined={"notices": len(items)},
                )
            if sent > deadline:
                late.append(f"sent at {sent.isoformat()}")
            else:
                unclear.append(f"one was sent at {sent.isoformat()}, before the disclosure")
        elif sent_value not in (None, ""):
            unclear.append(f"one gave its time of sending as {sent_value!r}")
        elif now > deadline:
            late.append(f"still not sent {NOTICE_DAYS} days after the disclosure")
        elif due is not None and due > deadline:
            late.append(f"not sent, and due only by {due.isoformat()}")
        elif due is not None:
            pending.append(due.isoformat())
        else:
            unclear.append("one is not sent and gives no date it is due")
    if pending:
        raise Inconclusive(
            f"A notice naming immigration enforcement is due by {pending[0]}, within "
            f"{NOTICE_DAYS} days of the disclosure, but was not yet sent when the run looked, "
            "so whether it is sent in time could not be seen."
        )
    if unclear:
        raise Inconclusive(
            f"Of the notices naming immigration enforcement, {listing(unclear)}, so the "
            f"{NOTICE_DAYS}-day limit could not be checked."
        )
    raise Breach(
        f"The notice naming immigration enforcement is not sent within {NOTICE_DAYS} days of "
        f"the disclosure: {listing(late)}."
    )
