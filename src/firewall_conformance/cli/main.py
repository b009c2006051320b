"""`firewall-conformance`: run the suite, check a target profile, build the offline report,
verify an evidence bundle, record the released suite's hashes, serve the reference system and
the browser workbench."""

from __future__ import annotations

import faulthandler
import functools
import os
import shutil
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click
from rich.markup import escape
from rich.table import Table

from firewall_conformance import __version__
from firewall_conformance.cli.declared import declared_option, run_options
from firewall_conformance.cli.export_bundle import export_bundle
from firewall_conformance.cli.failure import ERROR_EXIT, fail, say_error
from firewall_conformance.cli.obligations import obligations
from firewall_conformance.cli.renamed import respelled
from firewall_conformance.cli.report_generator import install_report_generator
from firewall_conformance.cli.run_progress import shown_on
from firewall_conformance.cli.scan import scan
from firewall_conformance.cli.terminal import Terminal
from firewall_conformance.cli.workbench import serve as serve_workbench
from firewall_conformance.model.results import RunResult, Verdict
from firewall_conformance.obligations.jurisdictions import jurisdiction
from firewall_conformance.reporting.wording import BASIS_MEANING, run_meaning
from firewall_conformance.run.errors import HarnessError
from firewall_conformance.run.options import RunOptions
from firewall_conformance.run.runner import execute, remove_planted
from firewall_conformance.scenario_suite.files import REFERENCE_PROFILES
from firewall_conformance.wording.plural import count
from firewall_conformance.wording.unexpected import one_line

_STYLE = {
    "COMPLIANT": "green",
    "CONFORMANT": "bold green",
    "BREACH": "bold red",
    "INCONCLUSIVE": "yellow",
    "NOT TESTED": "yellow",
    "WAIVED": "cyan",
    "ERROR": "bold red",
}

out = Terminal()
err = Terminal(stderr=True)
_Given = TypeVar("_Given", Path, Path | None)

base_url_option = declared_option("base_url")
allow_paths_outside_option = declared_option("allow_paths_outside")

if TYPE_CHECKING:
    from firewall_conformance.targets.base import Target
    from firewall_conformance.targets.operation_probe import ProbeOutcome


class _UsageProblem(click.ClickException):
    """A usage error (unknown option, bad value, missing argument) on one line, ending with
    ERROR's exit code: click's own 2 is INCONCLUSIVE's, which a CI gate may tolerate."""

    exit_code = ERROR_EXIT

    def __init__(self, error: click.UsageError, where: click.Context) -> None:
        command = (error.ctx or where).command_path
        super().__init__(
            f"{command}: {error.format_message()} (`{command} --help` lists what it takes)"
        )

    def show(self, file: object = None) -> None:
        say_error(self.message)


class _BareHelp(click.exceptions.NoArgsIsHelpError):
    """A command given no arguments shows its help, as click does, but exits 3."""

    exit_code = ERROR_EXIT


def _as_error(error: click.UsageError, where: click.Context) -> click.ClickException:
    """Bare `firewall-conformance` (or `reference`) still shows its help, with exit 3.
    `where` names the command for the errors click raises without one."""
    if isinstance(error, click.exceptions.NoArgsIsHelpError):
        return _BareHelp(error.ctx or where)
    return _UsageProblem(error, where)


class _Commands(click.Group):
    """Every command ends a usage error or an unexpected error with exit 3 and one line:
    never a traceback and Python's exit 1, which would read as BREACH, nor click's 2.
    Sub-groups are of this class too (`group_class`)."""

    group_class = type

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: object,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise _as_error(exc, click.Context(self, parent, info_name)) from exc

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        return name, command, respelled(command, rest) if command else rest

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _as_error(exc, ctx) from exc
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            fail(one_line(exc))


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="firewall-conformance")
def main() -> None:
    """Test whether a police data system keeps victims' and witnesses' data away from
    immigration enforcement, and produce evidence of what was found."""
    _stacks_on_request()


