"""Fault switches: one deliberate, realistic defect per firewall obligation.

The reference system is compliant by default. The harness proves that each obligation
can fail by switching on exactly one fault and checking that exactly that obligation
turns BREACH (the detection matrix). Every fault is a visible branch in ``policy.py``
or the route that owns the behaviour, guarded by its id.

An id is the obligation it breaks (``FW-NN``), optionally followed by ``/variant`` when
one obligation can be broken through more than one channel: ``FW-01/outbound`` breaks
FW-01 through the outbound feeds, and must turn only FW-01 BREACH.
"""

from collections.abc import Iterable

FAULTS: dict[str, str] = {
    "FW-01": (
        "The bulk-export filter for immigration-enforcement recipients leaves out only "
        "persons with a victim role; witnesses are exported to immigration enforcement. "
        "Case-by-case disclosures are still refused."
    ),
    "FW-01/outbound": (
        "The case-level outbound feed to immigration enforcement, triggered by a suspect in a "
        "case, carries the whole case file, victims and witnesses included. Disclosures and "
        "bulk exports are still filtered, and every push is still audited."
    ),
    "FW-02": (
        "The status-check role guard is skipped when the purpose is "
        "'identity-verification', so a victim or witness can be checked."
    ),
    "FW-03": (
        "Opening a person record by id forgets the immigration-enforcement restriction "
        "(insecure direct object reference); search still withholds victims and witnesses."
    ),
    "FW-03/existence": (
        "A search by an immigration-enforcement user that matches only withheld persons is "
        "refused as restricted instead of answered like a search that matched nobody, so the "
        "refusal itself tells them a victim or witness with that detail is on record."
    ),
    "FW-03/opening": (
        "Opening a victim's or witness's record by id as an immigration-enforcement user is "
        "refused as firewalled, while a number no one holds is answered as not found, so the "
        "refusal itself tells an officer holding a number that the person is on record."
    ),
    "FW-04": (
        "Bulk exports are not written to the audit log; disclosures and refused attempts still are."
    ),
    "FW-05": (
        "The justification for looking up a person record is optional: a search or a read "
        "without one goes through and is logged with an empty reason."
    ),
    "FW-06": (
        "A case file is built with a person-centric join: for each person in the case it pulls "
        "in every case they are involved in, so a suspect's file carries the case in which they "
        "are a victim."
    ),
    "FW-07": (
        "A case file for immigration enforcement carries every statement on file for each "
        "person in it, whatever role they were in when it was given, so a former victim's "
        "statement and refuge address go with them once they become a suspect."
    ),
    "FW-08": (
        "Exports record their purpose but never check it: an export for immigration control "
        "to any recipient goes through with victims and witnesses in it (immigration "
        "enforcement's own exports are still filtered)."
    ),
    "FW-09": (
        "The prosecution service's export template was widened 'for identification': it fills "
        "in passport number and immigration status for every person, victims and witnesses "
        "included. Disclosures still send only the approved fields."
    ),
    "FW-10": (
        "Free text sent to partners is redacted by replacing each victim's and witness's full "
        "name exactly as recorded: a surname in capitals, 'Family, Given', a phone number and "
        "remarks about immigration status all get through."
    ),
    "FW-11": (
        "The certification check (no immigration use, no onward disclosure to immigration "
        "enforcement) is applied to case-by-case disclosures but not to bulk exports, so an "
        "approved recipient that never certified receives exports."
    ),
    "FW-12": (
        "A newly registered recipient is approved by default, with a default class "
        "('partner-agency'), instead of waiting for someone to classify and approve it."
    ),
    "FW-13": (
        "The basis reference of an exceptional disclosure is stored but never checked: any text "
        "is accepted, whether or not a consent, warrant or safeguarding record for that person "
        "exists."
    ),
    "FW-14": (
        "Disclosures send the whole person record, immigration status, document numbers and "
        "contact details included, whatever the recipient is approved for. Bulk exports still "
        "follow each recipient's template."
    ),
    "FW-15": (
        "Subject access responses leave out disclosures made to immigration enforcement, as if "
        'a restriction of the right of access applied to everyone ("restricted by default").'
    ),
    "FW-15/notice": (
        "Notices to the person wait for the weekly print run, so one is sent a week after the "
        "disclosure to immigration enforcement, not within three days. It only matters where "
        "the three-day notice is law (the us-ny profile)."
    ),
    "FW-16": (
        "A task rule raises 'refer to Immigration Enforcement' for every victim or witness whose "
        "recorded nationality is not British, and notifies the immigration liaison."
    ),
    "FW-17": (
        "The e-mail gateway records a mail quoting a case reference as a disclosure only when it "
        "goes to a data-sharing partner's domain; immigration enforcement's contact line is not "
        "one, so mail to it goes out with no disclosure recorded."
    ),
    "FW-18": (
        "Elimination fingerprints go through the same pipeline as arrest prints and are checked "
        "against immigration records."
    ),
    "FW-18/dual-arrest": (
        "Arrest prints are routed by the arrest alone: a domestic-abuse victim arrested on a "
        "counter-allegation is checked against immigration records without review. Elimination "
        "prints are still never sent."
    ),
    "FW-19": (
        "The referral template copies the person's whole record, so nationality, immigration "
        "status and document numbers travel in safeguarding and modern-slavery referrals "
        "(the 'not for immigration use' marker is still stamped)."
    ),
    "FW-20": (
        "Crime-report intake demands an identity document number when the reporter's "
        "nationality is not British or their immigration status is unknown."
    ),
    "FW-21": (
        "Published statistics suppress counts below the threshold, but the period totals are "
        "published exact with no secondary suppression, so a total minus the cells shown "
        "gives a suppressed count away."
    ),
    "FW-22": (
        "The retention review erases victims' and witnesses' records on schedule, but as a "
        "batch job outside the audited request path: no erasure is written to the audit log."
    ),
    "FW-23": (
        "The refer-to-immigration-enforcement action is withheld from a domestic-abuse victim "
        "only when their status is recorded as 'doubted'; a victim whose status is 'unknown' "
        "can be referred."
    ),
}


def obligation_of(fault_id: str) -> str:
    """The obligation a fault breaks: the part of its id before any ``/variant``."""
    return fault_id.split("/", 1)[0]


def check_faults(faults: Iterable[str]) -> frozenset[str]:
    """Return the faults as a frozenset, refusing ids that are not in ``FAULTS``."""
    chosen = frozenset(faults)
    unknown = sorted(chosen - FAULTS.keys())
    if unknown:
        raise ValueError(f"unknown fault id(s) {', '.join(unknown)}; known: {', '.join(FAULTS)}")
    return chosen
