"""Claims about referrals: automatic tasks (FW-16), e-mail sent off-system (FW-17),
safeguarding and modern-slavery referrals (FW-19), and referral of a domestic-abuse victim
to immigration enforcement (FW-23)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

from firewall_conformance.audit.log import AuditEntry
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.record import flatten_json
from firewall_conformance.detect.scan import scan_document
from firewall_conformance.detect.vocabulary import local_name, vocabulary
from firewall_conformance.inputs.documents import parse_yaml
from firewall_conformance.model.evidence import ScenarioEvidence, Tried
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.model.results import Claim
from firewall_conformance.persons.personas import Persona
from firewall_conformance.targets.answers import CaseTasks, OfferedActions, Referral
from firewall_conformance.wording.plural import agree, every, listing

# A persona's attributes that reveal immigration status.
STATUS_ATTRIBUTES = frozenset(
    {"nationality", "immigration_status", "passport_number", "home_office_reference", "brp_number"}
)
_TITLE_FIELDS = ("title", "name", "summary", "description", "kind", "type")
BRITISH = frozenset({"british", "uk", "united kingdom"})


@cache
def _wording(key: str) -> re.Pattern[str]:
    """One list of `data/vocabulary/referral_wording.yaml` as a single whole-word,
    case-insensitive pattern."""
    folder = resources.files("firewall_conformance.data.vocabulary")
    document = parse_yaml(
        folder.joinpath("referral_wording.yaml").read_text("utf-8"), "referral_wording.yaml"
    )
    return re.compile("|".join(rf"(?<!\w)(?:{p})(?!\w)" for p in document[key]), re.IGNORECASE)


def ie_words(text: str) -> list[str]:
    """The words in `text` that address it to immigration enforcement, as written."""
    return [m.group(0) for m in _wording("immigration_enforcement").finditer(text)]


def bars_immigration_use(text: str) -> bool:
    """True when `text` states a prohibition on immigration use ("not for immigration use"),
    not merely mentions immigration."""
    return bool(_wording("no_immigration_use").search(text))


def _text(document: Any) -> str:
    return " ".join(value for _, value in flatten_json(document, "$"))


def _names(document: Any, identifier: str) -> bool:
    """True when any value of the document is, or contains as a whole token, the identifier,
    in any letter case (a system may print 'HOIE' for 'hoie')."""
    if not identifier:
        return False
    pattern = re.compile(rf"(?<![\w-]){re.escape(identifier)}(?![\w-])", re.IGNORECASE)
    return any(pattern.search(value) for _, value in flatten_json(document, "$"))


def _to_ie(document: Any, ie_recipient_id: str) -> bool:
    return bool(ie_words(_text(document))) or _names(document, ie_recipient_id)


def _found(document: Any, label: str, matcher: CanaryMatcher) -> bool:
    """True when the canary detector finds the person (by name, e-mail, document number...)."""
    return label in scan_document(matcher, document, "a task").personas_found()


def _about(document: Any, label: str, person_id: str, matcher: CanaryMatcher) -> bool:
    """True when the document is about the person: it names their id, or the canary detector
    finds them in it (a task may name a person rather than link their record)."""
    return _names(document, person_id) or _found(document, label, matcher)


def _title(task: Any) -> str:
    if isinstance(task, Mapping):
        for name in _TITLE_FIELDS:
            if task.get(name):
                return f"'{task[name]}'"
    return "a task"


# -- FW-16: automatic tasks and notifications ----------------------------------------------


def nationality_not_british(personas: Sequence[Persona]) -> Claim:
    """Precondition on the harness's own input: the people it planted were given a nationality
    other than British, so a nationality-driven rule in the system would have something to act
    on. It claims nothing about what the system recorded."""
    british = [p.label for p in personas if p.nationality.strip().casefold() in BRITISH]
    if british or not personas:
        raise Inconclusive(
            "The people planted were given British nationality, so a nationality-driven rule "
            "would have had nothing to act on."
        )
    return Claim(
        claim="the victim and the witness were planted with nationalities other than British ("
        + listing(f"{p.label}: {p.nationality}" for p in personas)
        + ")",
        examined={"persons": len(personas)},
        control="non-British nationality",
    )


def _task_items(tried: Tried) -> list[Any]:
    if not tried.attempt.allowed:
        raise Inconclusive("The system refused to list the tasks raised on the case.")
    return tried.attempt.answer_as(CaseTasks).items


def task_raised(tried: Tried, matcher: CanaryMatcher) -> Claim:
    """Positive control: the system raised a task about the victim, and the harness saw it."""
    items = _task_items(tried)
    about = [t for t in items if _about(t, tried.persona.label, tried.person_id, matcher)]
    if not about:
        raise Inconclusive(
            f"The control failed: the system showed {len(items)} tasks on the case but none "
            f"about {tried.persona.label}, so the absence of a referral task would show nothing."
        )
    return Claim(
        claim=f"the system raised {listing(_title(t) for t in about)} about "
        f"{tried.persona.label}, and it could be read",
        examined={"tasks": len(items)},
        control="victim task",
    )


def no_ie_tasks(
    tried: Tried, protected: Mapping[str, str], ie_recipient_id: str, matcher: CanaryMatcher
) -> Claim:
    """No task about a victim or witness is addressed to, or refers them to, immigration
    enforcement. `protected` maps each person's label to their id; a task is about a person
    when it names their id or the detector finds them in it."""
    items = _task_items(tried)
    if not items:
        raise Inconclusive("The system showed no tasks at all on the case.")
    found = [
        f"{_title(task)} about {label}"
        for task in items
        if _to_ie(task, ie_recipient_id)
        for label, person_id in protected.items()
        if _about(task, label, person_id, matcher)
    ]
    if found:
        raise Breach(
            f"The system raised a task to refer people to immigration enforcement by itself: "
            f"{listing(found)}."
        )
    return Claim(
        claim=f"none of the {len(items)} tasks on the case refers the victim or the witness to "
        "immigration enforcement",
        examined={"tasks": len(items)},
    )


def no_ie_notifications(
    entries: Sequence[AuditEntry],
    protected: Mapping[str, str],
    ie_recipient_id: str,
    matcher: CanaryMatcher,
) -> Claim:
    """The audit log shows nothing sent to immigration enforcement about a victim or witness:
    no allowed entry to that recipient (in any letter case) names the person's id, or their
    details anywhere in the entry."""
    if not entries:
        raise Inconclusive("The audit log was empty, so no notification could be looked for.")
    to_ie = [
        e
        for e in entries
        if not e.refused and str(e.get("recipient") or "").casefold() == ie_recipient_id.casefold()
    ]
    # Each entry is scanned once for everyone, not once for each person looked for.
    found = [scan_document(matcher, dict(e.raw), "a task").personas_found() for e in to_ie]
    sent = [
        label
        for label, person_id in protected.items()
        if any(e.says(person_id) or label in seen for e, seen in zip(to_ie, found, strict=True))
    ]
    if sent:
        raise Breach(
            f"The audit log records something sent to immigration enforcement about {listing(sent)}."
        )
    return Claim(
        claim="the audit log records nothing sent to immigration enforcement about the victim "
        "or the witness",
        examined={"log entries": len(entries)},
    )


# -- FW-17: e-mail through the gateway -----------------------------------------------------


def _unrecorded(entries: Sequence[AuditEntry], mails: Sequence[Tried]) -> list[Tried]:
    """The mails no disclosure entry accounts for. An entry naming a mail's message id
    accounts for that mail; each other mail needs an entry of its own that names no message
    the harness sent, so one entry cannot stand for two mails."""
    free = list(entries)
    unnamed = []
    for mail in mails:
        named = next((e for e in free if any(e.says(i) for i in mail.attempt.ids)), None)
        if named is None:
            unnamed.append(mail)
        else:
            free.remove(named)
    sent = [i for mail in mails for i in mail.attempt.ids]
    anonymous = [e for e in free if not any(e.says(i) for i in sent)]
    return unnamed[len(anonymous) :]


def mail_recorded(
    entries: Sequence[AuditEntry],
    mails: Sequence[Tried],
    recipient_id: str,
    case_id: str,
    *,
    to: str,
    control: bool,
) -> Claim:
    """Each e-mail quoting the case reference is in the log as a disclosure of the case to the
    recipient (`to` names it in plain words), with who sent it, wherever in the mail the
    reference was quoted (each mail's `detail` says where): a gateway that reads only the
    subject, or only the body, lets the mail that quotes it elsewhere go uncounted."""
    if not mails:
        raise Inconclusive(f"No e-mail to {to} was sent.")
    refused = [m.detail for m in mails if not m.attempt.allowed]
    if refused:
        raise Inconclusive(
            f"The gateway refused the e-mail to {to} {listing(refused)}, so whether such mail "
            "is recorded could not be seen."
        )
    logged = [
        e
        for e in entries
        if e.kind == "mail"
        and not e.refused
        and e.get("recipient") == recipient_id
        and e.mentions(case_id)
        and e.get("actor")
    ]
    missing = [m.detail for m in _unrecorded(logged, mails)]
    if missing:
        mail = f"e-mail{'s' if len(missing) > 1 else ''} to {to} {listing(missing)}"
        if control:
            raise Inconclusive(
                f"The control failed: the {mail} left no disclosure of the case in the audit "
                "log, so the log cannot show whether such an e-mail to anyone is recorded."
            )
        raise Breach(
            f"The {mail} went out, but the audit log records no disclosure of the case to "
            "that recipient for it: a referral made by e-mail goes uncounted."
        )
    return Claim(
        claim=f"each of the {len(mails)} e-mails to {to} ({listing([m.detail for m in mails])}) "
        "is logged as a disclosure of the case, with its sender",
        examined={"log entries": len(entries), "e-mails": len(mails)},
        control="lawful recipient" if control else None,
    )


# -- FW-19: safeguarding and modern-slavery referrals --------------------------------------


def _payloads(tried: Sequence[Tried]) -> list[tuple[Tried, Any]]:
    if not tried:
        raise Inconclusive("No referral was made.")
    refused = [t.detail for t in tried if not t.attempt.allowed]
    if refused:
        raise Inconclusive(f"The system refused the {listing(refused)}.")
    sent = [(t, t.attempt.answer_as(Referral).payload) for t in tried]
    empty = [t.detail for t, payload in sent if not payload]
    if empty:
        raise Inconclusive(f"The system did not show what it sent in the {listing(empty)}.")
    return sent


def referral_details_found(
    evidence: ScenarioEvidence, matcher: CanaryMatcher, tried: Sequence[Tried]
) -> Claim:
    """Positive control: each referral carries the person's details, and the detector sees them."""
    scanned = 0
    for t, payload in _payloads(tried):
        report = scan_document(matcher, payload, f"the {t.detail}")
        evidence.found(report.findings, f"the {t.detail}")
        scanned += report.bytes
        if t.persona.label not in report.personas_found():
            raise Inconclusive(
                f"The control failed: the detector did not find {t.persona.label}'s details in "
                f"the {t.detail}, so it could not tell whether status details are there either."
            )
    return Claim(
        claim=f"the detector found the {tried[0].persona.role}'s details in "
        f"{every(len(tried), 'referrals')}",
        examined={"referrals": len(tried), "bytes": scanned},
        control="safeguarding details",
    )


def referrals_marked(tried: Sequence[Tried]) -> Claim:
    """Each referral carries a handling marker that states the prohibition ("not for
    immigration use", from `data/vocabulary/referral_wording.yaml`); a marker that merely
    mentions immigration ("FOR IMMIGRATION USE") does not. Where the target declares no marker
    of its own, the prohibition may be anywhere in what was sent."""
    unmarked = []
    for t, payload in _payloads(tried):
        marker = t.attempt.answer_as(Referral).marker
        if not bars_immigration_use(marker or _text(payload)):
            unmarked.append(f"the {t.detail}" + (f" (marked '{marker}')" if marker else ""))
    if unmarked:
        raise Breach(
            f"No marker barring immigration use ('not for immigration use') is on "
            f"{listing(unmarked)}."
        )
    return Claim(
        claim=f"{every(len(tried), 'referrals')} {agree(len(tried), 'is', 'are')} marked as not "
        "for immigration use",
        examined={"referrals": len(tried)},
    )


def referrals_without_status(
    evidence: ScenarioEvidence, matcher: CanaryMatcher, tried: Sequence[Tried]
) -> Claim:
    """No referral carries a status field, or any of the planted status values."""
    words = vocabulary()
    problems, scanned = [], 0
    for t, payload in _payloads(tried):
        report = scan_document(matcher, payload, f"the {t.detail}")
        scanned += report.bytes
        canaries = [f for f in report.findings if f.attribute in STATUS_ATTRIBUTES]
        evidence.found(canaries, f"status details in the {t.detail}")
        leaked = {f"{f.persona}'s {f.attribute.replace('_', ' ')}" for f in canaries}
        fields = {
            local_name(locator).replace("_", " ")
            for locator, value in flatten_json(payload, "$")
            if words.category(locator) and words.says_something(value)
        }
        if leaked or fields:
            parts = [listing(sorted(leaked))] if leaked else []
            if fields:
                parts.append(f"fields named {listing(sorted(fields))}")
            problems.append(f"the {t.detail} carries {' and '.join(parts)}")
    if problems:
        raise Breach("Referrals carry immigration status details: " + "; ".join(problems) + ".")
    return Claim(
        claim=f"none of the {len(tried)} referrals carries a nationality, immigration status "
        "or document number",
        examined={"referrals": len(tried), "bytes": scanned},
    )


# -- FW-23: referral of a domestic-abuse victim to immigration enforcement -----------------


def _offered(tried: Tried) -> OfferedActions:
    if not tried.attempt.allowed:
        raise Inconclusive(
            f"The system refused to list the actions offered for {tried.persona.label}."
        )
    return tried.attempt.answer_as(OfferedActions)


def ie_referral_offered(tried: Tried) -> Claim:
    """Positive control: referral to immigration enforcement is offered for the suspect, so the
    harness reads the action list correctly."""
    if not _offered(tried).refer_to_ie:
        raise Inconclusive(
            f"The control failed: referral to immigration enforcement is not offered even for "
            f"{tried.persona.label}, so its absence for the victim would show nothing."
        )
    return Claim(
        claim=f"referral to immigration enforcement is offered for {tried.persona.label}",
        examined={"action lists": 1},
        control="suspect",
    )


def ie_referral_not_offered(tried: Tried) -> Claim:
    """The action list for the victim does not offer referral to immigration enforcement."""
    if _offered(tried).refer_to_ie:
        raise Breach(
            f"The system offers to refer {tried.persona.label}, a domestic-abuse victim whose "
            f"immigration status is {tried.persona.immigration_status}, to immigration "
            "enforcement."
        )
    return Claim(
        claim=f"referral to immigration enforcement is not offered for {tried.persona.label}",
        examined={"action lists": 1},
    )


def signposting_offered(tried: Tried) -> Claim:
    """The action list for the victim offers signposting to independent immigration advice,
    the lawful alternative to a referral."""
    if not _offered(tried).signposting:
        raise Breach(
            f"The system does not offer to signpost {tried.persona.label} to independent "
            "immigration advice."
        )
    return Claim(
        claim=f"signposting to independent immigration advice is offered for {tried.persona.label}",
        examined={"action lists": 1},
    )


def _ie_referral_logged(entries: Sequence[AuditEntry], person_id: str, *, refused: bool) -> bool:
    return any(
        e.kind == "ie-referral" and e.refused == refused and e.says(person_id) for e in entries
    )


def ie_referral_accepted(entries: Sequence[AuditEntry], tried: Tried) -> Claim:
    """Positive control: the system accepts a referral of the suspect to immigration
    enforcement and logs it, so a refusal for the victim is a refusal of the victim (not of
    every referral) and the log is where such referrals are seen."""
    who = tried.persona.label
    if not tried.attempt.allowed:
        raise Inconclusive(
            f"The control failed: the system refused to refer {who} to immigration enforcement "
            f"({tried.attempt.status}), so its refusal for the victim would show nothing."
        )
    if not _ie_referral_logged(entries, tried.person_id, refused=False):
        raise Inconclusive(
            f"The control failed: the referral of {who} to immigration enforcement is not in "
            "the audit log, so the log cannot show how other referrals were handled."
        )
    return Claim(
        claim=f"the system accepted the referral of {who} to immigration enforcement, and the "
        "audit log records it",
        examined={"log entries": len(entries), "referral attempts": 1},
        control="suspect referral",
    )


def ie_referral_refused_and_logged(
    entries: Sequence[AuditEntry], tried: Tried, control: Tried | None
) -> Claim:
    """The referral of the victim is refused, and the refused attempt is in the audit log.
    Depends on the suspect control: without an accepted referral of the suspect first, a
    refusal could be of every referral, for a reason that has nothing to do with the victim."""
    if control is None or not control.attempt.allowed:
        raise Inconclusive(
            "No referral of the suspect was accepted first, so a refusal for the victim could "
            "not be told apart from a refusal of every referral."
        )
    if tried.attempt.allowed:
        raise Breach(
            f"The system accepted a referral of {tried.persona.label}, a domestic-abuse victim "
            f"whose immigration status is {tried.persona.immigration_status}, to immigration "
            "enforcement."
        )
    if not _ie_referral_logged(entries, tried.person_id, refused=True):
        raise Breach(
            f"The system refused to refer {tried.persona.label} to immigration enforcement, but "
            "the audit log has no entry for the refused attempt."
        )
    return Claim(
        claim=f"the referral of {tried.persona.label} to immigration enforcement was refused "
        "and the refusal is in the audit log",
        examined={"log entries": len(entries), "referral attempts": 1},
    )


def signposting_logged(entries: Sequence[AuditEntry], tried: Tried) -> Claim:
    """Signposting the victim to independent immigration advice is done and on the record."""
    if not tried.attempt.allowed:
        raise Breach(
            f"The system refused to signpost {tried.persona.label} to independent immigration "
            "advice."
        )
    if not any(
        e.kind == "signposting" and not e.refused and e.says(tried.person_id) for e in entries
    ):
        raise Breach(
            f"{tried.persona.label.capitalize()} was signposted to independent immigration "
            "advice, but the audit log does not record it."
        )
    return Claim(
        claim=f"signposting {tried.persona.label} to independent immigration advice is recorded "
        "in the audit log",
        examined={"log entries": len(entries), "signposting": 1},
    )
