"""Claims about who can find and open which records."""

from __future__ import annotations

from collections.abc import Sequence

from firewall_conformance.checks._wording import listing
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import scan_document
from firewall_conformance.evidence import ScenarioEvidence, Tried
from firewall_conformance.outcomes import Breach, Inconclusive
from firewall_conformance.results import Check


def found_by_search(evidence: ScenarioEvidence, searches: Sequence[Tried]) -> Check:
    """Positive control: an investigator's search finds each planted persona."""
    missing = [
        t.persona.label
        for t in searches
        if not t.attempt.allowed or t.person_id not in t.attempt.ids
    ]
    if not searches or missing:
        raise Inconclusive(
            f"The control failed: an investigator's search did not find {listing(missing) or 'anyone'}, "
            "so an immigration officer finding nothing would show nothing."
        )
    return Check(
        claim=f"an investigator's search by name found {listing([t.persona.label for t in searches])}",
        examined={"searches": len(searches), "results": sum(len(t.attempt.ids) for t in searches)},
        control="investigator account",
    )


def not_found_by_search(
    evidence: ScenarioEvidence, matcher: CanaryMatcher, searches: Sequence[Tried]
) -> Check:
    """An immigration officer's searches return no protected persona, by id or by content."""
    if not searches:
        raise Inconclusive("No search was made by the immigration officer.")
    seen = []
    for tried in searches:
        if not tried.attempt.allowed:
            continue
        report = scan_document(
            matcher, tried.attempt.body, "the immigration officer's search results"
        )
        evidence.found(report.findings, f"search for {tried.persona.label}")
        if tried.person_id in tried.attempt.ids or tried.persona.label in report.personas_found():
            seen.append(tried.persona.label)
    if seen:
        raise Breach(f"An immigration officer's search by name found {listing(seen)}.")
    return Check(
        claim=f"an immigration officer's search by name found none of {listing([t.persona.label for t in searches])}",
        examined={"searches": len(searches)},
    )


def opened(evidence: ScenarioEvidence, matcher: CanaryMatcher, reads: Sequence[Tried]) -> Check:
    """Positive control: the investigator can open each record, and it shows the persona."""
    failed = []
    for tried in reads:
        report = scan_document(matcher, tried.attempt.body, "the record opened by the investigator")
        if not tried.attempt.allowed or tried.persona.label not in report.personas_found():
            failed.append(tried.persona.label)
    if not reads or failed:
        raise Inconclusive(
            f"The control failed: the investigator could not open the record of "
            f"{listing(failed) or 'anyone'}, so a closed record for an immigration officer would show nothing."
        )
    return Check(
        claim=f"the investigator opened the records of {listing([t.persona.label for t in reads])}",
        examined={"records opened": len(reads)},
        control="investigator account",
    )


def stayed_closed(
    evidence: ScenarioEvidence, matcher: CanaryMatcher, reads: Sequence[Tried]
) -> Check:
    """Every attempt by an immigration officer to open a protected record was refused."""
    if not reads:
        raise Inconclusive("The immigration officer did not try to open any record.")
    opened_ = []
    for tried in reads:
        if tried.attempt.allowed:
            report = scan_document(
                matcher, tried.attempt.body, "the record opened by the immigration officer"
            )
            evidence.found(report.findings, f"record of {tried.persona.label}")
            opened_.append(tried.persona.label)
    if opened_:
        raise Breach(f"An immigration officer opened the record of {listing(opened_)}.")
    return Check(
        claim=f"the immigration officer was refused the records of {listing([t.persona.label for t in reads])}",
        examined={"refused reads": len(reads)},
    )