@functools.cache
def _stacks_on_request() -> None:
    """`kill -USR1` on a run that seems stuck prints where every thread of it is, on stderr,
    and the run goes on: a stall seen once in a CI log can then be told from a slow target.
    The stacks go to a copy of stderr's descriptor, since the in-process pytest run points
    descriptor 2 at its own capture while scenarios run; once a process, so commands invoked
    in-process again and again copy no descriptor twice."""
    if not hasattr(signal, "SIGUSR1"):
        return
    try:
        stderr = os.dup(sys.stderr.fileno())
    except (AttributeError, OSError, ValueError):
        return  # no descriptor to write to (stderr replaced by a test runner's buffer)
    faulthandler.register(signal.SIGUSR1, stderr, all_threads=True)


def _print_result(result: RunResult) -> None:
    style = _STYLE[result.verdict.value]
    verdict, scope = result.verdict.value, result.headline.removeprefix(result.verdict.value)
    out.print(f"\n[{style}]{verdict}[/]{escape(scope)} — {run_meaning(result)}", soft_wrap=True)
    place = jurisdiction(result.jurisdiction)
    out.print(
        f"Jurisdiction profile: {result.jurisdiction} ({place.name}); immigration enforcement "
        f"means {place.restricted_recipient}",
        highlight=False,
    )
    out.print(result.reason, highlight=False)
    table = Table(box=None, show_header=False, padding=(0, 1))
    table.add_column("Verdict", no_wrap=True, min_width=12)
    table.add_column("Obligation", ratio=1)
    for o in result.obligations:
        if o.obligation.id in result.not_in_scope:
            continue
        text = (
            f"{o.obligation.id} {escape(o.obligation.title)} "
            f"[dim]({BASIS_MEANING.get(o.basis, o.basis)})[/]"
        )
        if o.verdict is not Verdict.COMPLIANT:
            text += f"\n[dim]{escape(o.reason)}[/]"
        table.add_row(f"[{_STYLE[o.verdict.value]}]{o.verdict.value}[/]", text)
    out.print(table)
    if result.not_in_scope:
        outside = ", ".join(result.not_in_scope)
        out.print(f"[dim]Not in this run's scope, so not tested: {outside}.[/]", highlight=False)
    for note in result.notes:
        out.print(f"[yellow]Note:[/] {escape(note)}", highlight=False)


@main.command()
@run_options
def run(**given: Any) -> None:
    """Run the firewall obligations against a target, or over an export bundle, and write
    the reports.

    Exit codes: 0 CONFORMANT, 1 BREACH, 2 INCONCLUSIVE, 3 ERROR.
    """
    options = RunOptions(**given)
    bundle, target, dialect = options.bundle, options.target, options.reference_dialect
    faults = options.reference_faults
    where = (
        (f"the export bundle in {bundle}" if bundle else None)
        or target
        or "the embedded reference system"
        + (f" ({dialect} dialect)" if dialect else "")
        + (f" with faults {', '.join(faults)}" if faults else "")
    )
    err.print(
        f"firewall-conformance {__version__}: running against {escape(str(where))} "
        f"under the {options.jurisdiction} profile",
        highlight=False,
    )
    with shown_on(err) as advance:
        try:
            result = execute(options, advance)
        except HarnessError as exc:
            fail(str(exc))
    _print_result(result)
    _print_artefacts(given["reports"])
    sys.exit(result.verdict.exit_code)


def _positional_reports(command: str, positional: Path | None, option: _Given) -> Path | _Given:
    """The reports folder given the old way, as an argument, noted; else the option's."""
    if positional is None:
        return option
    err.print(
        f"Note: `{command} REPORTS` is now `{command} --reports REPORTS`; the old spelling goes "
        "in the next release.",
        highlight=False,
        soft_wrap=True,
    )
    return positional


