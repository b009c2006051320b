"""Claims about looking up person records: a reason for every look-up, every look-up logged
with its time, user and reason, and the log closed to the officers it records (FW-05)."""

from __future__ import annotations

from collections.abc import Sequence

from firewall_conformance.audit.log import AuditEntry
from firewall_conformance.model.evidence import Tried
from firewall_conformance.model.outcomes import Breach, CapabilityMissing, Inconclusive
from firewall_conformance.model.results import Claim
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.wording.plural import agree, every, listing

_LOOK_UP = {"search": "search by name", "open-record": "opening of the record"}


def _what(tried: Tried) -> str:
    return f"the {tried.account}'s {_LOOK_UP[tried.action]} of {tried.persona.label}"


def _succeeded(tried: Tried) -> bool:
    if tried.action == "search":
        return tried.attempt.allowed and tried.person_id in tried.attempt.ids
    return tried.attempt.allowed


def _logs(entry: AuditEntry, tried: Tried) -> bool:
    """The entry records this look-up: its kind, and the person (a refused search names no
    one found, so it is known by the name searched for, as a whole: a search for 'Ann
    Smithson' is not one for 'Ann Smith'; by the full name unless another was searched)."""
    if entry.kind != tried.action or entry.refused == tried.attempt.allowed:
        return False
    if tried.action == "search" and not tried.attempt.allowed:
        return entry.says(tried.searched or tried.persona.full_name)
    return entry.mentions(tried.person_id)


def logged_with_reason(entries: Sequence[AuditEntry], looked_up: Sequence[Tried]) -> Claim:
    """Positive control, then the claim: look-ups with a reason go through, and each has a log
    entry saying who made it, when, and the reason given (in `Tried.detail`)."""
    failed = [_what(t) for t in looked_up if not _succeeded(t)]
    if not looked_up or failed:
        raise Inconclusive(
            f"The control failed: {listing(failed) or 'no look-up'} with a reason did not "
            "succeed, so a refusal of look-ups without one would show nothing."
        )
    if not entries:
        raise Inconclusive("The audit log was empty.")
    if not any("justification" in e.fields for e in entries):
        raise CapabilityMissing(
            "audit-log", "its fields do not say where the log keeps a look-up's justification"
        )
    problems = []
    for tried in looked_up:
        logged = [e for e in entries if _logs(e, tried)]
        if not logged:
            problems.append(f"there is no entry for {_what(tried)}")
            continue
        with_reason = [e for e in logged if e.get("justification") == tried.detail]
        if not with_reason:
            problems.append(f"the entry for {_what(tried)} does not give the reason given")
            continue
        unsaid = [name for name in ("actor", "time") if not all(e.get(name) for e in with_reason)]
        if unsaid:
            said = {"actor": "who made it", "time": "when"}
            problems.append(
                f"the entry for {_what(tried)} does not say {listing([said[n] for n in unsaid])}"
            )
    if problems:
        raise Breach(
            "Look-ups of person records are not logged completely: " + "; ".join(problems) + "."
        )
    return Claim(
        claim=f"{listing([_what(t) for t in looked_up])}, each with a reason, went through and "
        "are logged with who, when and the reason",
        examined={"look-ups": len(looked_up), "log entries": len(entries)},
        control="look-ups with a reason",
    )


def refused_without_reason(attempts: Sequence[Tried]) -> Claim:
    """Every look-up made without a reason was refused."""
    if not attempts:
        raise Inconclusive("No look-up without a reason was tried.")
    through = [_what(t) for t in attempts if t.attempt.allowed]
    if through:
        raise Breach(f"The system allowed {listing(through)} without any reason being given.")
    return Claim(
        claim=f"{every(len(attempts), 'look-ups')} without a reason "
        f"{agree(len(attempts), 'was', 'were')} refused",
        examined={"look-ups": len(attempts)},
    )


def refusals_logged(entries: Sequence[AuditEntry], refused: Sequence[Tried]) -> Claim:
    """Each refused look-up has a refused entry of its kind in the log."""
    if not refused:
        raise Inconclusive("No look-up was refused, so there was no refusal to look for.")
    missing = [_what(t) for t in refused if not any(_logs(e, t) for e in entries)]
    if missing:
        were = "was" if len(missing) == 1 else "were"
        raise Breach(f"The audit log has no entry for {listing(missing)}, which {were} refused.")
    return Claim(
        claim=f"the audit log records {every(len(refused), 'refused look-ups')}",
        examined={"log entries": len(entries), "refused look-ups": len(refused)},
    )


def log_closed(attempt: Attempt, account: str, auditor_entries: int) -> Claim:
    """The account was refused the log, which the auditor could read."""
    account = account.replace("_", " ")
    if auditor_entries < 1:
        raise Inconclusive(
            "The control failed: the auditor's reading of the audit log returned nothing, so a "
            f"refusal for the {account} would show nothing."
        )
    if attempt.allowed:
        raise Breach(f"The {account} account could read the audit log.")
    return Claim(
        claim=f"the {account} was refused the audit log, which the auditor could read",
        examined={"log reads": 2, "log entries read by the auditor": auditor_entries},
    )
