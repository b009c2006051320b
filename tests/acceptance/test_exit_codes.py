"""The README's exit-code table is the contract a CI gate reads: every usage error of every
command is ERROR (3) with one line saying what is wrong, never 2, the code for INCONCLUSIVE,
which a gate that tolerates INCONCLUSIVE would let through (issue 16, item 1)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from firewall_conformance.cli import main as cli_main
from firewall_conformance.model.results import RunVerdict

ROOT = Path(__file__).resolve().parents[2]


def _command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and sub-command of the CLI, so a new one is covered without listing it."""
    paths = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            paths += _command_paths(command, (*prefix, name))
        else:
            paths.append((*prefix, name))
    return paths


def _invoke(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli_main.main, list(args))
    return result.exit_code, [line for line in result.output.splitlines() if line.strip()]


@pytest.mark.parametrize("path", _command_paths(cli_main.main), ids=" ".join)
def test_an_unknown_option_exits_3_with_one_line(path):
    code, lines = _invoke(*path, "--no-such-option")
    assert code == 3, lines
    assert len(lines) == 1, lines
    assert "--no-such-option" in lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ("run", "--scope", "everything"),
        ("run", "--profile", "xx"),
        ("run", "--deadline", "-4"),
        ("run", "--obligation"),
        ("verify", "--reports", "/no/such/reports/folder"),
        ("check",),
        ("reference", "serve", "--port", "http"),
        ("no-such-command",),
    ],
    ids=" ".join,
)
def test_a_bad_value_or_missing_argument_exits_3_with_one_line(args):
    code, lines = _invoke(*args)
    assert code == 3, lines
    assert len(lines) == 1, lines


def test_the_installed_command_exits_3_on_a_mistyped_option():
    completed = subprocess.run(
        [sys.executable, "-m", "firewall_conformance", "run", "--bogus"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 3, completed.stderr
    assert completed.stderr.strip().count("\n") == 0, completed.stderr
    assert "--bogus" in completed.stderr


def _readme_exit_codes() -> dict[str, int]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("| run verdict | when | exit code |", 1)[1].split("\n\n", 1)[0]
    rows = re.findall(r"^\| (\w+) \|.*\| (\d) \|$", table, flags=re.MULTILINE)
    return {verdict: int(code) for verdict, code in rows}


def test_the_readme_table_is_the_code():
    assert _readme_exit_codes() == {v.value: v.exit_code for v in RunVerdict}
    assert RunVerdict.ERROR.exit_code == cli_main.ERROR_EXIT


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--target", "/no/such/profile.yaml"),
        ("cleanup", "--target", "/no/such/profile.yaml"),
        ("init", "--openapi", "/no/such/openapi.json"),
        ("scan", "/no/such/export.csv"),
        ("run", "--target", "/no/such/profile.yaml"),
        ("run", "--bundle", "/no/such/bundle"),
    ],
    ids=" ".join,
)
def test_a_missing_file_exits_3_with_one_error_line(args, tmp_path):
    code, lines = _invoke(*args, *(("--reports", str(tmp_path)) if args[0] == "run" else ()))
    errors = [line for line in lines if line.startswith("ERROR")]
    assert code == 3, lines
    assert len(errors) == 1 and "/no/such/" in errors[0], lines
    assert lines[-1] == errors[0], lines  # nothing after it: the message is whole on its line
