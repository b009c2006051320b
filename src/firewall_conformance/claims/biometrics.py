"""Claims about fingerprints and immigration biometric checks (FW-18)."""

from __future__ import annotations

from collections.abc import Sequence

from firewall_conformance.audit.log import AuditEntry
from firewall_conformance.model.evidence import Tried
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.model.results import Claim
from firewall_conformance.targets.answers import PrintsSubmitted
from firewall_conformance.wording.plural import listing


def _logged_check(entries: Sequence[AuditEntry], person_id: str) -> bool:
    return any(e.kind == "biometric-check" and not e.refused and e.says(person_id) for e in entries)


def _unseen(tried: Tried) -> str | None:
    """Why the answer to a submission cannot show the prints were kept from an immigration
    check: refused (so not submitted at all), or silent on whether they were checked."""
    what = f"{tried.persona.label}'s {tried.detail} fingerprints"
    if not tried.attempt.allowed:
        return f"the system refused {what} ({tried.attempt.status})"
    answer = tried.attempt.answer_as(PrintsSubmitted)
    if answer.checked is None and answer.held is not True:
        return f"the system did not say whether it sent {what} for an immigration check"
    return None


def _sent(entries: Sequence[AuditEntry], tried: Tried) -> bool:
    """Sent for an immigration check, by the system's own answer or by its audit log."""
    answer = tried.attempt.accepted_answer(PrintsSubmitted)
    said = answer is not None and bool(answer.checked)
    return said or _logged_check(entries, tried.person_id)


def checked(entries: Sequence[AuditEntry], tried: Tried) -> Claim:
    """Positive control: a suspect's arrest prints are checked, and both the answer and the
    audit log show it, so the absence of a check can be seen."""
    who = tried.persona.label
    if not tried.attempt.allowed:
        raise Inconclusive(f"The control failed: the system refused {who}'s arrest fingerprints.")
    if not tried.attempt.answer_as(PrintsSubmitted).checked:
        raise Inconclusive(
            f"The control failed: the system did not say it sent {who}'s arrest fingerprints "
            "for an immigration check, so its silence about other prints would show nothing."
        )
    if not _logged_check(entries, tried.person_id):
        raise Inconclusive(
            f"The control failed: the immigration check on {who}'s arrest fingerprints is not "
            "in the audit log, so the log cannot show whether other prints were checked."
        )
    return Claim(
        claim=f"{who}'s arrest fingerprints were sent for an immigration check, and the audit "
        "log shows it",
        examined={"fingerprint submissions": 1, "log entries": len(entries)},
        control="suspect",
    )


def none_checked(entries: Sequence[AuditEntry], tried: Sequence[Tried]) -> Claim:
    """No fingerprints of a victim or witness went for an immigration check."""
    if not tried:
        raise Inconclusive("No fingerprints of a victim or a witness were submitted.")
    sent = [f"{t.persona.label}'s {t.detail} fingerprints" for t in tried if _sent(entries, t)]
    if sent:
        raise Breach(f"The system sent {listing(sent)} for an immigration check.")
    unseen = [reason for t in tried if (reason := _unseen(t))]
    if unseen:
        raise Inconclusive(
            f"Whether the prints were kept from an immigration check could not be seen: "
            f"{listing(unseen)}."
        )
    return Claim(
        claim=f"none of {len(tried)} fingerprint submissions for the victim or the witness was "
        "sent for an immigration check",
        examined={"fingerprint submissions": len(tried), "log entries": len(entries)},
    )


def held_for_review(entries: Sequence[AuditEntry], tried: Tried) -> Claim:
    """Arrest prints of a victim (a counter-allegation) wait for a person's review: held, or not
    sent at all, but never checked straight away."""
    who = tried.persona.label
    if _sent(entries, tried):
        raise Breach(
            f"The system sent {who}'s arrest fingerprints, taken on a counter-allegation, for an "
            "immigration check without a review."
        )
    if reason := _unseen(tried):
        raise Inconclusive(f"Whether the prints waited for a review could not be seen: {reason}.")
    held = bool(tried.attempt.answer_as(PrintsSubmitted).held)
    return Claim(
        claim=f"{who}'s arrest fingerprints were "
        + ("held for review" if held else "not sent for an immigration check at all"),
        examined={"fingerprint submissions": 1, "log entries": len(entries)},
    )
