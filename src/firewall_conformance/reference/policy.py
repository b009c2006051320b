"""The firewall rules, in one place.

A person is *protected* when they hold a victim or witness role in ANY case, whatever
else they are elsewhere: a suspect in one case who is a victim in another is still a
victim, and nothing about them may reach immigration enforcement. The rules below take
the person's role names across all cases, so a check can never look at one case only.

Every fault switch but one weakens a rule here, each as one visible branch; FW-04
(unaudited exports) lives in ``routes/exports.py`` where the audit call is.
"""

from collections.abc import Set

from .users import IMMIGRATION_ENFORCEMENT

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
