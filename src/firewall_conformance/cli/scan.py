"""`firewall-conformance scan`: look for victims' and witnesses' immigration data, and for
planted personas, in exports an inspector holds."""

from __future__ import annotations

import json
import secrets
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click
from rich.markup import escape

from firewall_conformance.cli.declared import declared_option
from firewall_conformance.cli.failure import fail
from firewall_conformance.cli.terminal import Terminal
from firewall_conformance.detect.batch import Batch, scan_files
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import ScanReport
from firewall_conformance.detect.spark.inputs import refusal
from firewall_conformance.detect.spark.session import SparkEngineError, spark_session
from firewall_conformance.detect.status import StatusReport
from firewall_conformance.inputs.documents import InvalidDocument
from firewall_conformance.persons.personas import load_personas
from firewall_conformance.wording.plural import count

out = Terminal()
err = Terminal(stderr=True)


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
        for hit in report.findings:
            marker = "" if hit.identifying else " (supporting only)"
            out.print(
                f"  {escape(report.source)}, {hit.unit} {hit.record}, {escape(hit.field)}: "
                f"{hit.persona}'s {hit.attribute.replace('_', ' ')} [dim]({hit.variant})[/]{marker}",
                highlight=False,
            )
    for problem in batch.unreadable:
        out.print(f"[red]not read[/] {escape(problem)}", highlight=False)
    for status in batch.status:
        for f in status.unbound:
            out.print(
                f"  {escape(status.source)}, record {f.record}, {escape(f.field)}: {f.category} "
                "of a person whose role cannot be told",
                highlight=False,
            )
        if status.roles_unknown:
            why = (
                f"immigration-status data in {count(len(status.unbound), 'fields')} is on a "
                "person whose role cannot be told (no role, a role it does not know, or more "
                "than one person it could be on)"
                if status.names_roles
                else "no record names a person's role"
            )
            out.print(
                f"[yellow]roles unknown[/] {escape(status.source)}: {why}, so it cannot say "
                "whether the data is on a victim or a witness",
                highlight=False,
            )
    verdict = {1: "[red]FOUND[/]", 0: "[green]nothing found[/]", 2: "[yellow]INCONCLUSIVE[/]"}[
        batch.exit_code
    ]
    out.print(
        f"{verdict}: {count(batch.findings, 'findings')} in {count(batch.records, 'records')}; "
        f"{len(batch.unreadable)} not read; {len(batch.roles_unknown)} with roles unknown"
    )


def _json(batch: Batch) -> str:
    def report(r: ScanReport | StatusReport) -> dict[str, Any]:
        data = asdict(r)
        data["findings"] = [f.to_json() for f in r.findings]
        if isinstance(r, StatusReport):
            data["unbound"] = [f.to_json() for f in r.unbound]
        return data

    return json.dumps(
        {
            "exit_code": batch.exit_code,
            "status": [report(r) for r in batch.status],
            "canaries": [report(r) for r in batch.canaries],
            "unreadable": batch.unreadable,
            "roles_unknown": batch.roles_unknown,
        },
        indent=2,
    )


_EXISTING_FILE = click.Path(path_type=Path, exists=True, dir_okay=False)
_UTF8 = ("utf-8", "utf8", "utf-8-sig")


def _spark_batch(
    paths: tuple[str, ...],
    master: str | None,
    salt: bytes,
    matcher: CanaryMatcher | None,
    fmt: str | None,
    encoding: str | None,
) -> Batch:
    """The same scan on Spark; what Spark cannot take is refused before it starts."""
    if encoding and encoding.lower() not in _UTF8:
        fail("the Spark engine reads UTF-8 only (with or without a byte-order mark)")
    for path in paths:
        problem = refusal(path.rstrip("/").rsplit("/", 1)[-1], fmt)
        if problem:
            fail(f"{path}: {problem}")
    try:
        with spark_session(master) as spark:
            # Imported here: pyspark is an optional extra, needed only for this engine.
            from firewall_conformance.detect.spark.engine import scan_with_spark

            return scan_with_spark(spark, paths, salt, matcher, fmt)
    except SparkEngineError as exc:
        fail(str(exc))


@click.command()
@click.argument("paths", nargs=-1, required=True)
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
    type=click.Choice(["csv", "ndjson", "json", "xml", "parquet"]),
    help="Read every file as this format (default: from each file's name; parquet with "
    "--engine spark only).",
)
@click.option(
    "--encoding",
    help="The files' text encoding when they carry no BOM (default: UTF-8, else Latin-1).",
)
@declared_option(
    "engine",
    help="spark: scan CSV, NDJSON and Parquet as partitioned input on Spark (local paths or "
    "any URI, glob or directory Spark reads); needs the [spark] extra and Java.",
)
@declared_option("master")
@click.pass_context
def scan(
    ctx: click.Context,
    paths: tuple[str, ...],
    personas_file: Path | None,
    output: str,
    fmt: str | None,
    encoding: str | None,
    engine: str,
    master: str | None,
) -> None:
    """Scan export files (CSV, NDJSON, JSON, XML; gzip or zip) for immigration-status data on
    victims and witnesses and, with --personas, for planted personas in every variant. Values
    are never printed: a finding shows where, the length and a hash salted for this run only.

    Exit 1 when anything is found, 0 when every file was read and nothing found, 2 when
    something could not be read, a file holds records but names no one's role, or it holds
    status data of a person whose role cannot be told (roles unknown), 3 for bad arguments or
    when Spark cannot run."""
    if master and engine != "spark":
        fail("--master applies to --engine spark only")
    files: list[Path] = []
    if engine == "embedded":
        if fmt == "parquet":
            fail("Parquet is read by --engine spark only")
        param = next(p for p in ctx.command.params if p.name == "paths")
        files = [_EXISTING_FILE.convert(p, param, ctx) for p in paths]
    matcher = None
    if personas_file is not None:
        try:
            matcher = CanaryMatcher.for_personas(load_personas(personas_file))
        except InvalidDocument as exc:
            fail(f"invalid personas file {exc}")
    salt = secrets.token_bytes(16)
    if engine == "spark":
        batch = _spark_batch(paths, master, salt, matcher, fmt, encoding)
    else:
        batch = scan_files(files, salt, matcher, fmt, encoding)
    if output == "json":
        click.echo(_json(batch))
    else:
        _text(batch)
    sys.exit(batch.exit_code)
