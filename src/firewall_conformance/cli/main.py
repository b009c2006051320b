"""`firewall-conformance`: run the suite, check a target profile, serve the reference system."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from firewall_conformance import __version__
from firewall_conformance.reporting.wording import RUN_VERDICT_MEANING
from firewall_conformance.results import RunResult, ScenarioResult, Verdict
from firewall_conformance.runner import HarnessError, RunOptions, execute

ERROR_EXIT = 3
_STYLE = {
    "COMPLIANT": "green",
    "CONFORMANT": "bold green",
    "BREACH": "bold red",
    "INCONCLUSIVE": "yellow",
    "NOT TESTED": "yellow",
    "WAIVED": "cyan",
    "ERROR": "bold red",
}

out = Console()
err = Console(stderr=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="firewall-conformance")
def main() -> None:
    """Test whether a police data system keeps victims' and witnesses' data away from
    immigration enforcement, and produce evidence of what was found."""


def _print_result(result: RunResult) -> None:
    style = _STYLE[result.verdict.value]
    out.print(f"\n[{style}]{result.verdict.value}[/] — {RUN_VERDICT_MEANING[result.verdict]}")
    out.print(result.reason, highlight=False)
    table = Table(box=None, show_header=False, padding=(0, 1))
    table.add_column("Verdict", no_wrap=True, min_width=12)
    table.add_column("Obligation", ratio=1)
    for o in result.obligations:
        text = f"{o.obligation.id} {o.obligation.title}"
        if o.verdict is not Verdict.COMPLIANT:
            text += f"\n[dim]{escape(o.reason)}[/]"
        table.add_row(f"[{_STYLE[o.verdict.value]}]{o.verdict.value}[/]", text)
    out.print(table)
    for note in result.notes:
        out.print(f"[yellow]Note:[/] {escape(note)}", highlight=False)


@main.command()
@click.option(
    "--target",
    "target",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Target profile (YAML). Without it, the embedded reference system is started.",
)
@click.option(
    "--reports",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("reports"),
    show_default=True,
    help="Where the reports and evidence are written.",
)
@click.option(
    "--reference-fault",
    "faults",
    multiple=True,
    metavar="FW-NN",
    help="Switch on a fault in the embedded reference system (repeatable).",
)
@click.option(
    "--obligation",
    "obligations",
    multiple=True,
    metavar="FW-NN",
    help="Run only these obligations (repeatable); the rest are reported NOT TESTED.",
)
def run(
    target: Path | None, reports: Path, faults: tuple[str, ...], obligations: tuple[str, ...]
) -> None:
    """Run the firewall obligations against a target and write the reports.

    Exit codes: 0 CONFORMANT, 1 BREACH, 2 INCONCLUSIVE, 3 ERROR.
    """
    options = RunOptions(
        target=target, reports=reports, reference_faults=list(faults), obligations=list(obligations)
    )
    where = target or "the embedded reference system" + (
        f" with faults {', '.join(faults)}" if faults else ""
    )
    err.print(f"firewall-conformance {__version__}: running against {where}", highlight=False)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    ) as progress:
        task = progress.add_task("scenarios", total=None)

        def advance(event: str, scenario: ScenarioResult | None) -> None:
            if event.startswith("collected:"):
                progress.update(task, total=int(event.split(":", 1)[1]))
            elif scenario is not None:
                progress.update(
                    task,
                    advance=1,
                    description=f"{scenario.outcome.value:>12}: {scenario.name[:60]}",
                )

        try:
            result = execute(options, advance)
        except HarnessError as exc:
            progress.stop()
            err.print(f"[bold red]ERROR[/] {exc}", highlight=False)
            sys.exit(ERROR_EXIT)
    _print_result(result)
    out.print(
        f"\nReports: {reports}/summary.md, summary.json, junit.xml, allure-results/",
        highlight=False,
    )
    sys.exit(result.verdict.exit_code)


@main.command()
@click.option(
    "--target",
    "target",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Target profile (YAML) to validate.",
)
def check(target: Path) -> None:
    """Validate a target profile and report, capability by capability, what is declared and
    reachable. Writes nothing to the target. Exit 0 all good, 2 something unreachable, 3 invalid."""
    from firewall_conformance.runner import load_target_for_check
    from firewall_conformance.targets.base import CAPABILITIES
    from firewall_conformance.targets.http import probe

    try:
        http_target = load_target_for_check(target)
    except HarnessError as exc:
        err.print(f"[bold red]ERROR[/] {exc}", highlight=False)
        sys.exit(ERROR_EXIT)
    out.print(
        f"Profile {target} is valid: {http_target.profile.name} at {http_target.profile.base_url}"
    )
    unreachable = http_target.reachable()
    out.print(
        f"Reachable: {'[red]no[/] — ' + unreachable if unreachable else '[green]yes[/]'}",
        highlight=False,
    )
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
    sys.exit(2 if failures else 0)


@main.group()
def reference() -> None:
    """The embedded Exampleshire Constabulary reference system."""


@reference.command("serve")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--fault", "faults", multiple=True, metavar="FW-NN", help="Switch on a fault (repeatable)."
)
def serve(port: int, faults: tuple[str, ...]) -> None:
    """Run the reference system until interrupted, printing its tokens for a target profile."""
    from firewall_conformance.reference.server import ReferenceServer
    from firewall_conformance.runner import reference_environment

    try:
        server = ReferenceServer(faults=faults, port=port)
    except ValueError as exc:
        err.print(f"[bold red]ERROR[/] {exc}", highlight=False)
        sys.exit(ERROR_EXIT)

    def ready(srv: ReferenceServer) -> None:
        err.print(
            f"Exampleshire Constabulary RMS at {srv.base_url} (faults: {', '.join(faults) or 'none'})"
        )
        err.print(
            "Credentials for fixtures/targets/reference.yaml (set these before `run --target`):"
        )
        for name, value in reference_environment(srv.tokens).items():
            out.print(f"export {name}={value}", highlight=False)

    server.serve_forever(on_ready=ready)
