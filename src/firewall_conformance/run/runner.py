"""One conformance run, end to end: plan it (run/plan.py), open the target, run the scenarios
through pytest-bdd, decide the result (run/decide.py), publish the reports (run/publish.py).

The CLI is a thin shell around `execute`; tests call it directly too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from firewall_conformance.inputs.documents import InvalidDocument
from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.model.results import RunResult, ScenarioOutcome, ScenarioResult
from firewall_conformance.obligations.catalogue import Obligation
from firewall_conformance.obligations.modes import ModeFilter, Scope, deselect
from firewall_conformance.obligations.waivers import Waivers, load_waivers
from firewall_conformance.offline import profile as bundle_profiles
from firewall_conformance.offline.profile import BundleProfile
from firewall_conformance.persons.planted import (
    LEDGER_NAME,
    PlantedLedger,
    Removal,
    remove_leftovers,
    remove_listed,
)
from firewall_conformance.run import early_judgement, publish, scenario_plan
from firewall_conformance.run.cleanup import BUDGET_SECONDS
from firewall_conformance.run.deadline import Deadline
from firewall_conformance.run.decide import Seen, Stamp, decide, decide_stopped
from firewall_conformance.run.errors import HarnessError
from firewall_conformance.run.frozen_heap import FrozenHeap
from firewall_conformance.run.options import RunOptions
from firewall_conformance.run.plan import RunPlan, plan
from firewall_conformance.run.preflight import probe_removal
from firewall_conformance.run.pytest_hooks import Progress, RunSession
from firewall_conformance.scenario_suite.consistency import SuiteInventory
from firewall_conformance.scenario_suite.files import reference_profile, suite_root
from firewall_conformance.signed_evidence import signing
from firewall_conformance.signed_evidence.manifest import SuiteIdentity
from firewall_conformance.targets.adapter_profile import AdapterProfile
from firewall_conformance.targets.auth.declared import Credentials, resolve
from firewall_conformance.targets.base import Group, Target
from firewall_conformance.targets.http import HttpTarget
from firewall_conformance.targets.opening import AdapterError, Opening
from firewall_conformance.targets.profile import TargetProfile, load_profile
from firewall_conformance.targets.registry import Profile, load_target_profile, open_target
from firewall_conformance.wording.plural import count
from firewall_conformance.wording.unexpected import one_line


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def reference_environment(tokens: dict[str, str]) -> dict[str, str]:
    """The reference's user tokens under the variable names its profile reads
    (`ie-officer` -> FWC_TOKEN_IE_OFFICER)."""
    from firewall_conformance.reference.server import token_environment

    return token_environment(tokens)


def _leftovers_accepted(options: RunOptions) -> bool:
    """--allow-leftovers, or the embedded casebook, which cannot delete a person: what a run
    on it leaves behind is inevitable, and listed."""
    from firewall_conformance.reference.server import CASEBOOK

    embedded_casebook = options.target is None and options.reference_dialect == CASEBOOK
    return options.allow_leftovers or embedded_casebook


@contextlib.contextmanager
def _target_profile(options: RunOptions) -> Iterator[tuple[Profile, Mapping[str, str]]]:
    """The profile of the target (the embedded reference started for the run's length) and
    where its secrets are looked up; an export bundle has none."""
    if options.bundle is not None:
        yield _bundle_profile(options.bundle, options), {}
        return
    if options.target is not None:
        yield _load_any(options.target, options.allow_paths_outside, options.base_url), os.environ
        return
    from firewall_conformance.reference.server import API_V1, ReferenceServer

    dialect = options.reference_dialect or API_V1
    try:
        server = ReferenceServer(faults=options.reference_faults, dialect=dialect)
    except ValueError as exc:
        raise HarnessError(str(exc)) from exc
    with server:
        # The files the profile names (a casebook's certificates) are in the server's folder.
        profile = _load(reference_profile(dialect), folder=server.directory)
        yield profile.with_base_url(server.base_url), server.environment()


def _load(
    path: Path,
    allow_paths_outside: bool = False,
    base_url: str | None = None,
    folder: Path | None = None,
) -> TargetProfile:
    try:
        profile = load_profile(path, allow_paths_outside=allow_paths_outside, folder=folder)
        return profile if base_url is None else profile.pointed_at(base_url)
    except InvalidDocument as exc:
        raise HarnessError(f"invalid target profile {exc}") from exc


def _load_any(
    path: Path, allow_paths_outside: bool, base_url: str | None
) -> TargetProfile | AdapterProfile:
    """A `--target` profile of whatever adapter kind it names (targets/registry.py)."""
    try:
        profile = load_target_profile(path, allow_paths_outside=allow_paths_outside)
        return profile if base_url is None else profile.pointed_at(base_url)
    except InvalidDocument as exc:
        raise HarnessError(f"invalid target profile {exc}") from exc
    except AdapterError as exc:
        raise HarnessError(str(exc)) from exc


def _bundle_profile(bundle: Path, options: RunOptions) -> BundleProfile:
    if not bundle.is_dir():
        raise HarnessError(f"--bundle {bundle}: no such folder")
    path = options.bundle_profile or bundle / bundle_profiles.DEFAULT_NAME
    try:
        return bundle_profiles.load_bundle_profile(
            path, bundle, allow_paths_outside=options.allow_paths_outside
        )
    except InvalidDocument as exc:
        raise HarnessError(f"invalid bundle profile {exc}") from exc


def _open(profile: Profile, opening: Opening, options: RunOptions) -> Target:
    """The adapter of the profile's kind; a bundle read with Spark inside a Spark session."""
    try:
        if options.engine != "spark":
            return open_target(profile, opening)
        from firewall_conformance.detect.spark.session import SparkEngineError, spark_session

        try:
            with spark_session(options.master) as spark:
                spark_opening = replace(opening, spark=spark, spark_master=options.master)
                return open_target(profile, spark_opening)
        except SparkEngineError as exc:
            raise HarnessError(str(exc)) from exc
    except AdapterError as exc:
        raise HarnessError(str(exc)) from exc


def load_profile_for_check(
    path: Path, allow_paths_outside: bool = False, base_url: str | None = None
) -> TargetProfile | AdapterProfile:
    """A profile of any kind (at `base_url` if given), validated, for `check`."""
    return _load_any(path, allow_paths_outside, base_url)


def open_for_check(profile: TargetProfile | AdapterProfile) -> Target:
    """The target a profile describes, with the environment's credentials, for `check`:
    read-only, so no probe can write to it; a code adapter only if it honours that."""
    if isinstance(profile, TargetProfile):
        return HttpTarget(profile, _credentials(profile, os.environ), read_only=True)
    try:
        return open_target(profile, Opening(environ=os.environ, read_only=True))
    except AdapterError as exc:
        raise HarnessError(str(exc)) from exc


def remove_planted(
    path: Path,
    reports: Path,
    allow_paths_outside: bool = False,
    budget: float = BUDGET_SECONDS,
) -> Removal:
    """`cleanup`: one more attempt at removing what runs left planted in a target, from the
    ledger in the reports folder, through the profile's own adapter, while `budget` seconds
    last."""
    profile = load_profile_for_check(path, allow_paths_outside)
    ledger = PlantedLedger(Path(reports).resolve() / LEDGER_NAME, profile.base_url)
    if isinstance(profile, TargetProfile):
        remove = HttpTarget(profile, _credentials(profile, os.environ)).sending_once().remove_case
    else:
        try:
            remove = open_target(profile, Opening(environ=os.environ)).remove_case
        except AdapterError as exc:
            raise HarnessError(str(exc)) from exc
    return remove_listed(ledger, remove, budget)


def _credentials(
    profile: TargetProfile, environ: dict[str, str] | os._Environ[str]
) -> dict[str, Credentials]:
    try:
        return resolve(profile, environ)
    except InvalidDocument as exc:
        raise HarnessError(str(exc)) from exc


def _read_only_answerable(
    options: RunOptions, inventory: SuiteInventory, capabilities: frozenset[str], declared: bool
) -> frozenset[str] | None:
    """In a read-only run, the obligations every live scenario of which would run; None when
    the run may write."""
    if not options.read_only:
        return None
    answerable: set[str] = set()
    for scenario in inventory.scenarios:
        if not scenario.bundle:
            answerable.update(scenario.obligations)
    for scenario in inventory.scenarios:
        if not scenario.bundle and not scenario.runs_read_only(capabilities, declared):
            answerable.difference_update(scenario.obligations)
    return frozenset(answerable)


def _signing_key(path: Path | None) -> signing.SigningKey:
    if path is None:
        return signing.generate()
    try:
        return signing.load_private(path)
    except signing.KeyProblem as exc:
        raise HarnessError(str(exc)) from exc


def _waivers(options: RunOptions, target_name: str, in_scope: tuple[Obligation, ...]) -> Waivers:
    if options.waivers is None:
        return Waivers()
    try:
        return load_waivers(
            options.waivers,
            today=options.today or dt.date.today(),
            target_name=target_name,
            jurisdiction=options.jurisdiction,
            known_obligations=[o.id for o in in_scope],
        )
    except InvalidDocument as exc:
        raise HarnessError(f"invalid waivers file {exc}") from exc


class _Selection:
    """Deselects scenarios outside the chosen obligations (`--obligation`)."""

    def __init__(self, chosen: set[str]) -> None:
        self.chosen = chosen
        self.deselected = 0

    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        self.deselected = deselect(
            config,
            items,
            lambda item: bool({m.args[0] for m in item.iter_markers("obligation")} & self.chosen),
        )


def _run_pytest(session: RunSession, reports: Path, chosen: set[str] | None) -> tuple[int, int]:
    """Run the Gherkin suite in-process; the session plugin collects what each scenario saw."""
    root = suite_root()
    selection = _Selection(chosen) if chosen is not None else None
    mode = ModeFilter(offline=not session.target.provides(Group.LIVE_SYSTEM))
    args = [
        str(root / "steps" / "test_scenarios.py"),
        "--rootdir", str(root),
        "--confcutdir", str(root),
        "-c", os.devnull,
        "-o", f"bdd_features_base_dir={root / 'features'}",
        "-p", "no:cacheprovider",
        "-p", "no:terminal",
        # Only the plugins the suite is written for: any other installed pytest plugin could
        # change how scenarios run or are reported, and importing them all costs a second.
        "--disable-plugin-autoload",
        "-p", "pytest_bdd.plugin",
        "-p", "allure_pytest_bdd.plugin",
        # Its warnings reach no one (the run has no terminal), and its garbage collection at
        # the end of the session costs about 0.2 s of every run.
        "-p", "no:unraisableexception",
        # Verdicts come from Breach and Inconclusive, never from assert statements, so the
        # suite's modules need no assertion rewriting (about a second of every run).
        "--assert", "plain",
        "--strict-markers",
        "--alluredir", str(reports / "allure-results"),
        "--clean-alluredir",
    ]  # fmt: skip
    plugins = [p for p in (session, selection, mode, FrozenHeap()) if p is not None]
    code = pytest.main(args, plugins=plugins)
    return int(code), selection.deselected if selection else 0


def _preflight(
    session: RunSession, inventory: SuiteInventory, options: RunOptions, scope: Scope
) -> list[str]:
    """Plant and remove one probe person when the run is about to plant any; a target that
    cannot remove it stops the run unless --allow-leftovers accepts that persons stay."""
    plants = any(
        s.plants(session.capabilities, session.declared is not None)
        for s in inventory.scenarios
        if scope.takes_up(s)
    )
    if options.read_only or not session.target.provides(Group.LIVE_SYSTEM) or not plants:
        return []
    try:
        problems = probe_removal(session)
    except Inconclusive as exc:
        return [
            f"Pre-flight: no probe person could be planted ({exc}), so whether the target "
            "removes test persons was not known before the scenarios ran."
        ]
    if not problems:
        return []
    why = "; ".join(problems)
    if not _leftovers_accepted(options):
        listed = (
            f" It is on the planted list in {options.reports}; `firewall-conformance cleanup "
            f"--target {options.target} --reports {options.reports}` removes it once the profile "
            "says how."
            if session.cleanup.ledger is not None
            else ""
        )
        raise HarnessError(
            f"pre-flight: a probe test person was planted in the target but could not be "
            f"removed ({why}). Every person a run plants would stay behind, so nothing more was "
            f"planted and no scenario was run.{listed} To run anyway, leaving what cannot be "
            "removed and listing it, give --allow-leftovers."
        )
    because = (
        "--allow-leftovers was given"
        if options.allow_leftovers
        else "the embedded casebook cannot delete persons, so what it keeps is accepted"
    )
    return [
        f"Pre-flight: a probe test person could not be removed ({why}); the run went on "
        f"because {because}, and what stays in the target is listed below."
    ]


def _run_scenarios(
    session: RunSession, inventory: SuiteInventory, options: RunOptions, scope: Scope
) -> tuple[list[ScenarioResult], list[str]]:
    """Scenario results and notes for the summary; an unreachable target runs nothing."""
    unreachable = session.target.reachable()
    if unreachable:
        reason = f"The target could not be reached ({unreachable}), so this scenario was not run."
        results = [
            ScenarioResult(s.name, s.file, s.obligations, ScenarioOutcome.INCONCLUSIVE, reason)
            for s in inventory.scenarios
            if scope.takes_up(s)
        ]
        return results, [f"The target could not be reached ({unreachable}); no scenario was run."]
    notes = _preflight(session, inventory, options, scope)
    code, deselected = _run_pytest(session, options.reports, scope.chosen())
    if code not in (
        pytest.ExitCode.OK,
        pytest.ExitCode.TESTS_FAILED,
        pytest.ExitCode.NO_TESTS_COLLECTED,
    ):
        raise HarnessError(f"the suite could not be run (pytest exit code {code})")
    if session.collected != inventory.expected_tests:
        raise HarnessError(
            f"the feature files hold {count(inventory.expected_tests, 'scenarios')} but "
            f"{session.collected} were collected"
        )
    if deselected and options.obligations:
        notes.append(f"Scope was narrowed to {', '.join(options.obligations)} by --obligation.")
    if session.first_failure is not None:
        notes.append(
            f"The run stopped at its first failure, «{session.first_failure.name}», as "
            f"--stop-at-first-failure asks: {count(session.not_reached, 'scenarios')} after it "
            "were not run and are NOT TESTED, so this run cannot be CONFORMANT."
        )
    if session.judged_early is not None:
        notes.append(early_judgement.judged_early_reason(*session.judged_early))
    if session.deadline.passed():
        notes.append(
            f"The run's deadline of {options.deadline:g} seconds passed; every scenario it "
            "stopped or kept from running is INCONCLUSIVE."
        )
    return list(session.results.values()), notes + session.cleanup.notes()


@dataclass
class _Run:
    """What a run has settled on before its scenarios start: enough to decide and publish its
    result, whether it ends normally or is stopped by an unexpected error."""

    plan: RunPlan
    started: str
    key: signing.SigningKey
    identity: dict[str, str]
    loaded_secrets: list[str]
    target: Target
    session: RunSession
    scope: Scope
    waivers: Waivers
    removed_before: int = 0

    @property
    def secrets(self) -> list[str]:
        """Every secret to mask: those loaded before the run and, for a live target, those its
        accounts hold or were handed during it (tokens, session cookies)."""
        return [*self.loaded_secrets, *self.target.secrets_to_mask()]

    def seen(self, scenarios: list[ScenarioResult], **notes: tuple[str, ...]) -> Seen:
        """What the run has seen so far, as values for `decide`."""
        cleanup = self.session.cleanup
        declared = self.session.declared
        return Seen(
            scenarios=tuple(scenarios),
            scope=self.scope,
            waivers=self.waivers,
            identity=self.identity,
            personas={
                "planted": cleanup.planted,
                "removed": cleanup.removed,
                "left_by_an_interrupted_run_and_removed": self.removed_before,
                "left_in_target": cleanup.left_persons,
                "records": cleanup.planted_records,
                "declared": declared.summary() if declared else [],
            },
            **notes,
        )

    def stamp(self) -> Stamp:
        """The run's id and times, taken when its result is decided."""
        tag = self.started.replace(":", "").replace("-", "")
        return Stamp(f"{tag}-{secrets.token_hex(3)}", self.started, _now())

    def publish(self, result: RunResult) -> RunResult:
        options = self.plan.options
        return publish.write_all(
            result,
            options.reports,
            secrets=self.secrets,
            suite=SuiteIdentity(self.plan.comparison, options.pinned),
            key=self.key,
            html=options.html,
            pdf=options.pdf,
        )

    def stopped(self, exc: Exception) -> HarnessError:
        """Publish the result of a run an unexpected error stopped, marked ERROR, with what its
        scenarios saw; nothing in it counts as COMPLIANT. Returns the error to raise."""
        why = str(exc) if isinstance(exc, HarnessError) else one_line(exc, self.secrets)
        seen = self.seen(list(self.session.results.values()))
        try:
            self.publish(decide_stopped(self.plan, seen, self.stamp(), why))
        except Exception as failure:
            return HarnessError(
                f"the run stopped at {why}, and its reports could not be written either "
                f"({one_line(failure, self.secrets)})"
            )
        return HarnessError(
            f"the run stopped at {why}; the reports gathered so far are in "
            f"{self.plan.options.reports}"
        )


def _stop_on(
    options: RunOptions, in_scope: tuple[Obligation, ...], scope: Scope, waivers: Waivers
) -> frozenset[str] | None:
    """The obligations whose first failure stops the run under --stop-at-first-failure: those
    whose verdict counts and that no waiver covers (a waived failure leaves the run conformant,
    so it cannot stop it)."""
    if not options.stop_at_first_failure:
        return None
    return frozenset(
        o.id for o in in_scope if scope.counts(o.id) and waivers.for_obligation(o.id) is None
    )


def _declared_notes(session: RunSession) -> list[str]:
    """What the summary says of the declared persons: who, that they were not planted, and
    which scenarios used them."""
    declared = session.declared
    if declared is None:
        return []
    who = ", ".join(f"the {p['role']} {p['person_id']}" for p in declared.summary())
    used = len(session.on_declared_scenarios)
    return [
        f"Known test persons already in the target were declared in {declared.source}: {who}, "
        f"in case {declared.case.reference or declared.case.case_id}. They were declared, not "
        f"planted: the {count(used, 'scenarios')} that only read used them "
        "instead of planting, and nothing was created or removed for them."
    ]


def _loaded_secrets(options: RunOptions) -> list[str]:
    """The secrets this run loaded that no account holds: the signing key's passphrase."""
    passphrase = os.environ.get(signing.PASSPHRASE_VARIABLE) if options.signing_key else None
    return [passphrase] if passphrase else []


def execute(options: RunOptions, progress: Progress | None = None) -> RunResult:
    """Run the suite and write every report; returns the result as published. Raises
    HarnessError for exit-3 conditions; an unexpected error becomes one too, and once the
    scenarios have started, the reports gathered so far are written first (the run marked
    ERROR)."""
    try:
        return _execute(options, progress)
    except HarnessError:
        raise
    except Exception as exc:
        raise HarnessError(f"the run stopped at {one_line(exc)}") from exc


def _execute(options: RunOptions, progress: Progress | None) -> RunResult:
    started, clock = _now(), time.monotonic()
    run_plan = plan(options)
    deadline = Deadline.after(options.deadline, clock)
    options.reports.mkdir(parents=True, exist_ok=True)
    key = _signing_key(options.signing_key)
    with (
        _target_profile(options) as (profile, environ),
        tempfile.TemporaryDirectory(prefix="fwc-") as work,
    ):
        waivers = _waivers(options, profile.name, run_plan.in_scope)
        opening = Opening(
            environ=environ,
            read_only=options.read_only,
            on_exchange=lambda exchange: session.exchange(exchange),
            on_egress=lambda received: session.receive(received),
            on_audit_read=lambda entries, sequence: session.audit_read(entries, sequence),
            on_act=lambda act: session.act(act),
        )
        target = _open(profile, opening, options)
        # The target, once open, says whether it is a live system: a vendor's adapter given
        # with --target may only hold exports or a log.
        run_plan = replace(run_plan, offline=not target.provides(Group.LIVE_SYSTEM))
        declared = run_plan.declared
        # Declared persons stand in for planting in a read-only run's scenarios (run/scenario_plan.py).
        planted_or_declared = {scenario_plan.PLANTS} if declared and options.read_only else set()
        scope = Scope.of(
            options.scope,
            run_plan.offline,
            target.capabilities() | planted_or_declared,
            run_plan.in_scope,
            options.obligations,
            _read_only_answerable(
                options, run_plan.inventory, target.capabilities(), declared is not None
            ),
        )
        session = RunSession(
            run_plan.catalogue,
            options.jurisdiction,
            target,
            Path(work),
            progress,
            deadline,
            read_only=options.read_only,
            declared=declared,
            planted_formats=profile.planted_formats if isinstance(profile, TargetProfile) else {},
            cleanup_budget=options.cleanup_budget,
            planted_contacts=(
                profile.planted_contacts if isinstance(profile, TargetProfile) else None
            ),
            first=frozenset(options.run_first),
            stop_on=_stop_on(options, run_plan.in_scope, scope, waivers),
        )
        run = _Run(
            run_plan,
            started,
            key,
            profile.identity(),
            _loaded_secrets(options),
            target,
            session,
            scope,
            waivers,
        )
        try:
            return _conduct(run)
        except Exception as exc:
            raise run.stopped(exc) from exc
        finally:
            # What the run found stands whatever closing the target does (a vendor's adapter).
            with contextlib.suppress(Exception):
                target.close()


def _conduct(run: _Run) -> RunResult:
    """The run proper: remove what an interrupted run left, run the scenarios, decide, publish."""
    options, session, target = run.plan.options, run.session, run.target
    leftover_notes: list[str] = []
    if options.target is not None and target.provides(Group.LIVE_SYSTEM):
        session.cleanup.ledger = PlantedLedger(
            options.reports / LEDGER_NAME, run.identity["base_url"]
        )
        run.removed_before, leftover_notes = remove_leftovers(
            session.cleanup.ledger,
            session.cleanup.remover,
            options.read_only,
            options.cleanup_budget,
        )
    scenario_results, notes = _run_scenarios(session, run.plan.inventory, options, run.scope)
    seen = run.seen(
        scenario_results,
        leftover_notes=tuple(leftover_notes),
        scenario_notes=tuple(notes),
        target_notes=tuple(target.run_notes()),
        declared_notes=tuple(_declared_notes(session)),
    )
    return run.publish(decide(run.plan, seen, run.stamp()))
