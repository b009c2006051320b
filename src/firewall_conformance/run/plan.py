"""Everything a run can settle before it touches the target: the options checked, the
catalogue and the obligations in scope for the jurisdiction, the suite checked against the
catalogue and compared with the released one, the declared persons read, live or offline.

`plan` is pure: it reads the package, the suite and the files the options name, and writes
and sends nothing, so a run that cannot start stops here having changed nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from firewall_conformance.inputs.documents import InvalidDocument
from firewall_conformance.obligations.catalogue import Catalogue, Obligation, load_catalogue
from firewall_conformance.persons.declared import DeclaredCast, load_declared
from firewall_conformance.run.errors import HarnessError
from firewall_conformance.run.options import RunOptions, run_option_forms
from firewall_conformance.scenario_suite import pinning
from firewall_conformance.scenario_suite.consistency import SuiteInventory, check_suite
from firewall_conformance.scenario_suite.files import suite_root


@dataclass(frozen=True)
class RunPlan:
    options: RunOptions
    catalogue: Catalogue
    in_scope: tuple[Obligation, ...]
    inventory: SuiteInventory
    comparison: pinning.SuiteComparison
    declared: DeclaredCast | None
    offline: bool  # over an export bundle, not asking a live system


def plan(options: RunOptions) -> RunPlan:
    """The run's plan; raises HarnessError for a run that cannot start."""
    for flag, seconds in (
        ("--deadline", options.deadline),
        ("--cleanup-budget", options.cleanup_budget),
    ):
        if seconds is not None and seconds <= 0:
            raise HarnessError(f"{flag} {seconds:g}: give a number of seconds above 0")
    try:
        catalogue = load_catalogue()
    except InvalidDocument as exc:
        raise HarnessError(f"invalid catalogue {exc}") from exc
    in_scope = catalogue.in_scope(options.jurisdiction)
    _check_choice(options, "scope")
    for flag, named in (("--obligation", options.obligations), ("--run-first", options.run_first)):
        unknown = [o for o in named if o not in {ob.id for ob in in_scope}]
        if unknown:
            raise HarnessError(
                f"{flag} {', '.join(unknown)} is not in scope for {options.jurisdiction}"
            )
    _check_engine(options)
    inventory = _inventory(catalogue, [o.id for o in in_scope])
    comparison = _pinned_suite(options.pinned)
    declared = _declared(options)
    _check_combinations(options)
    return RunPlan(
        options,
        catalogue,
        tuple(in_scope),
        inventory,
        comparison,
        declared,
        offline=options.bundle is not None,
    )


def _check_choice(options: RunOptions, name: str) -> None:
    """A library caller's choice held to the declared ones (the command line refuses a wrong
    one itself)."""
    _, form = run_option_forms()[name]
    value = getattr(options, name)
    if value not in form.choice_list():
        raise HarnessError(f"{form.flag} {value}: choose one of {', '.join(form.choice_list())}")


def _check_engine(options: RunOptions) -> None:
    _check_choice(options, "engine")
    if options.master and options.engine != "spark":
        raise HarnessError("--master applies to --engine spark only")
    if options.engine == "spark" and options.bundle is None:
        raise HarnessError(
            "--engine spark applies to offline runs over an export bundle (--bundle) only; "
            "a live run asks the system, it does not read exports at volume"
        )


def _check_combinations(options: RunOptions) -> None:
    """Options that name two kinds of target at once."""
    embedded = options.reference_faults or options.reference_dialect
    if options.bundle is not None or options.bundle_profile is not None:
        if options.bundle is None:
            raise HarnessError("--bundle-profile needs --bundle, the folder the bundle is in")
        if options.target is not None or embedded or options.base_url is not None:
            raise HarnessError(
                "--bundle cannot be combined with --target, --base-url, --reference-fault or "
                "--reference-dialect"
            )
    elif options.target is not None and embedded:
        raise HarnessError(
            "--reference-fault and --reference-dialect only apply to the embedded reference system"
        )
    elif options.target is None and options.base_url is not None:
        raise HarnessError("--base-url points a target profile elsewhere: give it with --target")


def _inventory(catalogue: Catalogue, in_scope: list[str]) -> SuiteInventory:
    inventory = check_suite(suite_root() / "features", catalogue, in_scope)
    if inventory.problems:
        raise HarnessError(
            "the suite does not match the catalogue: " + "; ".join(inventory.problems)
        )
    return inventory


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
