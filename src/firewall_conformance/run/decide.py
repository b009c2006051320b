"""From what the scenarios saw to the run's frozen result: each obligation's verdict, the
run's verdict and reason, and every note, gathered here from where each arose.

`decide` is pure: what it needs of the run (scenario results, clean-up counts, the target's
identity, the time) comes in as values, so the same evidence always gives the same result.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from firewall_conformance import __version__
from firewall_conformance.model.results import (
    Examined,
    ObligationResult,
    RunResult,
    RunVerdict,
    ScenarioResult,
    Verdict,
)
from firewall_conformance.model.verdicts import obligation_result, run_verdict
from firewall_conformance.obligations.modes import Scope, as_run
from firewall_conformance.obligations.waivers import Waiver, Waivers
from firewall_conformance.reporting import redact
from firewall_conformance.run.plan import RunPlan

OFFLINE_NOTE = (
    "Offline run over an export bundle: only the scenarios written for bundles ran; "
    "obligations that need the live system to be asked are NOT TESTED."
)


@dataclass(frozen=True)
class Stamp:
    """The run's id and when it started and finished."""

    run_id: str
    started: str
    finished: str


@dataclass(frozen=True)
class Seen:
    """What the run found out by running: its scenarios' results, the scope and waivers it
    settled once the target was open, what it planted and removed, and the notes each stage
    made (clean-up of an earlier run, the scenarios, the target, declared persons)."""

    scenarios: tuple[ScenarioResult, ...]
    scope: Scope
    waivers: Waivers
    identity: dict[str, str]
    personas: dict[str, Any]
    leftover_notes: tuple[str, ...] = ()
    scenario_notes: tuple[str, ...] = ()
    target_notes: tuple[str, ...] = ()
    declared_notes: tuple[str, ...] = ()


def decide(plan: RunPlan, seen: Seen, stamp: Stamp) -> RunResult:
    """The result of a run whose scenarios ran to the end."""
    options = plan.options
    obligations = [
        obligation_result(
            as_run(o, plan.offline),
            options.jurisdiction,
            [s for s in seen.scenarios if o.id in s.obligations],
            seen.scope.not_run_reason(o),
            seen.waivers.for_obligation(o.id),
        )
        for o in plan.in_scope
    ]
    verdict, reason = run_verdict([o for o in obligations if seen.scope.counts(o.obligation.id)])
    pinned = (
        f"Pinned: the suite is the released suite {plan.comparison.released_version}, unchanged."
    )
    notes = (
        *seen.waivers.warnings,
        *seen.leftover_notes,
        *seen.scenario_notes,
        *((OFFLINE_NOTE,) if plan.offline else ()),
        *seen.target_notes,
        *seen.declared_notes,
        *((pinned,) if options.pinned else ()),
    )
    return _result(
        plan,
        seen,
        stamp,
        verdict,
        reason + seen.scope.statement(),
        obligations,
        notes,
        waivers=list(seen.waivers.in_force),
        not_in_scope=seen.scope.outside(),
    )


def decide_stopped(plan: RunPlan, seen: Seen, stamp: Stamp, why: str) -> RunResult:
    """The result of a run an error stopped: ERROR, with what its scenarios saw until then;
    nothing in it counts as COMPLIANT."""
    obligations = [
        _unfinished(
            obligation_result(
                as_run(o, plan.offline),
                plan.options.jurisdiction,
                [s for s in seen.scenarios if o.id in s.obligations],
                "The run stopped before this obligation's scenarios ran.",
            )
        )
        for o in plan.in_scope
    ]
    reason = (
        f"The run stopped before it finished: {why}. What its scenarios saw until then is "
        "listed, but an unfinished run shows nothing to be kept."
    )
    return _result(plan, seen, stamp, RunVerdict.ERROR, reason, obligations, (reason,))


def _result(
    plan: RunPlan,
    seen: Seen,
    stamp: Stamp,
    verdict: RunVerdict,
    reason: str,
    obligations: list[ObligationResult],
    notes: tuple[str, ...],
    waivers: list[Waiver] | None = None,
    not_in_scope: list[str] | None = None,
) -> RunResult:
    examined = Examined()
    for scenario in seen.scenarios:
        for check in scenario.checks:
            examined.add(check.examined)
    return RunResult(
        run_id=stamp.run_id,
        tool_version=__version__,
        started_at=stamp.started,
        finished_at=stamp.finished,
        target=redact.identity(seen.identity),
        jurisdiction=plan.options.jurisdiction,
        verdict=verdict,
        reason=reason,
        obligations=obligations,
        examined=examined,
        personas=seen.personas,
        suite_hash=plan.comparison.suite_hash,
        notes=notes,
        waivers=waivers or [],
        not_in_scope=not_in_scope or [],
    )


def _unfinished(obligation: ObligationResult) -> ObligationResult:
    """In a stopped run a pass is not evidence: COMPLIANT becomes INCONCLUSIVE."""
    if obligation.verdict is not Verdict.COMPLIANT:
        return obligation
    return replace(
        obligation,
        verdict=Verdict.INCONCLUSIVE,
        reason="The run stopped before it finished, so what passed here cannot be relied on. "
        + obligation.reason,
    )
