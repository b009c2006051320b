"""One conformance run, end to end: check the suite, reach the target, run the scenarios
through pytest-bdd, decide verdicts, write the reports.

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
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from firewall_conformance import __version__, pinning, plan, publish, redact
from firewall_conformance.bundle import signing
from firewall_conformance.bundle.manifest import SuiteIdentity
from firewall_conformance.catalogue import Catalogue, Obligation, load_catalogue
from firewall_conformance.cleanup import BUDGET_SECONDS
from firewall_conformance.deadline import Deadline
from firewall_conformance.declared_personas import DeclaredCast, load_declared
from firewall_conformance.documents import InvalidDocument
from firewall_conformance.modes import SCOPES, ModeFilter, Scope, as_run
from firewall_conformance.offline import profile as bundle_profiles
from firewall_conformance.offline.profile import BundleProfile
from firewall_conformance.outcomes import Inconclusive
from firewall_conformance.planted import (
    LEDGER_NAME,
    PlantedLedger,
    Removal,
    remove_leftovers,
    remove_listed,
)
from firewall_conformance.plural import count
from firewall_conformance.preflight import probe_removal
from firewall_conformance.results import (
    Examined,
    ObligationResult,
    Outcome,
    RunResult,
    RunVerdict,
    ScenarioResult,
    Verdict,
)
from firewall_conformance.session import Progress, RunSession
from firewall_conformance.suite_check import SuiteInventory, check_suite
from firewall_conformance.suite_files import reference_profile, suite_root
from firewall_conformance.targets.auth.declared import Credentials, resolve
from firewall_conformance.targets.base import Group, Target
from firewall_conformance.targets.http import HttpTarget
from firewall_conformance.targets.opening import AdapterError, Opening
from firewall_conformance.targets.profile import TargetProfile, load_profile
from firewall_conformance.targets.registry import Profile, load_target_profile, open_target
from firewall_conformance.unexpected import one_line
from firewall_conformance.verdicts import obligation_result, run_verdict
from firewall_conformance.waivers import Waivers, load_waivers


class HarnessError(Exception):
    """The run cannot start or cannot be trusted: exit 3, with this message."""


@dataclass
class RunOptions:
    target: Path | None = None
    base_url: str | None = None  # overrides the target profile's address
    reports: Path = Path("reports")
    reference_faults: list[str] = field(default_factory=list)
    reference_dialect: str | None = None  # the embedded reference's surface (default api-v1)
    obligations: list[str] = field(default_factory=list)
    jurisdiction: str = "uk"
    waivers: Path | None = None
    pinned: bool = False
    signing_key: Path | None = None
    read_only: bool = False  # production-safe: GET and HEAD only (targets/readonly.py)
    personas: Path | None = None  # known test persons in the target (declared_personas.py)
    bundle: Path | None = None  # an export bundle directory: offline mode
    bundle_profile: Path | None = None  # defaults to BUNDLE/bundle.yaml
    engine: str = "embedded"  # or "spark": read a bundle's CSV and NDJSON extracts on Spark
    master: str | None = None  # the Spark master for engine "spark" (default: local[*])
    scope: str = "all"  # or "answerable" (modes.py)
    html: bool = True  # build the step-by-step Allure HTML report
    allow_paths_outside: bool = False  # profiles may name files outside their folder
    allow_leftovers: bool = False  # run on when the pre-flight shows planted persons stay
    deadline: float | None = None  # seconds the whole run may take (deadline.py)
    today: dt.date | None = None  # for tests; a run always uses the real date

    def __post_init__(self) -> None:
        # Every artefact path (and the report generator, which runs elsewhere) sees one
        # absolute folder, whatever the working directory of the caller.
        self.reports = Path(self.reports).resolve()


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
    """The profile and where its secrets are looked up."""

    if options.bundle is not None or options.bundle_profile is not None:
        yield _bundle_profile(options), {}
        return
    if options.target is not None:
        if options.reference_faults or options.reference_dialect:
            raise HarnessError(
                "--reference-fault and --reference-dialect only apply to the embedded "
                "reference system"
            )
        yield _load_any(options.target, options.allow_paths_outside, options.base_url), os.environ
        return
    if options.base_url is not None:
        raise HarnessError("--base-url points a target profile elsewhere: give it with --target")
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


def _load_any(path: Path, allow_paths_outside: bool, base_url: str | None) -> Profile:
    """A `--target` profile of whatever adapter kind it names (targets/registry.py)."""
    try:
        profile = load_target_profile(path, allow_paths_outside=allow_paths_outside)
        return profile if base_url is None else profile.pointed_at(base_url)
    except InvalidDocument as exc:
        raise HarnessError(f"invalid target profile {exc}") from exc
    except AdapterError as exc:
        raise HarnessError(str(exc)) from exc


def _bundle_profile(options: RunOptions) -> BundleProfile:
    if options.bundle is None:
        raise HarnessError("--bundle-profile needs --bundle, the folder the bundle is in")
    embedded = options.reference_faults or options.reference_dialect
    if options.target is not None or embedded or options.base_url is not None:
        raise HarnessError(
            "--bundle cannot be combined with --target, --base-url, --reference-fault or "
            "--reference-dialect"
        )
    if not options.bundle.is_dir():
        raise HarnessError(f"--bundle {options.bundle}: no such folder")
    path = options.bundle_profile or options.bundle / bundle_profiles.DEFAULT_NAME
    try:
        return bundle_profiles.load_bundle_profile(
            path, options.bundle, allow_paths_outside=options.allow_paths_outside
        )
    except InvalidDocument as exc:
        raise HarnessError(f"invalid bundle profile {exc}") from exc


ENGINES = ("embedded", "spark")


def _check_engine(options: RunOptions) -> None:
    if options.engine not in ENGINES:
        raise HarnessError(f"--engine {options.engine}: choose one of {', '.join(ENGINES)}")
    if options.master and options.engine != "spark":
        raise HarnessError("--master applies to --engine spark only")
    if options.engine == "spark" and options.bundle is None:
        raise HarnessError(
            "--engine spark applies to offline runs over an export bundle (--bundle) only; "
            "a live run asks the system, it does not read exports at volume"
        )


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
) -> TargetProfile:
    """A profile (at `base_url` if given), validated, for `check`."""
    return _load(path, allow_paths_outside, base_url)


def load_target_for_check(
    path: Path, allow_paths_outside: bool = False, base_url: str | None = None
) -> HttpTarget:
    """A target built from a profile (at `base_url` if given) and the environment's
    credentials, for `check`: read-only, so no probe can write to it."""
    profile = _load(path, allow_paths_outside, base_url)
    return HttpTarget(profile, _credentials(profile, os.environ), read_only=True)


def remove_planted(path: Path, reports: Path, allow_paths_outside: bool = False) -> Removal:
    """`cleanup`: one more attempt at removing what runs left planted in a target, from the
    ledger in the reports folder."""
    profile = _load(path, allow_paths_outside)
    ledger = PlantedLedger(Path(reports).resolve() / LEDGER_NAME, profile.base_url)
    target = HttpTarget(profile, _credentials(profile, os.environ))
    return remove_listed(ledger, target.sending_once().remove_case, BUDGET_SECONDS)


def _credentials(
    profile: TargetProfile, environ: dict[str, str] | os._Environ[str]
) -> dict[str, Credentials]:
    try:
        return resolve(profile, environ)
    except InvalidDocument as exc:
        raise HarnessError(str(exc)) from exc


def _declared(options: RunOptions) -> DeclaredCast | None:
    """The known test persons of `--personas`, read from beside the target profile (or from
    anywhere for the embedded reference, whose profile the harness itself holds)."""
    if options.personas is None:
        return None
    if options.bundle is not None:
        raise HarnessError("--personas applies to a live target, not to an export bundle")
    folder = options.target.parent if options.target is not None else Path.cwd()
    outside = options.allow_paths_outside or options.target is None
    try:
        return load_declared(options.personas, folder, allow_outside=outside)
    except InvalidDocument as exc:
        raise HarnessError(f"invalid personas file {exc}") from exc


def _read_only_answerable(
    options: RunOptions, inventory: SuiteInventory, capabilities: frozenset[str], declared: bool
) -> frozenset[str] | None:
    """In a read-only run, the obligations every live scenario of which would run; None when
    the run may write."""
    if not options.read_only:
        return None
    answerable = set()
    for scenario in inventory.scenarios:
        if not scenario.bundle:
            answerable.update(scenario.obligations)
    for scenario in inventory.scenarios:
        if not scenario.bundle and not scenario.runs_read_only(capabilities, declared):
            answerable.difference_update(scenario.obligations)
    return frozenset(answerable)


def _pinned_suite(pinned: bool) -> pinning.SuiteComparison:
    """How this suite compares with the released one; under --pinned any difference is fatal."""
    comparison = pinning.compare()
    if pinned and not comparison.matches:
        raise HarnessError(
            f"--pinned: the installed package and suite are not the released suite "
            f"{comparison.released_version} "
            f"({comparison.describe()}); reinstall the released version to run as an inspector"
        )
    return comparison


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


def _inventory(catalogue: Catalogue, in_scope: list[str]) -> SuiteInventory:
    inventory = check_suite(suite_root() / "features", catalogue, in_scope)
    if inventory.problems:
        raise HarnessError(
            "the suite does not match the catalogue: " + "; ".join(inventory.problems)
        )
    return inventory


class _Selection:
    """Deselects scenarios outside the chosen obligations (`--obligation`)."""

    def __init__(self, chosen: set[str]) -> None:
        self.chosen = chosen
        self.deselected = 0

    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        keep, drop = [], []
        for item in items:
            ids = {m.args[0] for m in item.iter_markers("obligation")}
            (keep if ids & self.chosen else drop).append(item)
        if drop:
            config.hook.pytest_deselected(items=drop)
            items[:] = keep
        self.deselected = len(drop)


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
        # Verdicts come from Breach and Inconclusive, never from assert statements, so the
        # suite's modules need no assertion rewriting (about a second of every run).
        "--assert", "plain",
        "--strict-markers",
        "--alluredir", str(reports / "allure-results"),
        "--clean-alluredir",
    ]  # fmt: skip
    code = pytest.main(args, plugins=[p for p in (session, selection, mode) if p is not None])
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
            ScenarioResult(s.name, s.file, s.obligations, Outcome.INCONCLUSIVE, reason)
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
    if session.deadline.passed():
        notes.append(
            f"The run's deadline of {options.deadline:g} seconds passed; every scenario it "
            "stopped or kept from running is INCONCLUSIVE."
        )
    return list(session.results.values()), notes + session.cleanup.notes()


@dataclass
class _Run:
    """What a run has settled on before its scenarios start: enough to write its reports,
    whether it ends normally or is stopped by an unexpected error."""

    options: RunOptions
    started: str
    in_scope: tuple[Obligation, ...]
    inventory: SuiteInventory
    comparison: pinning.SuiteComparison
    key: signing.SigningKey
    identity: dict[str, str]
    loaded_secrets: list[str]
    target: Target
    session: RunSession
    offline: bool
    removed_before: int = 0

    @property
    def secrets(self) -> list[str]:
        """Every secret to mask: those loaded before the run and, for a live target, those its
        accounts hold or were handed during it (tokens, session cookies)."""
        return [*self.loaded_secrets, *self.target.secrets_to_mask()]

    def result(
        self,
        verdict: RunVerdict,
        reason: str,
        obligations: list[ObligationResult],
        scenarios: list[ScenarioResult],
        notes: list[str],
    ) -> RunResult:
        examined = Examined()
        for scenario in scenarios:
            for check in scenario.checks:
                examined.add(check.examined)
        cleanup = self.session.cleanup
        return RunResult(
            run_id=f"{self.started.replace(':', '').replace('-', '')}-{secrets.token_hex(3)}",
            tool_version=__version__,
            started_at=self.started,
            finished_at=_now(),
            target=redact.identity(self.identity),
            jurisdiction=self.options.jurisdiction,
            verdict=verdict,
            reason=reason,
            obligations=obligations,
            examined=examined,
            personas={
                "planted": cleanup.planted,
                "removed": cleanup.removed,
                "left_by_an_interrupted_run_and_removed": self.removed_before,
                "left_in_target": cleanup.left_persons,
                "declared": self.session.declared.summary() if self.session.declared else [],
            },
            suite_hash=self.comparison.suite_hash,
            notes=notes,
        )

    def publish(self, result: RunResult) -> None:
        suite = SuiteIdentity(self.comparison, self.options.pinned)
        publish.write_all(
            result,
            self.options.reports,
            secrets=self.secrets,
            suite=suite,
            key=self.key,
            html=self.options.html,
        )

    def stopped(self, exc: Exception) -> HarnessError:
        """Write the reports of a run an unexpected error stopped, marked ERROR, with what its
        scenarios saw; nothing in them counts as COMPLIANT. Returns the error to raise."""
        why = str(exc) if isinstance(exc, HarnessError) else one_line(exc, self.secrets)
        scenarios = list(self.session.results.values())
        obligations = [
            _unfinished(
                obligation_result(
                    as_run(o, self.offline),
                    self.options.jurisdiction,
                    [s for s in scenarios if o.id in s.obligations],
                    "The run stopped before this obligation's scenarios ran.",
                )
            )
            for o in self.in_scope
        ]
        reason = (
            f"The run stopped before it finished: {why}. What its scenarios saw until then is "
            "listed, but an unfinished run shows nothing to be kept."
        )
        result = self.result(RunVerdict.ERROR, reason, obligations, scenarios, [reason])
        try:
            self.publish(result)
        except Exception as failure:
            return HarnessError(
                f"the run stopped at {why}, and its reports could not be written either "
                f"({one_line(failure, self.secrets)})"
            )
        return HarnessError(
            f"the run stopped at {why}; the reports gathered so far are in {self.options.reports}"
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


def _loaded_secrets(options: RunOptions) -> list[str]:
    """The secrets this run loaded that no account holds: the signing key's passphrase."""
    passphrase = os.environ.get(signing.PASSPHRASE_VARIABLE) if options.signing_key else None
    return [passphrase] if passphrase else []


