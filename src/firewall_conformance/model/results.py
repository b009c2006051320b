"""The results model: what a run saw, independent of how it is rendered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from firewall_conformance.obligations.catalogue import Obligation
from firewall_conformance.obligations.jurisdictions import jurisdiction
from firewall_conformance.obligations.waivers import Waiver
from firewall_conformance.wording.plural import count, listing

# summary.json's version (data/schemas/summary.schema.json): the major number changes when a
# key is removed or changes meaning.
SCHEMA_VERSION = "1.0"


class Verdict(StrEnum):
    COMPLIANT = "COMPLIANT"
    BREACH = "BREACH"
    INCONCLUSIVE = "INCONCLUSIVE"
    NOT_TESTED = "NOT TESTED"
    WAIVED = "WAIVED"


class RunVerdict(StrEnum):
    CONFORMANT = "CONFORMANT"
    BREACH = "BREACH"
    INCONCLUSIVE = "INCONCLUSIVE"
    ERROR = "ERROR"

    @property
    def exit_code(self) -> int:
        return {"CONFORMANT": 0, "BREACH": 1, "INCONCLUSIVE": 2, "ERROR": 3}[self.value]


def headline(verdict: RunVerdict, counted: Sequence[str], outside: Sequence[str]) -> str:
    """The first line of every report: the verdict and, for a scoped run, what it covers
    ("CONFORMANT for FW-03 only; 22 obligations not in this run's scope")."""
    if not outside:
        return verdict.value
    covered = (
        listing(counted)
        if 0 < len(counted) <= 3
        else count(len(counted), "obligations")
        if counted
        else "no obligation"
    )
    return (
        f"{verdict.value} for {covered} only; "
        f"{count(len(outside), 'obligations')} not in this run's scope"
    )


class ScenarioOutcome(StrEnum):
    """How one scenario ended."""

    PASSED = "passed"
    BREACH = "breach"
    INCONCLUSIVE = "inconclusive"
    NOT_TESTED = "not tested"


@dataclass
class Claim:
    """One negative or positive claim a Then step made, with how much it looked at.

    `examined` counts what was actually seen (records, bytes, responses, log entries); a check
    that examined nothing cannot support a COMPLIANT verdict. `not_examined` names, in plain
    words and each with why, what the check could have looked at and did not (an operation
    that writes, an item it could not read), so no one reads the claim as covering it.
    """

    claim: str
    examined: dict[str, int]
    control: str | None = None
    not_examined: list[str] = field(default_factory=list)

    @property
    def saw_something(self) -> bool:
        return any(v > 0 for v in self.examined.values())


@dataclass
class ScenarioResult:
    name: str
    feature: str
    obligations: tuple[str, ...]
    outcome: ScenarioOutcome
    reason: str
    checks: list[Claim] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    duration_seconds: float = 0.0
    # Not run because the run had stopped at its first failure (`--stop-at-first-failure`),
    # not because the target lacks anything.
    not_reached: bool = False

    @property
    def not_examined(self) -> list[str]:
        """What this scenario's checks could not examine, each named once."""
        return list(dict.fromkeys(item for c in self.checks for item in c.not_examined))


@dataclass
class ObligationResult:
    obligation: Obligation
    basis: str
    verdict: Verdict
    reason: str
    scenarios: list[ScenarioResult]
    waiver: Waiver | None = None
    unwaived_verdict: Verdict | None = None

    @property
    def not_examined(self) -> list[str]:
        """What the scenarios testing this obligation could not examine, each named once."""
        return list(dict.fromkeys(item for s in self.scenarios for item in s.not_examined))


@dataclass
class Examined:
    """Totals of what the whole run looked at, for the summary's 'what was searched'."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, counts: dict[str, int]) -> None:
        for key, value in counts.items():
            self.counts[key] = self.counts.get(key, 0) + value


@dataclass(frozen=True)
class RunResult:
    """A run's outcome, decided once (run/decide.py) and never changed after: what a report
    shows is what was decided."""

    run_id: str
    tool_version: str
    started_at: str
    finished_at: str
    target: dict[str, str]
    jurisdiction: str
    verdict: RunVerdict
    reason: str
    obligations: list[ObligationResult]
    examined: Examined
    personas: dict[str, Any]  # counts, and the declared persons (persons/declared.py)
    suite_hash: str = ""
    notes: tuple[str, ...] = ()
    waivers: list[Waiver] = field(default_factory=list)
    not_in_scope: list[str] = field(default_factory=list)  # obligations the verdict leaves out

    def __post_init__(self) -> None:
        # Notes given as a list are kept as a tuple: none can be appended after the verdict.
        object.__setattr__(self, "notes", tuple(self.notes))

    @property
    def headline(self) -> str:
        counted = [
            o.obligation.id for o in self.obligations if o.obligation.id not in self.not_in_scope
        ]
        return headline(self.verdict, counted, self.not_in_scope)

    def to_json(self) -> dict[str, Any]:
        """The stable machine-readable form written as summary.json."""
        return {
            "schema_version": SCHEMA_VERSION,
            "run_id": self.run_id,
            "tool_version": self.tool_version,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "target": self.target,
            "jurisdiction": self.jurisdiction,
            "jurisdiction_profile": jurisdiction(self.jurisdiction).to_json(),
            "headline": self.headline,
            "verdict": self.verdict.value,
            "exit_code": self.verdict.exit_code,
            "not_in_scope": self.not_in_scope,
            "reason": self.reason,
            "suite_hash": self.suite_hash,
            "examined": self.examined.counts,
            "personas": self.personas,
            "notes": list(self.notes),
            "waivers": [w.to_json() for w in self.waivers],
            "obligations": [
                {
                    "id": o.obligation.id,
                    "title": o.obligation.title,
                    "verdict": o.verdict.value,
                    "reason": o.reason,
                    "basis": o.basis,
                    "severity": o.obligation.severity,
                    "sources": [asdict(s) for s in o.obligation.sources_for(self.jurisdiction)],
                    "waiver": o.waiver.reference if o.waiver else None,
                    "verdict_without_waiver": (
                        o.unwaived_verdict.value if o.unwaived_verdict else None
                    ),
                    "not_examined": o.not_examined,
                    "scenarios": [
                        {
                            "name": s.name,
                            "feature": s.feature,
                            "outcome": s.outcome.value,
                            "reason": s.reason,
                            "checks": [asdict(c) for c in s.checks],
                            "findings": s.findings,
                            "duration_seconds": round(s.duration_seconds, 3),
                        }
                        for s in o.scenarios
                    ],
                }
                for o in self.obligations
            ],
        }
