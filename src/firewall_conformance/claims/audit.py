"""Claims about the audit log: complete entries for what happened, and tamper evidence."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from firewall_conformance.audit.books import Act, reconcile, unlinkable
from firewall_conformance.audit.history import AuditHistory
from firewall_conformance.audit.log import AuditEntry, ChainRule, chain_breaks
from firewall_conformance.model.evidence import Tried
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.model.results import Claim
from firewall_conformance.targets.base import ExportFile
from firewall_conformance.wording.plural import agree, every, listing

REQUIRED_DISCLOSURE_FIELDS = ("actor", "time", "recipient", "purpose", "legal_basis")


def _entries_for(entries: Sequence[AuditEntry], kind: str, identifier: str) -> list[AuditEntry]:
    return [e for e in entries if e.kind == kind and e.mentions(identifier)]


def attempts_logged(entries: Sequence[AuditEntry], tried: Sequence[Tried]) -> Claim:
    """Each attempt has a log entry of its kind, with the matching outcome."""
    if not tried:
        raise Inconclusive(
            "Nothing was attempted, so there was nothing to look for in the audit log."
        )
    missing = []
    for t in tried:
        wanted_refused = not t.attempt.allowed
        if not [
            e for e in _entries_for(entries, t.action, t.person_id) if e.refused == wanted_refused
        ]:
            state = "refused" if wanted_refused else "accepted"
            missing.append(f"the {state} {t.action} of {t.persona.label}")
    if missing:
        raise Breach(f"The audit log has no entry for {listing(missing)}.")
    return Claim(
        claim=f"the audit log records {every(len(tried), 'attempts')} with "
        f"{agree(len(tried), 'its', 'their')} outcome",
        examined={"log entries": len(entries), "attempts": len(tried)},
    )


def disclosures_logged(
    entries: Sequence[AuditEntry], disclosures: Sequence[tuple[str, list[str], str]]
) -> Claim:
    """Exactly one complete entry for each (channel, identifiers, recipient id) disclosure."""
    if not disclosures:
        raise Inconclusive("No disclosure was made, so there was nothing to look for in the log.")
    problems = []
    for channel, identifiers, recipient in disclosures:
        matching = {
            id(e): e
            for ident in identifiers
            for e in _entries_for(entries, channel, ident)
            if not e.refused
        }.values()
        what = f"the {channel} to {recipient} ({', '.join(identifiers)})"
        if len(matching) != 1:
            problems.append(f"{what} has {len(matching)} log entries instead of one")
            continue
        entry = next(iter(matching))
        empty = [f.replace("_", " ") for f in REQUIRED_DISCLOSURE_FIELDS if not entry.get(f)]
        if empty:
            problems.append(f"the log entry for {what} does not say its {listing(empty)}")
        elif entry.get("recipient") != recipient:
            problems.append(
                f"the log entry for {what} names the recipient as {entry.get('recipient')!r}"
            )
    if problems:
        raise Breach("Disclosures are not logged completely: " + "; ".join(problems) + ".")
    return Claim(
        claim=f"each of {len(disclosures)} disclosures has exactly one complete log entry",
        examined={"log entries": len(entries), "disclosures": len(disclosures)},
    )


def refused_exports_logged(
    entries: Sequence[AuditEntry], refused: Sequence[ExportFile], protected_ids: Sequence[str]
) -> Claim:
    """Each refused export has its own refused log entry naming the victims and witnesses it
    would have held and the purpose it was asked for."""
    if not refused:
        raise Inconclusive("No export was refused, so there was no refusal to look for in the log.")
    logged = [
        e
        for e in entries
        if e.kind == "export" and e.refused and all(e.mentions(i) for i in protected_ids)
    ]
    if len(logged) < len(refused):
        raise Breach(
            f"The audit log holds {len(logged)} refused-export entries naming the victim and "
            f"the witness, for {len(refused)} refused exports."
        )
    unstated = [e for e in logged if not e.get("purpose")]
    if unstated:
        raise Breach(
            f"{len(unstated)} of the log entries for refused exports do not say the purpose "
            "the export was asked for."
        )
    return Claim(
        claim=f"the audit log records {every(len(refused), 'refused exports')} with "
        f"{agree(len(refused), 'its', 'their')} purpose",
        examined={"log entries": len(entries), "refused exports": len(refused)},
    )


def tampering_detected(raw: Sequence[Mapping[str, Any]], rule: ChainRule) -> Claim:
    """Positive control for the verifier: an edited copy and a shortened copy both fail."""
    if len(raw) < 3:
        raise Inconclusive(
            "The audit log holds fewer than three entries; tampering cannot be tried."
        )
    middle = len(raw) // 2
    edited = [copy.deepcopy(dict(entry)) for entry in raw]
    key = next(k for k in edited[middle] if k not in (rule.hash_field, rule.previous_field))
    edited[middle][key] = f"{edited[middle][key]}-edited"
    shortened = [e for i, e in enumerate(raw) if i != middle]
    if not chain_breaks(edited, rule) or not chain_breaks(shortened, rule):
        raise Inconclusive(
            "The control failed: an edited or shortened copy of the log was not detected, so "
            "the harness cannot vouch for the log."
        )
    return Claim(
        claim="an edited copy and a copy with an entry removed were both detected as tampered",
        examined={"log entries": len(raw)},
        control="tampered copies",
    )


def chain_intact(raw: Sequence[Mapping[str, Any]], rule: ChainRule) -> Claim:
    """The log as served verifies from genesis to its last entry."""
    problems = chain_breaks(raw, rule)
    if problems:
        shown = "; ".join(problems[:5]) + (
            f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
        )
        raise Breach(f"The audit log's hash chain is broken: {shown}.")
    return Claim(
        claim=f"the audit log's hash chain holds over {every(len(raw), 'entries')}",
        examined={"log entries": len(raw)},
    )


def log_only_grew(history: AuditHistory) -> Claim:
    """Across every read of the run, the audit log only grew: nothing seen once was later
    missing, changed, renumbered or re-chained, and no sequence number was skipped. The
    control: the log was read more than once and grew between reads, so it is shown to record
    what the run did and the comparison had something to hold."""
    if history.reads < 2 or history.first_length is None:
        raise Inconclusive(
            "The audit log was read fewer than twice during the run, so nothing could show "
            "whether entries vanished or changed between reads."
        )
    if history.problems:
        raise Breach(
            "The audit log did not only grow during the run: " + "; ".join(history.problems) + "."
        )
    if history.longest <= history.first_length:
        raise Inconclusive(
            "The control failed: the audit log did not grow during the run although the run "
            "disclosed, exported and was refused, so it cannot be shown to keep what it records."
        )
    return Claim(
        claim=f"every one of the {history.longest} audit entries seen over {history.reads} reads "
        "stayed in its place unchanged, and the log grew by "
        f"{history.longest - history.first_length} entries during the run",
        examined={"log reads": history.reads, "log entries": history.longest},
        control="the log grew with the run's own actions",
    )


def _acts(acts: Sequence[Act], limit: int = 5) -> str:
    shown = [f"{a.label} (in «{a.scenario}»)" for a in acts[:limit]]
    return listing(shown + ([f"{len(acts) - limit} more"] if len(acts) > limit else []))


def _kinds(acts: Sequence[Act]) -> str:
    """How many acts of each kind and outcome: '4 disclose, 2 refused status-check and 1 mail'."""
    counts = Counter(("refused " if a.refused else "") + a.kind for a in acts)
    return listing(f"{n} {kind}" for kind, n in counts.items())


def acts_logged(
    entries: Sequence[AuditEntry], acts: Sequence[Act], logged_kinds: frozenset[str]
) -> Claim:
    """Every act in the harness's books has exactly one entry of its own in the log, naming
    its recipient and saying all a record of it must say. An act the profile says no log
    action records, or a push known by nothing it carried, cannot be looked for: unless a
    breach is seen, the run then cannot say the log is whole."""
    if not acts:
        raise Inconclusive(
            "The run did nothing the audit log must record (no disclosure, export, status "
            "check, e-mail, referral, approval or outbound push, refused or not), so there was "
            "nothing of its own to look for in the audit log."
        )
    unmapped = [a for a in acts if a.kind not in logged_kinds]
    cut = [a for a in acts if a.kind in logged_kinds and unlinkable(a)]
    looked_for = [a for a in acts if a not in unmapped and a not in cut]
    found = reconcile(looked_for, entries)
    maybe = [a for a in found.missing if a.uncertain]
    missing = [a for a in found.missing if not a.uncertain]
    problems = []
    if missing:
        problems.append(f"{len(missing)} have no entry: {_acts(missing)}")
    if found.misdirected:
        problems.append(
            f"{len(found.misdirected)} have an entry naming another recipient: "
            + _acts([a for a, _ in found.misdirected])
        )
    if found.incomplete:
        problems.append(
            f"{len(found.incomplete)} have an entry that does not say everything: "
            + listing(f"{a.label} (no {listing(unsaid)})" for a, unsaid in found.incomplete[:5])
        )
    if found.repeated:
        problems.append(f"{len(found.repeated)} have more than one entry: {_acts(found.repeated)}")
    if problems:
        raise Breach(
            f"Of the {len(looked_for)} acts of the run the audit log must record "
            f"({_kinds(looked_for)}), " + "; ".join(problems) + "."
        )
    if maybe:
        raise Inconclusive(
            f"Of the {len(looked_for)} acts of the run the audit log must record, the system's "
            f"answer did not show whether {len(maybe)} of them {agree(len(maybe), 'was', 'were')} "
            f"done at all, and the log has no entry for {agree(len(maybe), 'it', 'them')}: "
            f"{_acts(maybe)} ({maybe[0].uncertain})."
        )
    if unmapped or cut:
        kinds = sorted({a.kind for a in unmapped})
        why = [f"the profile names no log action for {listing(kinds)}"] if kinds else []
        if cut:
            pushes, them = agree(len(cut), "push", "pushes"), agree(len(cut), "it", "them")
            why.append(f"{len(cut)} {pushes} carried nothing to know {them} by")
        raise Inconclusive(
            f"{len(unmapped) + len(cut)} of the run's acts could not be looked for in the audit "
            f"log ({'; '.join(why)}), so the log cannot be shown to hold them all."
        )
    return Claim(
        claim=f"each of the {len(looked_for)} acts of the run the audit log must record "
        f"({_kinds(looked_for)}) has exactly one complete entry in the audit log",
        examined={"log entries": len(entries), "acts of the run": len(looked_for)},
    )
