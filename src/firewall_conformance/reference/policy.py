"""The firewall rules, in one place.

A person is *protected* when they hold a victim or witness role in ANY case, whatever
else they are elsewhere: a suspect in one case who is a victim in another is still a
victim, and nothing about them may reach immigration enforcement. The rules below take
the person's role names across all cases, so a check can never look at one case only.

Most fault switches weaken a rule here, each as one visible branch. The others sit where
the behaviour they break is done, so a vendor reading that code sees the defect in place:
FW-04 (unaudited exports) in ``routes/exports.py``, FW-12 (approved by default) in
``routes/recipient_register.py``, FW-15/notice (weekly notices) in ``notices.py``, FW-21
(exact totals) in ``statistics.py`` and FW-22 (unlogged erasure) in ``retention.py``.
"""

from collections.abc import Mapping, Set
from datetime import date
from typing import TYPE_CHECKING, Any

from . import redaction
from .minimisation import approved_fields
from .records import PERSON_FIELDS
from .users import IMMIGRATION_ENFORCEMENT

if TYPE_CHECKING:  # register imports this module; the hint only names its record
    from .register import Standing

PROTECTED_ROLES = frozenset({"victim", "witness"})
RESTRICTED_RECIPIENT_CLASS = "immigration-enforcement"
RESTRICTED_PURPOSE = "immigration-control"


def is_protected(roles: Set[str]) -> bool:
    """True for a person who is a victim or witness in any case."""
    return bool(roles & PROTECTED_ROLES)


def may_disclose(recipient_class: str, roles: Set[str]) -> bool:
    """FW-01: a case-by-case disclosure to immigration enforcement never carries a protected person."""
    return recipient_class != RESTRICTED_RECIPIENT_CLASS or not is_protected(roles)


def may_export(recipient_class: str, roles: Set[str], faults: Set[str]) -> bool:
    """FW-01: a bulk export to immigration enforcement leaves every protected person out."""
    if recipient_class != RESTRICTED_RECIPIENT_CLASS:
        return True
    if "FW-01" in faults:
        return "victim" not in roles
    return not is_protected(roles)


def may_export_for(purpose: str, record_roles: Set[str], faults: Set[str]) -> bool:
    """FW-08: whatever the recipient, an export for immigration control is refused outright
    when any of its records is of a victim or witness; trimming them out silently would
    hide from the officer that the purpose was barred."""
    if "FW-08" in faults:
        return True  # the fault: the purpose is recorded but never checked
    return purpose != RESTRICTED_PURPOSE or not is_protected(record_roles)


def may_push(recipient_class: str, roles: Set[str], case_is_sent: bool, faults: Set[str]) -> bool:
    """FW-01: an outbound feed to immigration enforcement never carries a protected person,
    not even inside a case it lawfully sends because of a suspect in it."""
    if "FW-01/outbound" in faults and case_is_sent:
        return True  # the fault: the whole case file travels with the suspect
    return may_disclose(recipient_class, roles)


def may_start_status_check(roles: Set[str], purpose: str, faults: Set[str]) -> bool:
    """FW-02: an immigration status check may only be started on a suspect."""
    if "FW-02" in faults and purpose == "identity-verification":
        return True
    return "suspect" in roles


def may_find(user_role: str, roles: Set[str]) -> bool:
    """FW-03: an immigration-enforcement user's searches never show a protected person."""
    return user_role != IMMIGRATION_ENFORCEMENT or not is_protected(roles)


def may_open(user_role: str, roles: Set[str], faults: Set[str]) -> bool:
    """FW-03: an immigration-enforcement user cannot open a protected person's record."""
    if "FW-03" in faults:
        return True
    return may_find(user_role, roles)


def recipient_refusal(
    standing: "Standing | None", channel: str, today: date, faults: Set[str]
) -> str | None:
    """FW-12 and FW-11: why nothing may be sent to a recipient now, or None if it may.

    FW-12 (default deny): a recipient must be classified and approved before anything flows
    to it. FW-11: a recipient outside the restricted class must also hold a certification, in
    force today, that it makes no immigration use of the data and discloses none of it onward.
    The restricted class cannot certify that; the rules above limit what it receives.
    ``standing`` is the register's ``Standing`` (None: the recipient was never registered).
    """
    if standing is None or standing.status != "approved":
        return "the recipient has not been classified and approved in the recipient register"
    if standing.recipient_class == RESTRICTED_RECIPIENT_CLASS:
        return None
    if "FW-11" in faults and channel == "export":
        return None  # the fault: bulk exports skip the certification check
    if not standing.certified(today):
        return (
            "the recipient holds no current certification of no immigration use and no onward "
            "disclosure"
        )
    return None


