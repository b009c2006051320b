"""The run's options are declared once, in the library (run/options.py), and the command line
is made from that declaration: `run --help` cannot drift from what the library accepts, and a
choice is listed in one place (issue 17)."""

from __future__ import annotations

import dataclasses

import click
from click.testing import CliRunner

from firewall_conformance.cli import main as cli_main
from firewall_conformance.obligations.modes import SCOPES
from firewall_conformance.run.options import ENGINES, RunOptions, cli_form


def _declared() -> dict[str, object]:
    return {f.name: cli_form(f) for f in dataclasses.fields(RunOptions) if cli_form(f)}


def _run_options() -> dict[str, click.Option]:
    command = cli_main.main.commands["run"]
    return {p.name: p for p in command.params if isinstance(p, click.Option) and p.name != "help"}


def test_every_option_of_run_is_a_declared_run_option_and_back():
    assert set(_run_options()) == set(_declared())


def test_run_help_says_what_the_declaration_says():
    result = CliRunner().invoke(cli_main.main, ["run", "--help"], terminal_width=400)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    for name, form in _declared().items():
        assert form.flag.split("/")[0] in text, name
        assert " ".join(form.help.split()) in text, name
        for choice in form.choice_list():
            assert choice in text, (name, choice)


def test_the_choices_are_the_librarys():
    options = _run_options()
    assert list(options["scope"].type.choices) == list(SCOPES)
    assert list(options["engine"].type.choices) == list(ENGINES)
    assert options["reports"].default == RunOptions.__dataclass_fields__["reports"].default


def test_the_commands_that_repeat_a_run_option_take_it_from_the_declaration():
    declared = _declared()
    commands = {
        ("cleanup",): ("target", "reports", "cleanup_budget", "allow_paths_outside"),
        ("check",): ("target", "base_url", "allow_paths_outside"),
        ("scan",): ("engine", "master"),
        ("obligations",): ("jurisdiction",),
        ("reference", "serve"): ("reference_faults",),
        ("reference", "export-bundle"): ("reference_faults",),
    }
    for path, names in commands.items():
        command = cli_main.main
        for part in path:
            command = command.commands[part]
        flags = {p.name: p for p in command.params}
        for name in names:
            option = next(p for p in command.params if declared[name].flag.split("/")[0] in p.opts)
            assert getattr(option, "declared_as", None) == name, (path, name, flags)


def test_an_old_spelling_is_declared_with_its_option():
    form = _declared()["reference_faults"]
    assert "--fault" in form.old_spellings


def test_a_bound_in_seconds_must_be_a_finite_number():
    """A time bound of nan never stops anything (every comparison with it is false), and inf
    is no bound: both are refused where the option is read, as 0 and negatives are."""
    for command in (["cleanup"], ["run"]):
        for option in ("--cleanup-budget", "--deadline"):
            if command == ["cleanup"] and option == "--deadline":
                continue
            for value in ("nan", "inf", "-inf"):
                result = CliRunner().invoke(cli_main.main, [*command, option, value])
                assert result.exit_code != 0 and "Invalid value" in result.output, (
                    command,
                    option,
                    value,
                    result.output,
                )


def test_a_command_that_requires_a_target_says_so_when_none_is_given(tmp_path):
    """Click 8.5 takes an explicit default of None for a value given, so a declared option
    marked required was never asked for: `cleanup` without --target ended in an unexpected
    AttributeError instead of naming the missing option."""
    for command in (["cleanup", "--reports", str(tmp_path)], ["check"]):
        result = CliRunner().invoke(cli_main.main, command)
        assert result.exit_code == 3, (command, result.output)
        assert "--target" in result.output and "unexpected" not in result.output, (
            command,
            result.output,
        )
