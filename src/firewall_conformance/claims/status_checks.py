"""Claims about immigration status checks."""

from __future__ import annotations

from collections.abc import Sequence

from firewall_conformance.model.evidence import Tried
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.model.results import Claim
from firewall_conformance.wording.plural import agree, every, listing


def accepted(tried: Tried) -> Claim:
    """Positive control: a check on a suspect goes through."""
    if not tried.attempt.allowed:
        raise Inconclusive(
            f"The control failed: the system refused a status check on {tried.persona.label}, "
            "so refusals for victims and witnesses would show nothing."
        )
    return Claim(
        claim=f"a status check on {tried.persona.label} was accepted",
        examined={"status checks": 1},
        control="suspect",
    )


def all_refused(attempts: Sequence[Tried]) -> Claim:
    """Every check on a victim or witness was refused, whatever the purpose."""
    if not attempts:
        raise Inconclusive("No status check on a victim or a witness was attempted.")
    through = [f"{t.persona.label} (purpose: {t.detail})" for t in attempts if t.attempt.allowed]
    if through:
        raise Breach(f"The system accepted an immigration status check on {listing(through)}.")
    return Claim(
        claim=f"{every(len(attempts), 'status checks')} on the victim or the witness "
        f"{agree(len(attempts), 'was', 'were')} refused",
        examined={"status checks": len(attempts)},
    )
