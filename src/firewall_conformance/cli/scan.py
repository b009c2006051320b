"""`firewall-conformance scan`: look for victims' and witnesses' immigration data, and for
planted personas, in exports an inspector holds."""

from __future__ import annotations

import json
import secrets
import sys
from dataclasses import asdict
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from firewall_conformance.detect.batch import Batch, scan_files
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.documents import InvalidDocument
from firewall_conformance.personas import load_personas

out = Console()
err = Console(stderr=True)


def _text(batch: Batch) -> None:
    for status in batch.status:
        out.print(
            f"[bold]{escape(status.source)}[/]: {status.records:,} records, {status.format}",
            highlight=False,
        )
        for f in status.findings:
            out.print(
                f"  record {f.record}, {escape(f.field)}: {f.category} of a {f.role} ({escape(f.person)}); "
                f"value of {f.value_length} characters, hash {f.value_hash}",
                highlight=False,
            )
    for report in batch.canaries:
        for f in report.findings:
            marker = "" if f.identifying else " (supporting only)"
            out.print(
                f"  {escape(report.source)}, {f.unit} {f.record}, {escape(f.field)}: {f.persona}'s "
                f"{f.attribute.replace('_', ' ')} [dim]({f.variant})[/]{marker}",
                highlight=False,
            )
    for problem in batch.unreadable:
        out.print(f"[red]not read[/] {escape(problem)}", highlight=False)
    verdict = {1: "[red]FOUND[/]", 0: "[green]nothing found[/]", 2: "[yellow]INCOMPLETE[/]"}[
        batch.exit_code
    ]
    out.print(
        f"{verdict}: {batch.findings} findings in {batch.records:,} records; {len(batch.unreadable)} not read"
    )


def _json(batch: Batch) -> str:
    def report(r: object) -> dict:
        data = asdict(r)  # type: ignore[call-overload]
        data["findings"] = [f.to_json() for f in r.findings]  # type: ignore[attr-defined]
        return data

    return json.dumps(
        {
            "exit_code": batch.exit_code,
            "status": [report(r) for r in batch.status],
            "canaries": [report(r) for r in batch.canaries],
            "unreadable": batch.unreadable,
        },
        indent=2,
    )


@click.command()
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False)
)
@click.option(
    "--personas",
    "personas_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="JSON list of planted personas to look for too (as `scan_bench.py --keep` writes).",
)
@click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--as",
    "fmt",
    type=click.Choice(["csv", "ndjson", "json", "xml"]),
    help="Read every file as this format (default: from each file's name).",
)
@click.option(
    "--encoding",
    help="The files' text encoding when they carry no BOM (default: UTF-8, else Latin-1).",
)
def scan(
    paths: tuple[Path, ...],
    personas_file: Path | None,
    output: str,
    fmt: str | None,
    encoding: str | None,
) -> None:
    """Scan export files (CSV, NDJSON, JSON, XML; gzip or zip) for immigration-status data on
    victims and witnesses and, with --personas, for planted personas in every variant. Values
    are never printed: a finding shows where, the length and a hash salted for this run only.

    Exit 1 when anything is found, 0 when every file was read and nothing found, 2 when
    something could not be read, 3 for bad arguments."""
    matcher = None
    if personas_file is not None:
        try:
            matcher = CanaryMatcher.for_personas(load_personas(personas_file))
        except InvalidDocument as exc:
            err.print(
                f"[bold red]ERROR[/] invalid personas file {escape(str(exc))}", highlight=False
            )
            sys.exit(3)
    batch = scan_files(list(paths), secrets.token_bytes(16), matcher, fmt, encoding)
    if output == "json":
        click.echo(_json(batch))
    else:
        _text(batch)
    sys.exit(batch.exit_code)
