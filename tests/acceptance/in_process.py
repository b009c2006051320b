"""The command line invoked in the test's own process, for the commands that must reach what
the process already holds (the Spark session of tests/conftest.py, `spark_for_commands`)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from firewall_conformance.cli.main import main
from tests.acceptance.conftest import CliRun


def invoked(*args: str, reports: Path | None = None) -> CliRun:
    """`firewall-conformance ARGS` as `cli` runs it, but in this process."""
    command = [*args, "--reports", str(reports)] if reports is not None else list(args)
    result = CliRunner().invoke(main, command, terminal_width=200)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return CliRun(result.exit_code, result.stdout, result.stderr, reports or Path())
