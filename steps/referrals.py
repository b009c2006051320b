"""Referrals: automatic tasks, e-mail sent off-system, safeguarding and modern-slavery
referrals, and referral of a domestic-abuse victim to immigration enforcement."""

from __future__ import annotations

from pytest_bdd import parsers, then

from firewall_conformance.claims import PROTECTED_ROLES
from firewall_conformance.claims import referrals as check
from firewall_conformance.model.evidence import ScenarioEvidence, ScenarioState, Tried
from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.persons.canary_text import mails_quoting
from firewall_conformance.targets.base import Target
from steps.acts import OFFICER
from steps.claims import EACH_REFERRAL, LOGGED, NONE
from steps.set_up import PERSONS
from steps.vocabulary import RECIPIENT, RECIPIENT_WORDS, ROLE, one_of
from steps.wiring import last_tried, planted_case

IE = "immigration-enforcement"
SCHEMES = {
    "the safeguarding hub": ("safeguarding", "referral to the safeguarding hub"),
    "the National Referral Mechanism": (
        "modern_slavery",
        "referral to the National Referral Mechanism",
    ),
}


def _protected(state: ScenarioState) -> dict[str, str]:
    return {state.cast[r].label: state.person_id(r) for r in PROTECTED_ROLES}


# -- FW-16 ---------------------------------------------------------------------------------


@OFFICER.phrase("looks at the tasks the system has raised on the case")
def look_at_tasks(target: Target, state: ScenarioState) -> None:
    attempt = target.case_tasks(planted_case(state).case_id)
    state.tried.append(Tried("tasks", state.cast["victim"], state.person_id("victim"), attempt))