def _print_artefacts(reports: Path) -> None:
    names = [
        "summary.html",
        "summary.pdf",
        "summary.md",
        "summary.json",
        "junit.xml",
        "allure-results/",
        "allure-report/index.html",
        "evidence/manifest.json",
    ]
    present = [n for n in names if (reports / n.rstrip("/")).exists()]
    out.print(f"\nReports in {reports}/: {', '.join(present)}", highlight=False)


@main.command()
@declared_option(
    "target",
    required=True,
    help="Target profile (YAML) of the system the test persons were planted in.",
)
@declared_option(
    "reports",
    help="The reports folder of the runs that planted them (it holds the planted list).",
)
@declared_option(
    "cleanup_budget",
    help="Bound the time the removals may take together; what is not confirmed removed by "
    "then stays on the planted list, named.",
)
@allow_paths_outside_option
def cleanup(target: Path, reports: Path, cleanup_budget: float, allow_paths_outside: bool) -> None:
    """Try once more to remove the test persons runs left planted in a target.

    Exit codes: 0 nothing of this target is left on the list, 3 something is.
    """
    try:
        removal = remove_planted(target, reports, allow_paths_outside, cleanup_budget)
    except HarnessError as exc:
        fail(str(exc))
    out.print(
        f"Removed {count(removal.removed_persons, 'test persons')} in "
        f"{count(len(removal.removed), 'cases')}, and confirmed them gone.",
        highlight=False,
    )
    for seeded, problems in removal.left:
        persons = ", ".join(f"{label} (id {pid})" for label, pid in seeded.person_ids.items())
        out.print(
            f"[yellow]Left:[/] {escape(persons)} in case {escape(seeded.case_id)}: "
            + escape("; ".join(problems)),
            highlight=False,
        )
    if removal.left:
        left = removal.left_persons
        out.print(
            f"{count(left, 'test persons')} {'is' if left == 1 else 'are'} still on the planted list."
        )
        sys.exit(ERROR_EXIT)
    out.print("Nothing planted in this target is left on the list.")


@main.command()
@declared_option("reports", help="The reports folder of the run.")
@click.argument(
    "old_reports",
    metavar="[REPORTS]",
    type=click.Path(path_type=Path, file_okay=False),
    required=False,
)
def report(reports: Path, old_reports: Path | None) -> None:
    """Build the single-file offline Allure report (REPORTS/allure-report/index.html) from
    REPORTS/allure-results. It opens from disk and makes no network request. (REPORTS as an
    argument is the old spelling of --reports.)

    `run` builds it itself when the generator is installed; use this after installing it.
    The generator is the one `make allure` installs in a source checkout or
    `install-report-generator` installs, or the Allure 3 `allure` executable FWC_ALLURE names. Exit 0 built, 3 not built (the message says why).
    """
    from firewall_conformance.reporting import allure_html

    reports = _positional_reports("report", old_reports, reports)
    try:
        built = allure_html.build(reports, append_history=False)
    except allure_html.ReportError as exc:
        fail(str(exc))
    out.print(
        f"Built {built.path} ({built.bytes / 1e6:.1f} MB in {built.seconds:.1f} s; "
        f"{count(built.removed, 'analytics tags')} removed, no external references)",
        highlight=False,
    )
    if (reports / "evidence" / "manifest.json").is_file():
        out.print(
            "[yellow]Note:[/] the evidence bundle was signed before this file was rebuilt, so "
            "`verify` will report it as changed or added.",
            highlight=False,
        )


