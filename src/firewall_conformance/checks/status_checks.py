"""Claims about immigration status checks."""

from __future__ import annotations

from collections.abc import Sequence

from firewall_conformance.checks._wording import listing
from firewall_conformance.evidence import Tried
from firewall_conformance.outcomes import Breach, Inconclusive
from firewall_conformance.plural import agree, every
from firewall_conformance.results import Check


def accepted(tried: Tried) -> Check:
    """Positive control: a check on a suspect goes through."""
    if not tried.attempt.allowed:
        raise Inconclusive(
            f"The control failed: the system refused a status check on {tried.persona.label}, "
            "so refusals for victims and witnesses would show nothing."
        )
    return Check(
        claim=f"a status check on {tried.persona.label} was accepted",
        examined={"status checks": 1},
        control="suspect",
    )


def all_refused(attempts: Sequence[Tried]) -> Check:
    """Every check on a victim or witness was refused, whatever the purpose."""
    if not attempts:
        raise Inconclusive("No status check on a victim or a witness was attempted.")
    through = [f"{t.persona.label} (purpose: {t.detail})" for t in attempts if t.attempt.allowed]
    if through:
        raise Breach(f"The system accepted an immigration status check on {listing(through)}.")
    return Check(
        claim=f"{every(len(attempts), 'status checks')} on the victim or the witness "
        f"{agree(len(attempts), 'was', 'were')} refused",
        examined={"status checks": len(attempts)},
    )