EXCEPTIONAL_DISCLOSURE_BASES = ("consent", "warrant", "safeguarding")


def exceptional_disclosure_refusal(
    basis: Mapping[str, Any] | None, person_id: str, faults: Set[str]
) -> str | None:
    """FW-13: an exceptional disclosure needs a basis record from the fixed list (informed
    consent on record, a judicial warrant or court order, or a safeguarding need signed off by
    a supervisor) that is about the very person disclosed and names who signed it off.
    ``basis`` is the stored record the request names (None: there is none). Returns why not."""
    if "FW-13" in faults:
        return None  # the fault: the basis reference is stored but never checked
    if basis is None:
        return "no basis record with that reference exists"
    if basis["person_id"] != person_id:
        return "the basis record is about someone else"
    if basis["kind"] not in EXCEPTIONAL_DISCLOSURE_BASES:
        return f"a {basis['kind']} record is not a basis for an exceptional disclosure"
    if not basis["approved_by"]:
        return "the basis record names no one who signed it off"
    return None


def subject_may_see(recipient_class: str | None, restricted: bool, faults: Set[str]) -> bool:
    """FW-15: a subject access response lists every recipient of the person's data, those of
    the restricted class included, unless a restriction of the right of access is recorded
    for the person (Data Protection Act 2018 s.45(4))."""
    if "FW-15" in faults and recipient_class == RESTRICTED_RECIPIENT_CLASS:
        return False  # the fault: disclosures to immigration enforcement "restricted by default"
    return not (restricted and recipient_class == RESTRICTED_RECIPIENT_CLASS)


# -- automation, referrals and reporting (FW-16 to FW-20, FW-23) ---------------------------

ROUTINE_TASKS = {
    "victim": ("victim-needs-assessment",),
    "witness": ("witness-care-contact",),
    "suspect": ("suspect-enquiries",),
}
IE_REFERRAL_TASK = "refer-to-immigration-enforcement"
DOMESTIC_ABUSE_OFFENCES = frozenset(
    {
        "controlling or coercive behaviour",
        "domestic abuse",
        "assault occasioning actual bodily harm (domestic)",
        "stalking (domestic)",
    }
)


def is_british(nationality: str | None) -> bool:
    """True only for a recorded British nationality; an empty field is not British either."""
    return (nationality or "").strip().casefold() in ("british", "uk", "united kingdom")


def tasks_for(role: str, nationality: str | None, faults: Set[str]) -> tuple[str, ...]:
    """FW-16: the tasks a person's role in a new case raises. Nationality, ethnicity and
    status fields never raise a task: routine referral on nationality alone is not a lawful
    policing purpose, however convenient a prompt would be."""
    kinds = ROUTINE_TASKS.get(role, ())
    if "FW-16" in faults and role in PROTECTED_ROLES and not is_british(nationality):
        kinds = (*kinds, IE_REFERRAL_TASK)  # the fault: a nationality-driven referral rule
    return kinds


def records_mail_as_disclosure(quotes_case: bool, partner: bool, faults: Set[str]) -> bool:
    """FW-17: an e-mail to a registered recipient quoting a case reference is a disclosure
    and is recorded as one, whoever the recipient is; partner standing is irrelevant."""
    if "FW-17" in faults:
        return quotes_case and partner  # the fault: only partner domains are recorded
    return quotes_case


def prints_routing(kind: str, roles: Set[str], faults: Set[str]) -> str:
    """FW-18: where fingerprints go. Arrest prints of a suspect are checked against
    immigration records; elimination prints never are; arrest prints of anyone recorded as a
    victim or witness (a counter-allegation in a domestic-abuse case) wait for a review."""
    if kind == "elimination":
        if "FW-18" in faults:
            return "immigration-check"  # the fault: one pipeline for every kind of prints
        return "not-sent"
    if is_protected(roles):
        if "FW-18/dual-arrest" in faults:
            return "immigration-check"  # the fault: an arrest is checked, whoever was arrested
        return "held-for-review"
    return "immigration-check"


SAFEGUARDING_REFERRAL_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "phone",
    "email",
    "address",
)


def referral_fields(faults: Set[str]) -> tuple[str, ...]:
    """FW-19: a safeguarding or modern-slavery referral carries what the receiving body needs
    to keep the person safe, and none of the status fields (nationality, immigration status,
    passport and Home Office numbers)."""
    if "FW-19" in faults:
        return PERSON_FIELDS  # the fault: the template copies the whole record
    return SAFEGUARDING_REFERRAL_FIELDS


