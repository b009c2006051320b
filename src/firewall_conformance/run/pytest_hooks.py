"""The pytest plugin that carries one run: the target, the catalogue, and what each scenario
concluded. Registered by the runner, read by the suite's conftest through `run_session`.

This and the suite's conftest/steps are the only places that import pytest.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd.parser import Feature, Scenario
from pytest_bdd.scenario import scenario_wrapper_template_registry

from firewall_conformance.audit.books import Act, HarnessBooks
from firewall_conformance.audit.history import AuditHistory
from firewall_conformance.model.evidence import Exchange, ScenarioEvidence
from firewall_conformance.model.outcomes import Breach, CapabilityMissing, Inconclusive
from firewall_conformance.model.results import ScenarioOutcome, ScenarioResult
from firewall_conformance.model.verdicts import settled
from firewall_conformance.obligations.catalogue import Catalogue
from firewall_conformance.persons.declared import DeclaredCast
from firewall_conformance.persons.planted_contacts import PlantedContacts
from firewall_conformance.persons.value_formats import ValueFormat
from firewall_conformance.recipients.feeds import WindowWait
from firewall_conformance.recipients.ledger import EgressLedger, Received
from firewall_conformance.run import early_judgement as early
from firewall_conformance.run import scenario_plan as plan
from firewall_conformance.run.cleanup import BUDGET_SECONDS, Cleanup
from firewall_conformance.run.deadline import DEADLINE_PASSED, Deadline
from firewall_conformance.targets.base import Target

EVIDENCE = pytest.StashKey[ScenarioEvidence]()
SCENARIO = pytest.StashKey[tuple[str, str]]()
NOT_REACHED = pytest.StashKey[bool]()
JUDGED_EARLY = pytest.StashKey[bool]()

Progress = Callable[[str, ScenarioResult | None], None]

# Capabilities whose scenarios start a watch that lasts past their own end (feeds.py).
WATCHES_OUTLASTING_THE_SCENARIO = frozenset({"outbound"})


def run_order(
    item: pytest.Item, first: frozenset[str] = frozenset(), stopping: bool = False
) -> tuple[int, ...]:
    """Where a scenario runs: those that start a watch outlasting them (the outbound recorders,
    whose whole window must pass before the run ends) first, so the window passes while the
    rest runs instead of being waited out at the end; the claims over the whole run
    (`@whole-run`) after every scenario whose egress they judge; the rest in between. Within
    each part, the scenarios of the obligations in `first` (`run --run-first`) lead. A run that
    stops at its first failure (`stopping`) runs those of `first` before any other, watches
    included, since its failure is most likely among them; the claims over the whole run still
    come last."""
    later = not {m.args[0] for m in item.iter_markers("obligation")} & first
    needs = {m.args[0] for m in item.iter_markers("needs")}
    if item.get_closest_marker("whole_run") is not None:
        part = 2
    else:
        part = 0 if needs & WATCHES_OUTLASTING_THE_SCENARIO else 1
    return (part == 2, later, part) if stopping else (part, later)


def stopped_reason(failed: ScenarioResult) -> str:
    """Why a scenario after the run's first failure was not run (`run --stop-at-first-failure`)."""
    return (
        f"Not tested: the run stopped at its first failure, «{failed.name}» "
        f"({', '.join(failed.obligations)}), as --stop-at-first-failure asks."
    )


