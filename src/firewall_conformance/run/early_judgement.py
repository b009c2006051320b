"""Claims over the whole run that a run stopping at its first failure may judge early.

A claim over everything immigration enforcement received runs after every other scenario,
since a later scenario can still add to what it judges. A run that stops at its first failure
(`run --stop-at-first-failure`) needs no more than that failure: once what the recipients
have received so far already breaks such a claim, waiting for the rest of the run only makes
it longer. Only a breach is judged early, and it needs no positive control; a claim kept so far
is never judged early, since what is still to come could break it (the run's hooks turn an
early scenario that passes into INCONCLUSIVE).
"""

from __future__ import annotations

from collections.abc import Callable

from firewall_conformance.claims import egress
from firewall_conformance.model.evidence import ScenarioEvidence
from firewall_conformance.model.outcomes import Breach, CapabilityMissing, Inconclusive
from firewall_conformance.obligations.jurisdictions import jurisdiction
from firewall_conformance.recipients.ledger import EgressLedger

# Whether what the ledger holds already breaks a whole-run claim, for a run in a jurisdiction.
LedgerJudge = Callable[[EgressLedger, str], bool]


class RestrictedLeak:
    """FW-01's claim over what reached immigration enforcement (`egress.restricted_clean`),
    asked after each scenario: a quick look at what arrived since it last asked
    (`egress.signs_of_a_leak`), and only on a sign of a leak the claim itself over everything
    received, since doing that after every scenario would cost more than the run it saves."""

    def __init__(self) -> None:
        self._looked = 0  # how many things that reached immigration enforcement it has seen

    def __call__(self, ledger: EgressLedger, jurisdiction_name: str) -> bool:
        reached = ledger.reaching_restricted()
        arrived, self._looked = reached[self._looked :], len(reached)
        caveat = jurisdiction(jurisdiction_name).status_only_exchange
        if not arrived or not egress.signs_of_a_leak(ledger, arrived, caveat):
            return False
        try:
            egress.restricted_clean(ScenarioEvidence(), ledger, status_only_exchange=caveat)
        except Breach:
            return True
        except (Inconclusive, CapabilityMissing):
            return False
        return False


def judges() -> dict[str, LedgerJudge]:
    """One run's judges, by the obligation of the whole-run scenario each may bring forward
    (features/whole_run.feature); each keeps what it has already looked at."""
    return {"FW-01": RestrictedLeak()}


def judged_early_reason(scenario: str, after: str) -> str:
    """What the summary says of a whole-run scenario judged before the run's end."""
    return (
        f"«{scenario}» was judged out of its place, right after «{after}», as soon as what "
        "the recipients had received already broke it: a breach needs no positive control, "
        "so its control was not run."
    )


KEPT_EARLY = (
    "Judged before the run ended, this claim over the whole run could only find a breach; "
    "what the rest of the run would have sent was not seen, so nothing can be concluded."
)
