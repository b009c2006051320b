"""Roll-up from scenarios to obligations to the run — the one place verdicts are decided.

Rules (DESIGN.md "No false assurance"): a breach anywhere wins; anything unsettled or skipped
keeps an obligation and the run from being compliant; a scenario that passed without examining
anything is inconclusive, not compliant. A waiver in force turns a BREACH or INCONCLUSIVE
obligation into WAIVED — shown apart, never as COMPLIANT — and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from firewall_conformance.model.results import (
    Claim,
    ObligationResult,
    RunVerdict,
    ScenarioOutcome,
    ScenarioResult,
    Verdict,
)
from firewall_conformance.obligations.catalogue import Obligation
from firewall_conformance.obligations.waivers import Waiver
from firewall_conformance.wording.plural import count

WAIVABLE = (Verdict.BREACH, Verdict.INCONCLUSIVE)

NOTHING_EXAMINED = (
    "the scenario's steps all passed but none of them recorded examining anything, "
    "so there is no evidence for compliance"
)


def evidence_gap(checks: Sequence[Claim]) -> str | None:
    """Why a scenario whose steps all passed still cannot support compliance, if it cannot."""
    if checks and all(c.saw_something for c in checks):
        return None
    return NOTHING_EXAMINED


def settled(scenario: ScenarioResult) -> ScenarioResult:
    """A passed scenario without evidence counts as inconclusive."""
    gap = evidence_gap(scenario.checks) if scenario.outcome is ScenarioOutcome.PASSED else None
    if gap is None:
        return scenario
    return replace(scenario, outcome=ScenarioOutcome.INCONCLUSIVE, reason=gap)


def _reasons(scenarios: Iterable[ScenarioResult]) -> str:
    return " ".join(f"[{s.name}] {s.reason}" for s in scenarios)


def obligation_result(
    obligation: Obligation,
    jurisdiction: str,
    scenarios: list[ScenarioResult],
    not_run_reason: str,
    waiver: Waiver | None = None,
) -> ObligationResult:
    """Decide one obligation's verdict from the scenarios that tested it, then apply its
    waiver, if one is in force. A waiver cannot stand in for a test: NOT TESTED stays so."""
    scenarios = [settled(s) for s in scenarios]
    by = {outcome: [s for s in scenarios if s.outcome is outcome] for outcome in ScenarioOutcome}
    if not scenarios:
        verdict, reason = Verdict.NOT_TESTED, not_run_reason
    elif by[ScenarioOutcome.BREACH]:
        verdict, reason = Verdict.BREACH, _reasons(by[ScenarioOutcome.BREACH])
    elif by[ScenarioOutcome.INCONCLUSIVE]:
        verdict, reason = Verdict.INCONCLUSIVE, _reasons(by[ScenarioOutcome.INCONCLUSIVE])
    elif not by[ScenarioOutcome.PASSED]:
        verdict = Verdict.NOT_TESTED
        reason = _reasons(by[ScenarioOutcome.NOT_TESTED])
        if not all(s.not_reached for s in by[ScenarioOutcome.NOT_TESTED]):
            reason = f"{obligation.not_tested_reason} {reason}"
    elif by[ScenarioOutcome.NOT_TESTED]:
        verdict = Verdict.INCONCLUSIVE
        reason = "Only partly tested. " + _reasons(by[ScenarioOutcome.NOT_TESTED])
    else:
        verdict = Verdict.COMPLIANT
        reason = _reasons(by[ScenarioOutcome.PASSED])
    unwaived = None
    if waiver is not None and verdict in WAIVABLE:
        unwaived, verdict = verdict, Verdict.WAIVED
        reason = (
            f"Waived under {waiver.reference}, approved by {waiver.approved_by} until "
            f"{waiver.expires.isoformat()}: {waiver.justification} Without the waiver it would "
            f"be {unwaived.value}: {reason}"
        )
    return ObligationResult(
        obligation=obligation,
        basis=obligation.basis_for(jurisdiction),
        verdict=verdict,
        reason=reason,
        scenarios=scenarios,
        waiver=waiver if unwaived else None,
        unwaived_verdict=unwaived,
    )


def run_verdict(
    obligations: Sequence[ObligationResult], harness_error: str | None = None
) -> tuple[RunVerdict, str]:
    """The run's verdict and a one-sentence reason in plain English."""
    if harness_error:
        return RunVerdict.ERROR, f"The harness could not run: {harness_error}"
    if not obligations:
        return RunVerdict.INCONCLUSIVE, "No obligation was in scope, so nothing was shown."

    def ids(verdict: Verdict) -> list[str]:
        return [o.obligation.id for o in obligations if o.verdict is verdict]

    breached = ids(Verdict.BREACH)
    if breached:
        return RunVerdict.BREACH, f"The system breached {', '.join(breached)}."
    unsettled = ids(Verdict.INCONCLUSIVE) + ids(Verdict.NOT_TESTED)
    if unsettled:
        return RunVerdict.INCONCLUSIVE, (
            f"No breach was seen, but {', '.join(sorted(unsettled))} could not be shown to be "
            "kept, so the system cannot be called conformant."
        )
    waived = ids(Verdict.WAIVED)
    if waived:
        return RunVerdict.CONFORMANT, (
            f"{len(obligations) - len(waived)} of the {count(len(obligations), 'obligations')} "
            "in scope were tested and kept, each with a positive control; "
            f"{', '.join(waived)} {'is' if len(waived) == 1 else 'are'} not kept but waived "
            "by an accountable decision (listed below)."
        )
    if len(obligations) == 1:
        return RunVerdict.CONFORMANT, (
            "The 1 obligation in scope was tested and kept, with a positive control."
        )
    return RunVerdict.CONFORMANT, (
        f"All {len(obligations)} obligations in scope were tested and kept, each with a "
        "positive control."
    )