@main.command()
@click.option(
    "--reports",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="The reports folder holding evidence/manifest.json.",
)
@click.argument(
    "old_reports",
    metavar="[REPORTS]",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    required=False,
)
@click.option(
    "--public-key",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The signer's Ed25519 public key (PEM), obtained separately from the bundle.",
)
def verify(reports: Path | None, old_reports: Path | None, public_key: Path | None) -> None:
    """Check an evidence bundle: the signature over REPORTS/evidence/manifest.json and the
    SHA-256 of every file under REPORTS. The first line says the outcome: VERIFIED (exit 0) only
    with --public-key; without it, SIGNER UNVERIFIED (exit 0), as nothing then shows who signed;
    NOT VERIFIED (exit 1) when anything is changed, missing, added, unsigned or not a regular
    file. (REPORTS as an argument is the old spelling of --reports.)"""
    from firewall_conformance.signed_evidence.verify import verify as check_bundle

    reports = _positional_reports("verify", old_reports, reports)
    if reports is None:
        raise click.UsageError("give the reports folder to check with --reports")

    outcome = check_bundle(reports, public_key)
    colour = (
        "green" if outcome.ok and outcome.signer_verified else "yellow" if outcome.ok else "red"
    )
    label, _, rest = outcome.headline().partition(": ")
    out.print(f"[bold {colour}]{label}:[/] {escape(rest)}", highlight=False)
    for label, names in (
        ("changed", outcome.changed),
        ("missing", outcome.missing),
        ("added", outcome.added),
    ):
        for name in names:
            out.print(f"[bold red]{label:>8}[/] {escape(name)}", highlight=False)
    for problem in outcome.problems:
        out.print(f"[bold red] problem[/] {escape(problem)}", highlight=False)
    for warning in outcome.warnings:
        out.print(f"[yellow]Note:[/] {escape(warning)}", highlight=False)
    sys.exit(0 if outcome.ok else 1)


@main.command("suite-hashes")
@click.option(
    "--write",
    is_flag=True,
    help="Record the current suite as the released one (maintainers, when releasing).",
)
@click.option("--check", is_flag=True, help="Exit 1 if the suite differs from the recorded hashes.")
def suite_hashes(write: bool, check: bool) -> None:
    """Show (or record) the suite hash: the SHA-256 of every file of the installed package
    (checks, detectors, vocabularies, catalogue, verdict code) and of the suite (features,
    steps, conftest, target profiles). `run --pinned` compares against the recorded one;
    re-record after any change to any of them."""
    import json

    from firewall_conformance.scenario_suite import pinning

    current = pinning.current_hashes()
    if write:
        path = pinning.released_path()
        document = pinning.released_document(current)
        path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        out.print(
            f"Recorded {count(len(current), 'files')} in {path}", highlight=False, soft_wrap=True
        )
        return
    comparison = pinning.compare(current)
    if check:
        if comparison.matches:
            out.print(f"The suite matches released suite {comparison.released_version}.")
            return
        out.print(f"[bold red]Differs[/] from the released suite: {comparison.describe()}")
        sys.exit(1)
    out.print(json.dumps(pinning.released_document(current), indent=2), highlight=False)


@main.command()
@declared_option("target", required=True, help="Target profile (YAML) to validate.")
@base_url_option
@click.option(
    "--no-probe",
    is_flag=True,
    help="Validate the profile only: send nothing to the target (no credentials needed).",
)
@allow_paths_outside_option
def check(target: Path, base_url: str | None, no_probe: bool, allow_paths_outside: bool) -> None:
    """Validate a target profile and report, capability by capability and request by request,
    what is declared and what its answer holds. Only reads are sent (GET, HEAD); nothing is
    written to the target. Exit 0 all good, 2 something unreachable or not as declared,
    3 invalid."""
    from firewall_conformance.run.runner import load_profile_for_check, open_for_check
    from firewall_conformance.targets.base import CAPABILITIES
    from firewall_conformance.targets.http import HttpTarget, probe
    from firewall_conformance.targets.operation_probe import not_probed, probe_all
    from firewall_conformance.targets.profile import TargetProfile

    try:
        profile = load_profile_for_check(target, allow_paths_outside, base_url)
        opened = None if no_probe else open_for_check(profile)
    except HarnessError as exc:
        fail(str(exc))
    out.print(f"Profile {target} is valid: {profile.name} at {profile.base_url}", highlight=False)
    if not isinstance(profile, TargetProfile) or not isinstance(opened, HttpTarget | None):
        _check_adapter(profile.kind, opened)
    if opened is None:
        _print_requests(not_probed(profile.capabilities, "--no-probe"))
        return
    http_target = opened
    unreachable = _say_reachable(http_target)
    table = Table()
    table.add_column("Capability")
    table.add_column("Status")
    table.add_column("Detail")
    failures = bool(unreachable)
    for capability in CAPABILITIES:
        if unreachable and capability in http_target.capabilities():
            ok, detail = False, "target unreachable"
        else:
            ok, detail = probe(http_target, capability)
        declared = capability in http_target.capabilities()
        failures |= declared and not ok
        status = (
            "[green]ok[/]" if ok else ("[red]failed[/]" if declared else "[yellow]not declared[/]")
        )
        table.add_row(capability, status, detail)
    out.print(table)
    outcomes = [] if unreachable else probe_all(http_target)
    _print_requests(outcomes)
    failures |= any(o.ok is False for o in outcomes)
    sys.exit(2 if failures else 0)


