"""Claims about reporting a crime and victim services (FW-20)."""

from __future__ import annotations

from firewall_conformance.model.evidence import Tried
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.model.results import Claim
from firewall_conformance.targets.answers import CrimeReport, VictimServicesReferral


def _details(tried: Tried) -> str:
    document = "an identity document" if tried.detail == "with document" else "no identity document"
    return f"immigration status '{tried.persona.immigration_status}' and {document}"


def report_taken(tried: Tried, *, control: bool) -> Claim:
    """The report went through and recorded the victim in a case."""
    who = tried.persona.label
    report = tried.attempt.accepted_answer(CrimeReport)
    recorded = report is not None and bool(report.case_id and report.person_id)
    if not recorded:
        what = "refused" if not tried.attempt.allowed else "did not record"
        if control:
            raise Inconclusive(
                f"The control failed: the system {what} the crime report of {who}, who gave full "
                "details, so a refusal of other reports would show nothing."
            )
        raise Breach(f"The system {what} the crime report of {who}, with {_details(tried)}.")
    return Claim(
        claim=f"the system took the crime report of {who}, with {_details(tried)}",
        examined={"crime reports": 1},
        control="full details" if control else None,
    )


def victim_services_referral_made(tried: Tried) -> Claim:
    """The victim with no document was referred to victim services: the system accepted the
    referral and returned the referral it made. An accepted answer with no referral id shows
    nothing was made, so it is Inconclusive, never a pass."""
    if not tried.attempt.allowed:
        raise Breach(
            f"The system refused to refer {tried.persona.label}, with {_details(tried)}, to "
            "victim services."
        )
    referral_id = tried.attempt.answer_as(VictimServicesReferral).id
    if not referral_id:
        raise Inconclusive(
            f"The system accepted the referral of {tried.persona.label} to victim services but "
            "returned no referral, so whether one was made could not be seen."
        )
    return Claim(
        claim=f"{tried.persona.label} was referred to victim services, and the system returned "
        "the referral it made",
        examined={"victim-services referrals": 1},
    )
