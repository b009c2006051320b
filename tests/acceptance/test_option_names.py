"""One spelling per idea across commands (issue 16, item 6): a reference fault is
`--reference-fault` and a reports folder `--reports` everywhere. The old spellings still work
for one release, hidden from help, each use saying in one line what replaced it."""

from __future__ import annotations

import click
from click.testing import CliRunner

from firewall_conformance.cli import main as cli_main

OLD_SPELLINGS = {"--fault"}


def _visible_options(group: click.Group, path: str = "") -> dict[str, set[str]]:
    found = {}
    for name, command in group.commands.items():
        where = f"{path} {name}".strip()
        if isinstance(command, click.Group):
            found |= _visible_options(command, where)
            continue
        found[where] = {
            opt for p in command.params if not getattr(p, "hidden", False) for opt in p.opts
        }
    return found


def test_each_idea_has_one_spelling():
    options = _visible_options(cli_main.main)
    assert not {c: o & OLD_SPELLINGS for c, o in options.items() if o & OLD_SPELLINGS}
    for command in ("run", "reference serve", "reference export-bundle"):
        assert "--reference-fault" in options[command], command
    for command in ("run", "cleanup", "verify", "report"):
        assert "--reports" in options[command], command


def test_the_old_fault_spelling_still_works_and_says_what_replaced_it():
    result = CliRunner().invoke(cli_main.main, ["reference", "serve", "--fault", "FW-99"])
    notes = [line for line in result.output.splitlines() if "--fault" in line]
    assert notes == [
        "Note: --fault is now --reference-fault; the old spelling goes in the next release."
    ], result.output
    assert result.exit_code == 3 and "FW-99" in result.output  # the fault reached the server


def test_verify_takes_the_reports_folder_as_an_option_and_still_as_an_argument(tmp_path):
    runner = CliRunner()
    new = runner.invoke(cli_main.main, ["verify", "--reports", str(tmp_path)])
    old = runner.invoke(cli_main.main, ["verify", str(tmp_path)])
    assert new.exit_code == old.exit_code == 1, new.output + old.output
    assert "NOT VERIFIED" in new.output and "NOT VERIFIED" in old.output
    assert "deprecated" not in new.output
    assert "Note: `verify REPORTS` is now `verify --reports REPORTS`" in old.output