def identity_document_required(
    nationality: str | None, immigration_status: str | None, faults: Set[str]
) -> bool:
    """FW-20: reporting a crime never depends on immigration status or identity documents."""
    if "FW-20" in faults:
        unknown = "unknown" in (immigration_status or "unknown").casefold()
        return unknown or not is_british(nationality)  # the fault: ID demanded of migrants
    return False


def may_refer_to_immigration_enforcement(
    roles: Set[str], immigration_status: str | None, domestic_abuse: bool, faults: Set[str]
) -> bool:
    """FW-23: only a suspect may be referred to immigration enforcement. A victim or witness
    never is; in particular a domestic-abuse victim whose status is only doubted or unknown
    is signposted to independent advice instead (Safe to share?, recommendation 1)."""
    if "FW-23" in faults and domestic_abuse and is_protected(roles):
        # the fault: the rule was written for "doubted" and forgets "unknown"
        return "doubt" not in (immigration_status or "").casefold()
    return not is_protected(roles)


def may_signpost(roles: Set[str]) -> bool:
    """FW-23: signposting to independent immigration advice is offered to victims and witnesses."""
    return is_protected(roles)


def may_consult(justification: str | None, faults: Set[str]) -> bool:
    """FW-05: a person record is searched for or opened only with a justification, which the
    audit log then records with the time and the user (Data Protection Act 2018 s.62)."""
    if "FW-05" in faults:
        return True  # the fault: the justification is optional, and logged empty when absent
    return bool(justification and justification.strip())


def may_change_role(reason: str | None, approved_by: str | None, changed_by: str) -> bool:
    """FW-07: a change of a person's role in a case is made only with a reason and the name of
    someone other than the officer making it who approved it."""
    if not (reason and reason.strip() and approved_by and approved_by.strip()):
        return False
    return approved_by.strip().casefold() != changed_by.casefold()


# Recipients bound by law not to use what they receive for anything but the purpose it was
# given for: the prosecution service holds case files under the Criminal Procedure and
# Investigations Act 1996 and the Crown's own duties. Everyone else may use data onward.
ONWARD_USE_BARRED = frozenset({"prosecution"})


def case_file_cases(case_id: str, cases_of_persons: Set[str], faults: Set[str]) -> set[str]:
    """FW-06: a case file holds the case it is the file of, and no other. A person's roles in
    other cases (a suspect here may be a victim elsewhere) stay in those cases."""
    if "FW-06" in faults:
        return {case_id, *cases_of_persons}  # the fault: a person-centric join
    return {case_id}


def may_file_person(recipient_class: str, roles: Set[str]) -> bool:
    """FW-01, FW-10: a case file for a recipient that may use it onward names no victim or
    witness; the prosecution service gets the whole case."""
    return recipient_class in ONWARD_USE_BARRED or not is_protected(roles)


def may_file_material(recipient_class: str, role_at_time: str | None, faults: Set[str]) -> bool:
    """FW-07: material gathered while a person was a victim or witness (a statement, a refuge
    address) never goes to immigration enforcement, even after they became a suspect."""
    if recipient_class != RESTRICTED_RECIPIENT_CLASS:
        return True
    if "FW-07" in faults:
        return True  # the fault: every statement on file, whatever role it was given in
    return role_at_time is not None and role_at_time not in PROTECTED_ROLES


def free_text_for(
    recipient_class: str, text: str, protected: list[dict[str, Any]], faults: Set[str]
) -> str:
    """FW-10: free text leaves for a recipient that may use it onward (immigration enforcement
    included) only redacted of every form of a victim's or witness's identity and of every
    immigration-status remark."""
    if recipient_class in ONWARD_USE_BARRED:
        return text
    if "FW-10" in faults:
        return redaction.replace_recorded_names(text, protected)  # the fault: exact names only
    return redaction.redact(text, protected)


def export_fields(recipient_class: str, faults: Set[str]) -> frozenset[str]:
    """FW-09: a bulk export fills in only the fields its recipient is approved for, so
    status-revealing fields (nationality, immigration status, document numbers) leave the
    system only where the force has justified them for that recipient."""
    fields = approved_fields(recipient_class)
    if "FW-09" in faults and recipient_class == "prosecution":
        # the fault: the prosecution template was widened "for identification"
        return fields | {"passport_number", "immigration_status"}
    return fields


def disclosure_fields(recipient_class: str, faults: Set[str]) -> frozenset[str]:
    """FW-14: a lawful disclosure carries exactly the fields approved for its recipient."""
    if "FW-14" in faults:
        return frozenset(PERSON_FIELDS)  # the fault: the whole person record is sent
    return approved_fields(recipient_class)