def execute(options: RunOptions, progress: Progress | None = None) -> RunResult:
    """Run the suite and write every report. Raises HarnessError for exit-3 conditions; an
    unexpected error becomes one too, and once the scenarios have started, the reports
    gathered so far are written first (the run marked ERROR)."""
    try:
        return _execute(options, progress)
    except HarnessError:
        raise
    except Exception as exc:
        raise HarnessError(f"the run stopped at {one_line(exc)}") from exc


def _execute(options: RunOptions, progress: Progress | None) -> RunResult:
    started = _now()
    if options.deadline is not None and options.deadline <= 0:
        raise HarnessError(f"--deadline {options.deadline:g}: give a number of seconds above 0")
    deadline = Deadline.after(options.deadline, time.monotonic())
    options.reports.mkdir(parents=True, exist_ok=True)
    try:
        catalogue = load_catalogue()
    except InvalidDocument as exc:
        raise HarnessError(f"invalid catalogue {exc}") from exc
    in_scope = catalogue.in_scope(options.jurisdiction)
    if options.scope not in SCOPES:
        raise HarnessError(f"--scope {options.scope}: choose one of {', '.join(SCOPES)}")
    unknown = [o for o in options.obligations if o not in {ob.id for ob in in_scope}]
    if unknown:
        raise HarnessError(
            f"--obligation {', '.join(unknown)} is not in scope for {options.jurisdiction}"
        )
    _check_engine(options)
    inventory = _inventory(catalogue, [o.id for o in in_scope])
    comparison = _pinned_suite(options.pinned)
    declared = _declared(options)
    key = _signing_key(options.signing_key)
    with (
        _target_profile(options) as (profile, environ),
        tempfile.TemporaryDirectory(prefix="fwc-") as work,
    ):
        waivers = _waivers(options, profile.name, in_scope)
        opening = Opening(
            environ=environ,
            read_only=options.read_only,
            on_exchange=lambda exchange: session.exchange(exchange),
            on_egress=lambda received: session.receive(received),
            on_audit_read=lambda entries, sequence: session.audit_read(entries, sequence),
            on_act=lambda act: session.act(act),
        )
        target = _open(profile, opening, options)
        offline = not target.provides(Group.LIVE_SYSTEM)
        # Declared persons stand in for planting in a read-only run's scenarios (plan.py).
        planted_or_declared = {plan.PLANTS} if declared and options.read_only else set()
        scope = Scope.of(
            options.scope,
            offline,
            target.capabilities() | planted_or_declared,
            in_scope,
            options.obligations,
            _read_only_answerable(options, inventory, target.capabilities(), declared is not None),
        )
        session = RunSession(
            catalogue,
            options.jurisdiction,
            target,
            Path(work),
            progress,
            deadline,
            read_only=options.read_only,
            declared=declared,
            planted_formats=profile.planted_formats if isinstance(profile, TargetProfile) else {},
        )
        run = _Run(
            options,
            started,
            in_scope,
            inventory,
            comparison,
            key,
            profile.identity(),
            _loaded_secrets(options),
            target,
            session,
            offline,
        )
        try:
            return _conduct(run, target, profile, scope, waivers)
        except Exception as exc:
            raise run.stopped(exc) from exc


