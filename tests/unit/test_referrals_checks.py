"""The claims about tasks, e-mail, referrals, fingerprints and crime reports, on known-good and
known-bad answers (no target involved)."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import pytest

from firewall_conformance.audit.log import AuditEntry
from firewall_conformance.claims import biometrics, referrals, reporting
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.model.evidence import ScenarioEvidence, Tried
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.persons.personas import make_persona
from firewall_conformance.targets.attempt import Attempt
from tests.answered import answered

VICTIM = make_persona("victim", random.Random(16))
WITNESS = make_persona("witness", random.Random(17))
SUSPECT = make_persona("suspect", random.Random(18))


OPERATIONS = {
    "tasks": ("tasks", "list"),
    "referral": ("referrals", "safeguarding"),
    "actions": ("case-actions", "available"),
    "ie-referral": ("case-actions", "refer_to_ie"),
    "signposting": ("case-actions", "signpost"),
    "prints": ("biometrics", "arrest_prints"),
    "report": ("crime-reports", "report"),
    "victim-services": ("crime-reports", "victim_services"),
}


def tried(action: str, persona=VICTIM, pid="P-1", allowed=True, detail="", **returned):
    attempt = answered(*OPERATIONS[action], allowed=allowed, **returned)
    return Tried(action, persona, pid, attempt, detail=detail)


def entry(
    kind: str | None, obj: str, *, recipient: str | None = None, refused=False, detail=""
) -> AuditEntry:
    fields: dict[str, Any] = {"object": obj, "recipient": recipient, "actor": "officer"}
    raw = {**fields, "detail": detail} if detail else fields
    return AuditEntry(fields=fields, raw=raw, kind=kind, refused=refused)


MATCHER = CanaryMatcher.for_personas([VICTIM, WITNESS, SUSPECT])


# -- FW-16 ---------------------------------------------------------------------------------

ASSESSMENT = {"person_id": "P-1", "title": "Victim needs assessment", "assigned_to": "Victim Care"}
IE_TASK = {"person_id": "P-2", "title": "Refer to Immigration Enforcement", "assigned_to": "x"}


PROTECTED = {"the victim": "P-1", "the witness": "P-2"}


def no_ie_tasks(*items: Any):
    return referrals.no_ie_tasks(tried("tasks", items=list(items)), PROTECTED, "hoie", MATCHER)


def test_a_task_about_the_victim_is_the_control():
    assert referrals.task_raised(tried("tasks", items=[ASSESSMENT]), MATCHER).control
    with pytest.raises(Inconclusive, match="none about the victim"):
        referrals.task_raised(tried("tasks", items=[{**ASSESSMENT, "person_id": "P-9"}]), MATCHER)
    with pytest.raises(Inconclusive, match="held no items"):
        referrals.task_raised(tried("tasks", items=None), MATCHER)
    with pytest.raises(Inconclusive, match="held an object as its items"):
        referrals.task_raised(tried("tasks", items={"rows": []}), MATCHER)
    by_name = {"title": "Victim needs assessment", "subject": VICTIM.full_name}
    assert referrals.task_raised(tried("tasks", items=[by_name]), MATCHER).control


def test_a_task_referring_the_witness_to_immigration_enforcement_is_a_breach():
    assert no_ie_tasks(ASSESSMENT).examined == {"tasks": 1}
    with pytest.raises(Breach, match="'Refer to Immigration Enforcement' about the witness"):
        no_ie_tasks(ASSESSMENT, IE_TASK)
    with pytest.raises(Breach):
        no_ie_tasks({"person_id": "P-1", "kind": "liaison", "to": "hoie"})
    with pytest.raises(Inconclusive):
        no_ie_tasks()


@pytest.mark.parametrize(
    "task",
    [
        {"person_id": "P-1", "title": "Notify UKVI"},
        {"person_id": "P-1", "title": "Pass details to Border Force"},
        {"person_id": "P-2", "title": "Call the CIO on duty"},
        {"person_id": "P-1", "title": "Request a status check"},
        {"person_id": "P-1", "kind": "liaison", "to": "HOIE"},  # the recipient id, upper case
        {"person_id": "p-1", "title": "Notify UKVI"},  # the person id, lower case
        {"title": "Refer to Immigration Enforcement", "subject": VICTIM.full_name},  # by name
        {"title": "Notify UKVI", "notes": f"witness: {WITNESS.email}"},
    ],
)
def test_evasive_tasks_to_immigration_enforcement_are_breaches(task):
    """Each of these passed before the word list, the letter case and the detector were used."""
    with pytest.raises(Breach):
        no_ie_tasks(ASSESSMENT, task)


def test_signposting_to_immigration_advice_is_not_a_referral():
    advice = {"person_id": "P-1", "title": "Signpost to independent immigration advice"}
    assert no_ie_tasks(ASSESSMENT, advice)
    assert referrals.ie_words("Refer to HOME OFFICE Immigration Enforcement") == [
        "HOME OFFICE",
        "Immigration",
    ]
    assert referrals.ie_words("notice of a nice price") == []


def test_a_notification_in_the_log_is_a_breach_but_a_refusal_is_not():
    protected = {"the victim": "P-1"}
    refused = entry("status-check", "P-1", recipient="hoie", refused=True)
    assert referrals.no_ie_notifications([refused], protected, "hoie", MATCHER)
    sent = entry(None, "T-1,C-1,P-1", recipient="hoie")
    with pytest.raises(Breach, match="about the victim"):
        referrals.no_ie_notifications([refused, sent], protected, "hoie", MATCHER)
    with pytest.raises(Inconclusive):
        referrals.no_ie_notifications([], protected, "hoie", MATCHER)


def test_evasive_notifications_in_the_log_are_breaches():
    """An upper-case recipient id, or the victim named only by name, passed before."""
    protected = {"the victim": "P-1"}
    upper = entry(None, "T-1,C-1,P-1", recipient="HOIE")
    with pytest.raises(Breach, match="about the victim"):
        referrals.no_ie_notifications([upper], protected, "hoie", MATCHER)
    by_name = entry(None, "T-1", recipient="hoie", detail=f"prompt about {VICTIM.full_name}")
    with pytest.raises(Breach, match="about the victim"):
        referrals.no_ie_notifications([by_name], protected, "hoie", MATCHER)
    elsewhere = entry(None, "T-1,C-1,P-1", recipient="cps")
    assert referrals.no_ie_notifications([elsewhere], protected, "hoie", MATCHER)


def test_british_personas_cannot_show_a_nationality_rule():
    british = dataclasses.replace(VICTIM, nationality="British")
    with pytest.raises(Inconclusive):
        referrals.nationality_not_british([british, WITNESS])
    found = referrals.nationality_not_british([VICTIM, WITNESS])
    assert found.control and "planted" in found.claim and "recorded" not in found.claim


# -- FW-17 ---------------------------------------------------------------------------------


def mail(place: str, message_id: str | None = None, allowed: bool = True) -> Tried:
    attempt = Attempt(allowed, "accepted" if allowed else "refused")
    attempt.ids = [message_id] if message_id else []
    return Tried("mail", SUSPECT, "P-3", attempt, detail=f"with the case reference in its {place}")


TO = {"to": "immigration enforcement"}


def test_an_unlogged_mail_fails_the_control_or_breaches():
    sent = [mail("subject")]
    logged = [entry("mail", "M-1,C-1", recipient="hoie")]
    assert referrals.mail_recorded(logged, sent, "hoie", "C-1", control=False, **TO)
    elsewhere = [entry("mail", "M-1,C-2", recipient="hoie"), entry("mail", "M-1,C-1")]
    with pytest.raises(Breach, match="goes uncounted"):
        referrals.mail_recorded(elsewhere, sent, "hoie", "C-1", control=False, **TO)
    with pytest.raises(Inconclusive, match="control failed"):
        referrals.mail_recorded(elsewhere, sent, "hoie", "C-1", control=True, **TO)
    with pytest.raises(Inconclusive, match="refused"):
        referrals.mail_recorded(
            logged, [mail("subject", allowed=False)], "hoie", "C-1", control=False, **TO
        )
    with pytest.raises(Inconclusive, match="No e-mail"):
        referrals.mail_recorded(logged, [], "hoie", "C-1", control=False, **TO)


def test_each_mail_needs_its_own_disclosure_wherever_it_quotes_the_case():
    """A gateway that reads only the subject records one of the two mails: the single entry
    must not count for both."""
    sent = [mail("subject", "M-1"), mail("body", "M-2")]
    both = [entry("mail", "M-1,C-1", recipient="hoie"), entry("mail", "M-2,C-1", recipient="hoie")]
    assert referrals.mail_recorded(both, sent, "hoie", "C-1", control=False, **TO)
    with pytest.raises(Breach, match="in its subject went out"):
        referrals.mail_recorded(both[1:], sent, "hoie", "C-1", control=False, **TO)
    with pytest.raises(Breach, match="in its body went out"):
        referrals.mail_recorded(both[:1], sent, "hoie", "C-1", control=False, **TO)
    no_ids = [mail("subject"), mail("body")]
    anonymous = [entry("mail", "C-1", recipient="hoie")]
    with pytest.raises(Breach, match="goes uncounted"):
        referrals.mail_recorded(anonymous, no_ids, "hoie", "C-1", control=False, **TO)
    assert referrals.mail_recorded(anonymous * 2, no_ids, "hoie", "C-1", control=False, **TO)


# -- FW-19 ---------------------------------------------------------------------------------

MARKER = "NOT FOR IMMIGRATION USE"


def referral(person: dict[str, str], marker: str | None = MARKER) -> Tried:
    payload = {"handling": marker, "person": person}
    return tried("referral", detail="referral to the hub", payload=payload, marker=marker)


def test_referral_claims_on_clean_and_leaky_payloads():
    matcher = CanaryMatcher.for_personas([VICTIM])
    evidence = ScenarioEvidence()
    clean = referral({"name": VICTIM.full_name, "phone": VICTIM.phone})
    assert referrals.referral_details_found(evidence, matcher, [clean]).control
    assert referrals.referrals_marked([clean])
    assert referrals.referrals_without_status(evidence, matcher, [clean])
    leaky = referral({"name": VICTIM.full_name, "notes": f"holds {VICTIM.passport_number}"})
    with pytest.raises(Breach, match="passport number"):
        referrals.referrals_without_status(evidence, matcher, [clean, leaky])
    field_only = referral({"name": VICTIM.full_name, "nationality": "Ruritanian"})
    with pytest.raises(Breach, match="fields named nationality"):
        referrals.referrals_without_status(evidence, matcher, [field_only])
    with pytest.raises(Breach, match="marker"):
        referrals.referrals_marked([referral({"name": VICTIM.full_name}, marker=None)])
    with pytest.raises(Inconclusive, match="control failed"):
        referrals.referral_details_found(evidence, matcher, [referral({"name": "someone"})])
    with pytest.raises(Inconclusive):
        referrals.referrals_without_status(evidence, matcher, [])


@pytest.mark.parametrize(
    "marker",
    [
        "FOR IMMIGRATION USE",
        "Immigration: share freely",
        "Shared with immigration enforcement",
        "Not for onward disclosure. For immigration use.",
    ],
)
def test_a_marker_that_does_not_bar_immigration_use_is_a_breach(marker):
    """Each of these passed the old test, which only looked for the word 'immigration'."""
    with pytest.raises(Breach, match="barring immigration use"):
        referrals.referrals_marked([referral({"name": VICTIM.full_name}, marker=marker)])


@pytest.mark.parametrize(
    "marker",
    [
        "NOT FOR IMMIGRATION USE. Shared for safeguarding only.",
        "Must not be used for immigration purposes",
        "OFFICIAL-SENSITIVE: no use for immigration enforcement",
        "not to be used for any immigration purpose",
    ],
)
def test_a_marker_stating_the_prohibition_passes(marker):
    assert referrals.referrals_marked([referral({"name": VICTIM.full_name}, marker=marker)])


def test_without_a_declared_marker_the_payload_must_state_the_prohibition():
    stated = {"handling": "Not for immigration use", "person": {"name": VICTIM.full_name}}
    ok = tried("referral", detail="referral to the hub", payload=stated, marker=None)
    assert referrals.referrals_marked([ok])
    silent = {"person": {"name": VICTIM.full_name}, "note": "immigration"}
    bare = tried("referral", detail="referral to the hub", payload=silent, marker=None)
    with pytest.raises(Breach):
        referrals.referrals_marked([bare])


# -- FW-23 ---------------------------------------------------------------------------------


def test_referral_actions():
    offered = tried("actions", SUSPECT, refer_to_ie=True, signposting=False)
    assert referrals.ie_referral_offered(offered).control
    with pytest.raises(Inconclusive, match="not offered even for"):
        referrals.ie_referral_offered(tried("actions", SUSPECT, refer_to_ie=None))
    with pytest.raises(Breach, match="offers to refer the victim"):
        referrals.ie_referral_not_offered(tried("actions", refer_to_ie=True))
    with pytest.raises(Breach, match="does not offer to signpost"):
        referrals.signposting_offered(tried("actions", refer_to_ie=False, signposting=False))
    refusal = tried("ie-referral", allowed=False)
    accepted = tried("ie-referral", SUSPECT, "P-3")
    assert referrals.ie_referral_refused_and_logged(
        [entry("ie-referral", "C-1,P-1", refused=True)], refusal, accepted
    )
    with pytest.raises(Breach, match="no entry for the refused attempt"):
        referrals.ie_referral_refused_and_logged(
            [entry("ie-referral", "C-1,P-1")], refusal, accepted
        )
    with pytest.raises(Breach, match="accepted a referral"):
        referrals.ie_referral_refused_and_logged([], tried("ie-referral"), accepted)
    with pytest.raises(Breach, match="does not record it"):
        referrals.signposting_logged([entry("signposting", "P-2")], tried("signposting"))


def test_a_refused_victim_referral_needs_the_suspect_control():
    """A refusal of every referral (e.g. the officer may refer nobody) passed before."""
    refusal = tried("ie-referral", allowed=False)
    logged = [entry("ie-referral", "C-1,P-1", refused=True)]
    with pytest.raises(Inconclusive, match="suspect"):
        referrals.ie_referral_refused_and_logged(logged, refusal, None)
    refused_too = tried("ie-referral", SUSPECT, "P-3", allowed=False)
    with pytest.raises(Inconclusive, match="suspect"):
        referrals.ie_referral_refused_and_logged(logged, refusal, refused_too)


def test_the_suspect_referral_control():
    accepted = tried("ie-referral", SUSPECT, "P-3")
    logged = [entry("ie-referral", "R-1,C-1,P-3")]
    assert referrals.ie_referral_accepted(logged, accepted).control
    with pytest.raises(Inconclusive, match="not in the audit log"):
        referrals.ie_referral_accepted([entry("ie-referral", "C-1,P-3", refused=True)], accepted)
    with pytest.raises(Inconclusive, match="refused to refer the suspect"):
        referrals.ie_referral_accepted(logged, tried("ie-referral", SUSPECT, "P-3", allowed=False))


# -- FW-18 ---------------------------------------------------------------------------------


def test_fingerprint_claims_use_the_answer_and_the_log():
    suspect = tried("prints", SUSPECT, "P-3", detail="arrest", checked=True)
    check_logged = [entry("biometric-check", "B-1,C-1,P-3", recipient="hoie")]
    assert biometrics.checked(check_logged, suspect).control
    with pytest.raises(Inconclusive, match="not in the audit log"):
        biometrics.checked([], suspect)
    quiet = tried("prints", detail="elimination", checked=False)
    assert biometrics.none_checked(check_logged, [quiet])
    with pytest.raises(Breach, match="elimination fingerprints"):
        biometrics.none_checked([entry("biometric-check", "B-2,C-1,P-1")], [quiet])
    with pytest.raises(Breach):
        biometrics.none_checked([], [tried("prints", detail="elimination", checked=True)])
    held = biometrics.held_for_review([], tried("prints", detail="arrest", held=True))
    assert "held for review" in held.claim
    with pytest.raises(Breach, match="without a review"):
        biometrics.held_for_review([], tried("prints", detail="arrest", checked=True))
    with pytest.raises(Inconclusive, match="refused"):
        biometrics.held_for_review([], tried("prints", allowed=False, detail="arrest"))


def test_refused_or_silent_elimination_prints_are_not_kept_from_a_check():
    """A refused submission, or an answer that does not say, passed as 'not sent' before."""
    quiet = tried("prints", WITNESS, "P-2", detail="elimination", checked=False)
    refused = tried("prints", allowed=False, detail="elimination")
    with pytest.raises(Inconclusive, match="refused the victim's elimination fingerprints"):
        biometrics.none_checked([], [quiet, refused])
    silent = tried("prints", detail="elimination")
    with pytest.raises(Inconclusive, match="did not say whether"):
        biometrics.none_checked([], [quiet, silent])
    with pytest.raises(Inconclusive, match="did not say whether"):
        biometrics.held_for_review([], tried("prints", detail="arrest"))
    sent = tried("prints", WITNESS, "P-2", detail="elimination", checked=True)
    with pytest.raises(Breach):
        biometrics.none_checked([], [sent, refused])


# -- FW-20 ---------------------------------------------------------------------------------


def test_a_refused_report_fails_the_control_or_breaches():
    taken = tried("report", detail="with document", case_id="C-1", person_id="P-1")
    assert reporting.report_taken(taken, control=True).control
    refused = tried("report", allowed=False, detail="without document")
    with pytest.raises(Inconclusive, match="control failed"):
        reporting.report_taken(refused, control=True)
    with pytest.raises(Breach, match="no identity document"):
        reporting.report_taken(refused, control=False)
    with pytest.raises(Breach, match="did not record"):
        reporting.report_taken(tried("report", detail="without document"), control=False)
    with pytest.raises(Breach, match="victim services"):
        reporting.victim_services_referral_made(tried("victim-services", allowed=False))


def test_a_victim_services_referral_needs_the_referral_it_made():
    """An accepted answer with no referral passed before."""
    made = tried("victim-services", detail="without document", id="R-1")
    assert reporting.victim_services_referral_made(made)
    with pytest.raises(Inconclusive, match="returned no referral"):
        reporting.victim_services_referral_made(tried("victim-services", detail="without document"))