class RunSession:
    """Per-run state and the hooks that turn pytest reports into scenario results."""

    def __init__(
        self,
        catalogue: Catalogue,
        jurisdiction: str,
        target: Target,
        workdir: Path,
        progress: Progress | None = None,
        deadline: Deadline | None = None,
        read_only: bool = False,
        declared: DeclaredCast | None = None,
        planted_formats: Mapping[str, ValueFormat] | None = None,
        cleanup_budget: float = BUDGET_SECONDS,
        planted_contacts: PlantedContacts | None = None,
        first: frozenset[str] = frozenset(),
        stop_on: frozenset[str] | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.jurisdiction = jurisdiction
        self.target = target
        self.workdir = workdir
        self.progress = progress or (lambda event, result: None)
        self.results: dict[str, ScenarioResult] = {}
        self.collected = 0
        # Each removal request is sent once: clean-up is bounded by one retry of the whole
        # case, never by the adapter's own retries (run/cleanup.py).
        self.cleanup = Cleanup(remover=target.remove_case_once, budget=cleanup_budget)
        self.capabilities = target.capabilities()
        self.deadline = deadline or Deadline()
        self.cut_short: set[str] = set()  # scenarios the deadline stopped mid-way
        self._calling = False
        self.current: ScenarioEvidence | None = None
        self.scenario = ""
        self.egress = EgressLedger(
            formats=planted_formats or {}, contacts=planted_contacts or PlantedContacts()
        )
        self.audit = AuditHistory()
        self._at_end: list[Callable[[], None]] = []
        self.books = HarnessBooks()
        self.read_only = read_only
        self.declared = declared
        self.on_declared = False  # whether the running scenario uses the declared persons
        self.on_declared_scenarios: list[str] = []  # those that did
        self.first = first  # obligations whose scenarios run first (`--run-first`)
        # The obligations whose failure stops the run (`--stop-at-first-failure`: those whose
        # verdict counts and is not waived); None: the run never stops early.
        self.stop_on = stop_on
        self.first_failure: ScenarioResult | None = None
        self.not_reached = 0  # scenarios not run because the run had stopped
        # Under the stop, a whole-run scenario judged out of its place (early_judgement.py):
        # its name and the scenario it ran after; `judging_early` while it runs.
        self.judged_early: tuple[str, str] | None = None
        self.judging_early = False
        self._looks: list[Callable[[], None]] = []
        self._judges = early.judges() if stop_on is not None else {}

    def exchange(self, exchange: Exchange) -> None:
        """Adapter callback: every HTTP exchange belongs to the scenario that caused it."""
        if self.current is not None:
            self.current.exchanges.append(exchange)
        if self._calling and self.deadline.passed():
            self.cut_short.add(self.scenario)
            raise Inconclusive(DEADLINE_PASSED)

    def audit_read(self, entries: list[dict[str, Any]], sequence_field: Any) -> None:
        """Adapter callback: every whole read of the audit log is held to the reads before it."""
        self.audit.sequence_field = sequence_field
        self.audit.observe(entries, f"during «{self.scenario}»")

    def at_end(self, action: Callable[[], None]) -> None:
        """Defer `action` to the end of the run: observations that must outlast the scenario
        that started them (a recorder of outbound pushes) and their clean-up."""
        self._at_end.append(action)

    def end_observations(self, judged: bool = True) -> None:
        """Run the deferred actions, last deferred first; a failing one is a clean-up problem,
        never a reason to skip the rest. When nothing will judge what is still to arrive
        (`judged` False: the claims over the whole run were stopped by the deadline or not
        run), waiting out a recorder's window (feeds.WindowWait) only makes the run longer."""
        while self._at_end:
            action = self._at_end.pop()
            if not judged and isinstance(action, WindowWait):
                continue
            try:
                action()
            except Exception as exc:
                self.cleanup.problems.append(f"ending an observation failed ({exc})")

    def look_early(self, action: Callable[[], None]) -> None:
        """Register `action`, which puts on the egress ledger what a watch still running has
        received so far, for a run that may judge a whole-run claim early (never called in a
        run that does not stop at its first failure)."""
        self._looks.append(action)

    def pytest_sessionfinish(self) -> None:
        self.end_observations(judged=False)
        self.cleanup.retry()

    def act(self, act: Act) -> None:
        """Adapter callback: what the run asked the target to do goes in the harness's books."""
        self.books.note(replace(act, scenario=self.scenario))

    def receive(self, received: Received) -> None:
        """Adapter callback: what a recipient received goes on the run's egress ledger."""
        self.egress.receive(received, self.scenario)

    @staticmethod
    def of(config: pytest.Config) -> RunSession:
        """The session the runner registered; the suite cannot run without one."""
        for plugin in config.pluginmanager.get_plugins():
            if isinstance(plugin, RunSession):
                return plugin
        raise pytest.UsageError(
            "the firewall suite runs through `firewall-conformance run`, not bare pytest"
        )

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        """Count every collected scenario before any selection narrows them, and order them
        (`run_order`)."""
        self.collected = len(items)
        items.sort(key=lambda item: run_order(item, self.first, self.stop_on is not None))

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.progress(f"collected:{len(session.items)}", None)

    def pytest_bdd_before_scenario(
        self, request: pytest.FixtureRequest, feature: Feature, scenario: Scenario
    ) -> None:
        request.node.stash[SCENARIO] = (feature.name, scenario.name)
        self.scenario = scenario.name

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        """The plan: a scenario whose capabilities the target lacks, or that writes in a
        read-only run, is NOT TESTED before any of its steps (so it plants nothing); once the
        deadline has passed, none starts."""
        self.judging_early = item.stash.get(JUDGED_EARLY, False)
        reason, self.on_declared = plan.scenario_plan(
            [m.args[0] for m in item.iter_markers("needs")],
            self.capabilities,
            reads_only=item.get_closest_marker("reads_only") is not None,
            read_only=self.read_only,
            declared=self.declared is not None,
        )
        if reason:
            pytest.skip(reason)
        if self.first_failure is not None:
            self.not_reached += 1
            item.stash[NOT_REACHED] = True
            pytest.skip(stopped_reason(self.first_failure))
        if self.deadline.passed():
            raise Inconclusive(DEADLINE_PASSED)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, object, object]:
        self._calling = True
        try:
            return (yield)
        except CapabilityMissing as exc:
            pytest.skip(str(exc)[0].upper() + str(exc)[1:] + ".")
        finally:
            self._calling = False

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report: pytest.TestReport = yield
        if report.when == "call" or (report.when == "setup" and not report.passed):
            self.results[item.nodeid] = self._result(item, call, report)
        elif report.when == "teardown":
            result = self.results.get(item.nodeid)
            if result is not None and report.failed and result.outcome is ScenarioOutcome.PASSED:
                result.outcome, result.reason = _classify(call)
            if result is not None:
                self.progress("scenario", result)
                self._stop_if_failed(result)
                self._judge_early(item)
        return report

    def _stop_if_failed(self, result: ScenarioResult) -> None:
        """Under `--stop-at-first-failure`, the first scenario whose obligation it leaves not
        kept stops the run: no scenario after it starts."""
        if self.stop_on is None or self.first_failure is not None:
            return
        failed = settled(result).outcome in (ScenarioOutcome.BREACH, ScenarioOutcome.INCONCLUSIVE)
        if failed and self.stop_on.intersection(result.obligations):
            self.first_failure = result

    def _judge_early(self, done: pytest.Item) -> None:
        """Under the stop, once what the recipients received so far already breaks a claim
        over the whole run (`early_judgement.judges`), its scenario runs next instead of after
        every other: its breach stops the run as any first failure does."""
        if self.stop_on is None or self.first_failure is not None or self.judged_early:
            return
        for look in self._looks:
            look()
        items = done.session.items
        at = items.index(done)
        for later, item in enumerate(items[at + 1 :], start=at + 1):
            obligations = {m.args[0] for m in item.iter_markers("obligation")}
            judged = sorted(obligations & self.stop_on & self._judges.keys())
            if item.get_closest_marker("whole_run") is None or not judged:
                continue
            if any(self._judges[o](self.egress, self.jurisdiction) for o in judged):
                items.insert(at + 1, items.pop(later))
                item.stash[JUDGED_EARLY] = True
                self.judged_early = (_names(item)[1], _names(done)[1])
                return

    def _result(
        self, item: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport
    ) -> ScenarioResult:
        feature, name = _names(item)
        evidence = item.stash.get(EVIDENCE, None) or ScenarioEvidence()
        if report.passed and name in self.cut_short:
            outcome, reason = ScenarioOutcome.INCONCLUSIVE, DEADLINE_PASSED
        elif report.passed and item.stash.get(JUDGED_EARLY, False):
            outcome, reason = ScenarioOutcome.INCONCLUSIVE, early.KEPT_EARLY
        elif report.passed:
            outcome, reason = ScenarioOutcome.PASSED, "; ".join(c.claim for c in evidence.checks)
        elif report.skipped:
            outcome, reason = ScenarioOutcome.NOT_TESTED, _skip_reason(report)
        else:
            outcome, reason = _classify(call)
        return ScenarioResult(
            name=name,
            feature=feature,
            obligations=tuple(m.args[0] for m in item.iter_markers("obligation")),
            outcome=outcome,
            reason=reason,
            checks=evidence.checks,
            findings=[f.to_json() for f in evidence.findings],
            duration_seconds=report.duration,
            not_reached=item.stash.get(NOT_REACHED, False),
        )


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    text = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return text.removeprefix("Skipped: ")


def _classify(call: pytest.CallInfo[None]) -> tuple[ScenarioOutcome, str]:
    """Breach only for a Breach; every other failure means the run could not tell."""
    exc = call.excinfo.value if call.excinfo else None
    if isinstance(exc, Breach):
        return ScenarioOutcome.BREACH, str(exc)
    if isinstance(exc, Inconclusive):
        return ScenarioOutcome.INCONCLUSIVE, str(exc)
    name = type(exc).__name__ if exc else "unknown error"
    return (
        ScenarioOutcome.INCONCLUSIVE,
        f"The harness hit an unexpected error ({name}: {exc}); nothing can be concluded.",
    )


def _names(item: pytest.Item) -> tuple[str, str]:
    """The feature's and the scenario's names, also for a scenario stopped before it began
    (NOT TESTED by the plan), which pytest-bdd has not announced yet."""
    if SCENARIO in item.stash:
        return item.stash[SCENARIO]
    function = getattr(item, "function", None)
    template = scenario_wrapper_template_registry.get(function) if function else None
    return (template.feature.name, template.name) if template else ("", item.name)