def _conduct(
    run: _Run,
    target: Target,
    profile: Profile,
    scope: Scope,
    waivers: Waivers,
) -> RunResult:
    """The run proper: remove what an interrupted run left, run the scenarios, decide, report."""
    options, session = run.options, run.session
    leftover_notes: list[str] = []
    if options.target is not None and target.provides(Group.LIVE_SYSTEM):
        session.cleanup.ledger = PlantedLedger(
            options.reports / LEDGER_NAME, profile.identity()["base_url"]
        )
        run.removed_before, leftover_notes = remove_leftovers(
            session.cleanup.ledger, session.cleanup.remover, options.read_only, BUDGET_SECONDS
        )
    scenario_results, notes = _run_scenarios(session, run.inventory, options, scope)
    obligations = [
        obligation_result(
            as_run(o, run.offline),
            options.jurisdiction,
            [s for s in scenario_results if o.id in s.obligations],
            scope.not_run_reason(o),
            waivers.for_obligation(o.id),
        )
        for o in run.in_scope
    ]
    verdict, reason = run_verdict([o for o in obligations if scope.counts(o.obligation.id)])
    reason += scope.statement()
    if run.offline:
        notes.append(
            "Offline run over an export bundle: only the scenarios written for bundles ran; "
            "obligations that need the live system to be asked are NOT TESTED."
        )
    notes += target.run_notes()
    notes += _declared_notes(session)
    result = run.result(
        verdict, reason, obligations, scenario_results, waivers.warnings + leftover_notes + notes
    )
    result.waivers = waivers.in_force
    result.not_in_scope = scope.outside()
    if options.pinned:
        result.notes.append(
            f"Pinned: the suite is the released suite {run.comparison.released_version}, unchanged."
        )
    run.publish(result)
    return result
