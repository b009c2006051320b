"""Every command's error shows what was typed as typed: a path or a value holding rich markup
such as `[bold]x[/bold]` is printed literally, neither styled away nor a crash (issue 17: the
error printer was copied, and one copy missed the escaping)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from firewall_conformance.cli import main as cli_main

MARKUP = "[bold]x[/bold]"
MISSING = f"/no/such/{MARKUP}"


@pytest.mark.parametrize(
    "args",
    [
        ("run", "--target", f"{MISSING}.yaml"),
        ("run", "--bundle", MISSING),
        ("run", "--reference-fault", MARKUP),
        ("run", "--scope", MARKUP),
        ("cleanup", "--target", f"{MISSING}.yaml"),
        ("check", "--target", f"{MISSING}.yaml"),
        ("init", "--openapi", f"{MISSING}.json"),
        ("scan", f"{MISSING}.csv"),
        ("obligations", "--profile", MARKUP),
        ("verify", "--reports", MISSING),
        ("report", "--reports", MISSING),
        ("suite-hashes", f"--{MARKUP}"),
        ("reference", "serve", "--reference-fault", MARKUP),
        ("reference", "export-bundle", "--reference-fault", MARKUP, MISSING),
        ("reference", "export-personas", f"{MISSING}/cast.json"),
        ("reference", "mutants", MARKUP),
    ],
    ids=" ".join,
)
def test_an_error_shows_markup_as_typed(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    extra = ("--reports", str(tmp_path / "reports"), "--no-html") if args[0] == "run" else ()
    result = CliRunner().invoke(cli_main.main, [*args, *extra])
    assert result.exit_code == 3, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and MARKUP in errors[0], result.output
    shown = [line for line in result.output.splitlines() if "x" in line and "no/such" in line]
    assert all(MARKUP in line for line in shown), result.output