@PERSONS.phrase("the victim and the witness were planted with a nationality other than British")
def not_british(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    evidence.record(check.nationality_not_british([state.cast[r] for r in PROTECTED_ROLES]))


@then("the system has raised a task about the victim, which can be read")
def victim_task(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    evidence.record(check.task_raised(last_tried(state, "tasks"), state.matcher))


@NONE.phrase("no task about the victim or the witness refers them to immigration enforcement")
def no_ie_task(evidence: ScenarioEvidence, target: Target, state: ScenarioState) -> None:
    tried = last_tried(state, "tasks")
    evidence.record(
        check.no_ie_tasks(tried, _protected(state), target.recipient(IE).id, state.matcher)
    )


@LOGGED.phrase("nothing sent to immigration enforcement about the victim or the witness")
def no_ie_notification(evidence: ScenarioEvidence, target: Target, state: ScenarioState) -> None:
    evidence.record(
        check.no_ie_notifications(
            target.audit_log(), _protected(state), target.recipient(IE).id, state.matcher
        )
    )


# -- FW-17 ---------------------------------------------------------------------------------


@OFFICER.phrase(
    rf"e-mails {RECIPIENT} about the suspect, quoting the case reference "
    "in the subject of one e-mail and in the body of another"
)
def email_about_suspect(target: Target, state: ScenarioState, recipient: str) -> None:
    reference = planted_case(state).reference
    if not reference:
        raise Inconclusive("The system gave the planted case no reference that a mail could quote.")
    suspect = state.cast["suspect"]
    for mail in mails_quoting(reference, suspect):
        attempt = target.send_mail(recipient, subject=mail.subject, text=mail.text)
        state.tried.append(
            Tried(
                "mail",
                suspect,
                state.person_id("suspect"),
                attempt,
                recipient=recipient,
                detail=f"with the case reference in its {mail.place}",
            )
        )


@LOGGED.phrase(rf"each e-mail to {RECIPIENT} as a disclosure of the case")
def email_logged(
    evidence: ScenarioEvidence, target: Target, state: ScenarioState, recipient: str
) -> None:
    evidence.record(
        check.mail_recorded(
            target.audit_log("mail"),
            state.tried_where(action="mail", recipient=recipient),
            target.recipient(recipient).id,
            planted_case(state).case_id,
            to=RECIPIENT_WORDS[recipient],
            control=recipient != IE,
        )
    )


# -- FW-19 ---------------------------------------------------------------------------------


@OFFICER.phrase(
    rf"(?:refers|tries to refer) the {ROLE} to "
    rf"(?:{one_of('scheme', SCHEMES)}|immigration enforcement)"
)
def refer(target: Target, state: ScenarioState, role: str, scheme: str | None) -> None:
    """To a support scheme (a referral that must protect the person), or, when the sentence
    names no scheme, to immigration enforcement (allowed for a suspect only)."""
    person_id, case_id = state.person_id(role), planted_case(state).case_id
    if scheme is None:
        attempt = target.refer_to_immigration_enforcement(case_id, person_id)
        state.tried.append(Tried("ie-referral", state.cast[role], person_id, attempt))
        return
    operation, label = SCHEMES[scheme]
    attempt = target.refer(operation, case_id, person_id)
    state.tried.append(Tried("referral", state.cast[role], person_id, attempt, detail=label))


@EACH_REFERRAL.phrase("carries the victim's details, which can be found")
def referral_details(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    tried = state.tried_where(action="referral")
    evidence.record(check.referral_details_found(evidence, state.matcher, tried))


@EACH_REFERRAL.phrase("is marked as not for immigration use")
def referral_marked(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    evidence.record(check.referrals_marked(state.tried_where(action="referral")))


@EACH_REFERRAL.phrase(
    "carries none of the victim's nationality, immigration status or document numbers"
)
def referral_without_status(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    tried = state.tried_where(action="referral")
    evidence.record(check.referrals_without_status(evidence, state.matcher, tried))


# -- FW-23 ---------------------------------------------------------------------------------


@OFFICER.phrase(rf"looks at the actions offered for the {ROLE}")
def look_at_actions(target: Target, state: ScenarioState, role: str) -> None:
    person_id = state.person_id(role)
    attempt = target.person_actions(planted_case(state).case_id, person_id)
    state.tried.append(Tried("actions", state.cast[role], person_id, attempt))


# What may be offered for a person, and the check that it is offered, or is not.
OFFERS = {
    ("referral to immigration enforcement", True): check.ie_referral_offered,
    ("referral to immigration enforcement", False): check.ie_referral_not_offered,
    ("signposting to independent immigration advice", True): check.signposting_offered,
}


@then(
    parsers.re(
        rf"{one_of('action', dict.fromkeys(a for a, _ in OFFERS))} is (?P<refused>not )?offered "
        rf"for the {ROLE}"
    )
)
def offered(
    evidence: ScenarioEvidence, state: ScenarioState, action: str, refused: str | None, role: str
) -> None:
    claim = OFFERS.get((action, not refused))
    assert claim is not None, f"the suite has no check that {action} is not offered"
    evidence.record(claim(last_tried(state, "actions", role=(role,))))


@then(
    parsers.re(
        rf"the referral of the {ROLE} is (?:(?P<accepted>accepted) and the audit log records it|"
        r"refused and the audit log records the refusal)"
    )
)
def ie_referral_answered(
    evidence: ScenarioEvidence,
    target: Target,
    state: ScenarioState,
    role: str,
    accepted: str | None,
) -> None:
    """An accepted referral is the control; a refused one counts only after another person's
    referral was accepted, so the refusal is of this person and not of every referral."""
    tried = last_tried(state, "ie-referral", role=(role,))
    entries = target.audit_log("ie-referral")
    if accepted:
        evidence.record(check.ie_referral_accepted(entries, tried))
        return
    others = [t for t in state.tried_where(action="ie-referral") if t.persona.role != role]
    evidence.record(
        check.ie_referral_refused_and_logged(entries, tried, others[-1] if others else None)
    )


@OFFICER.phrase("signposts the victim to independent immigration advice")
def signpost_victim(target: Target, state: ScenarioState) -> None:
    person_id = state.person_id("victim")
    attempt = target.signpost(planted_case(state).case_id, person_id)
    state.tried.append(Tried("signposting", state.cast["victim"], person_id, attempt))


@LOGGED.phrase("the signposting")
def signposting_logged(evidence: ScenarioEvidence, target: Target, state: ScenarioState) -> None:
    tried = last_tried(state, "signposting", role=("victim",))
    evidence.record(check.signposting_logged(target.audit_log("signposting"), tried))