def _say_reachable(target: Target) -> str | None:
    """Print whether `target` answers; why not (as the target said it, shown as typed)."""
    unreachable = target.reachable()
    out.print(
        f"Reachable: {'[red]no[/] — ' + escape(unreachable) if unreachable else '[green]yes[/]'}",
        highlight=False,
    )
    return unreachable


def _check_adapter(kind: str, adapter: Target | None) -> NoReturn:
    """`check` of a profile a vendor's code adapter opens: what the harness can see of it
    from outside (reachable, which capabilities it provides); its requests are its own code,
    so none is probed one by one, and the table says so rather than passing them."""
    out.print(f"Kind: {escape(kind)} (a code adapter; its requests are not probed one by one)")
    if adapter is None:
        sys.exit(0)
    unreachable = _say_reachable(adapter)
    from firewall_conformance.targets.base import CAPABILITIES

    table = Table()
    table.add_column("Capability")
    table.add_column("Status")
    provided = adapter.capabilities()
    for capability in CAPABILITIES:
        table.add_row(
            capability,
            "[green]provided[/]" if capability in provided else "[yellow]not provided[/]",
        )
    out.print(table)
    sys.exit(2 if unreachable else 0)


def _print_requests(outcomes: list[ProbeOutcome]) -> None:
    table = Table()
    table.add_column("Request", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Detail")
    for o in outcomes:
        status = {True: "[green]ok[/]", False: "[red]failed[/]", None: "[yellow]not probed[/]"}
        table.add_row(o.where, status[o.ok], escape(o.detail))
    out.print(table)


@main.command()
@click.option(
    "--openapi",
    "source",
    required=True,
    metavar="FILE|URL",
    help="The system's OpenAPI 3.0 or 3.1 document (JSON or YAML), a file or an http(s) URL.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the profile (never over an existing file); without it, to the output.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1, max=300),
    default=10.0,
    show_default=True,
    help="Seconds to wait for a URL's document, in all.",
)
def init(source: str, out: Path | None, timeout: float) -> None:
    """Write a commented target profile skeleton from a system's OpenAPI document: each request
    the harness makes matched to the document's operations, everything uncertain marked TODO,
    which `check` refuses until settled. Exit 0 written, 3 the document cannot be used."""
    from firewall_conformance.targets.openapi_init import skeleton
    from firewall_conformance.targets.openapi_source import OpenApiProblem, read_openapi

    try:
        text = skeleton(read_openapi(source, timeout), source)
        if out is not None:
            with out.open("x", encoding="utf-8") as written:
                written.write(text)
    except OpenApiProblem as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{out} cannot be written ({exc.strerror})")
    if out is None:
        click.echo(text, nl=False)
        return
    todo = text.count("TODO")
    err.print(
        f"Wrote {out}: {count(todo, 'TODO marks')} to settle, then `firewall-conformance check "
        f"--target {out}`",
        highlight=False,
    )


main.add_command(scan)
main.add_command(obligations)
main.add_command(serve_workbench)
main.add_command(install_report_generator)


@main.group()
def reference() -> None:
    """The embedded Exampleshire Constabulary reference system."""


@reference.command("serve")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@declared_option("reference_faults", help="Switch on a fault (repeatable).")
@click.option(
    "--mutant",
    "mutants",
    multiple=True,
    metavar="NAME",
    help="Self-test of the suite: wrap the system in a mutant, a realistic vendor bug "
    "(repeatable; `reference mutants` lists them).",
)
@click.option(
    "--dialect",
    type=click.Choice(list(REFERENCE_PROFILES)),
    default="api-v1",
    show_default=True,
    help="The API surface: api-v1 (bearer tokens over HTTP) or casebook (form sign-in, OAuth "
    "2.0 and client certificates over HTTPS).",
)
@click.option(
    "--folder",
    type=click.Path(path_type=Path, file_okay=False),
    help="Keep the database (and a casebook's certificates and profile) in this folder "
    "instead of a temporary one removed on exit.",
)
def serve(
    port: int,
    reference_faults: tuple[str, ...],
    mutants: tuple[str, ...],
    dialect: str,
    folder: Path | None,
) -> None:
    """Run the reference system until interrupted, printing what a target profile needs."""
    from firewall_conformance.reference.server import CASEBOOK, ReferenceServer
    from firewall_conformance.scenario_suite.files import reference_profile

    faults = reference_faults
    try:
        if folder is not None:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        server = ReferenceServer(
            faults=faults,
            port=port,
            mutants=mutants,
            dialect=dialect,
            db_path=folder / "rms.sqlite3" if folder is not None else None,
        )
    except (ValueError, OSError) as exc:
        fail(str(exc))

    def ready(srv: ReferenceServer) -> None:
        name = "casebook" if dialect == CASEBOOK else "RMS"
        err.print(
            f"Exampleshire Constabulary {name} at {srv.base_url} (faults: "
            f"{', '.join(faults) or 'none'}; mutants: {', '.join(mutants) or 'none'})",
            soft_wrap=True,
        )
        profile = reference_profile(dialect)
        if dialect == CASEBOOK and srv.directory is not None:
            profile = Path(shutil.copy(profile, srv.directory / profile.name))
            err.print(
                f"Its certificates and a copy of its profile are in {srv.directory}. Set these, "
                f"then: firewall-conformance run --target {profile} --base-url {srv.base_url} "
                "--allow-leftovers (it cannot delete persons)",
                soft_wrap=True,
                highlight=False,
            )
        else:
            err.print(f"Credentials for {profile.name} (set these before `run --target`):")
        for variable, value in srv.environment().items():
            out.print(f"export {variable}={value}", highlight=False)

    server.serve_forever(on_ready=ready)


@reference.command("mutants")
def list_mutants() -> None:
    """List the mutants `reference serve --mutant` accepts: name, class, obligations it
    should breach, and what it does (those a black-box harness cannot observe say why)."""
    from firewall_conformance.reference.mutants import MUTANTS

    table = Table()
    for column in ("Mutant", "Class", "Breaches", "What it does"):
        table.add_column(column)
    for m in MUTANTS.values():
        what = m.description + (
            f" [dim](unobservable: {escape(m.unobservable)})[/]" if m.unobservable else ""
        )
        table.add_row(m.name, m.kind, ", ".join(m.breaches), what)
    out.print(table)


reference.add_command(export_bundle)


@reference.command("export-personas")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def export_personas(file: Path) -> None:
    """Write the reference's known test persons (a victim, a witness and a suspect in one case,
    all invented) to FILE, in the shape `run --personas` reads."""
    import json

    from firewall_conformance.reference.known_cast import known_cast

    file.write_text(json.dumps(known_cast(), indent=2) + "\n", encoding="utf-8")
    err.print(f"Wrote the reference's known test persons to {file}.", highlight=False)
