"""Claims about one-off disclosures to recipients."""

from __future__ import annotations

from collections.abc import Sequence

from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import scan_document
from firewall_conformance.model.evidence import ScenarioEvidence, Tried
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.model.results import Claim
from firewall_conformance.wording.plural import agree, every, listing


def received(evidence: ScenarioEvidence, matcher: CanaryMatcher, tried: Tried) -> Claim:
    """Positive control: a lawful recipient got the persona, and the detector saw it."""
    who, to = tried.persona.label, tried.recipient
    if not tried.attempt.allowed:
        raise Inconclusive(
            f"The control failed: the system refused to disclose {who} to the {to} recipient, "
            "a lawful recipient, so a refusal to immigration enforcement would show nothing."
        )
    report = scan_document(matcher, tried.attempt.body, f"the disclosure to {to}")
    evidence.found(report.findings, f"disclosure to {to}")
    if tried.attempt.body is not None and who not in report.personas_found():
        raise Inconclusive(
            f"The control failed: the disclosure of {who} to {to} was accepted, but the detector "
            "did not find their details in what the system returned."
        )
    return Claim(
        claim=f"{who} was disclosed to the {to} recipient and the detector found their details there",
        examined={"disclosures": 1, "bytes": report.bytes},
        control="lawful recipient",
    )


def nothing_received(
    evidence: ScenarioEvidence, matcher: CanaryMatcher, attempts: Sequence[Tried]
) -> Claim:
    """No attempt to disclose a protected persona to the restricted recipient went through."""
    if not attempts:
        raise Inconclusive("No disclosure to immigration enforcement was attempted.")
    accepted = []
    for tried in attempts:
        if tried.attempt.allowed:
            report = scan_document(
                matcher, tried.attempt.body, f"the disclosure to {tried.recipient}"
            )
            evidence.found(
                report.findings, f"disclosure of {tried.persona.label} to {tried.recipient}"
            )
            accepted.append(tried.persona.label)
    if accepted:
        raise Breach(
            f"The system accepted a disclosure of {listing(accepted)} to immigration enforcement."
        )
    return Claim(
        claim=f"{every(len(attempts), 'attempts')} to disclose the victim or the witness to "
        f"immigration enforcement {agree(len(attempts), 'was', 'were')} refused",
        examined={"disclosure attempts": len(attempts)},
    )
