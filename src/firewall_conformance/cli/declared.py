"""Click options made from the run options' one declaration (run/options.py): `run` takes all
of them, and every other command that takes one of them (`--target`, `--reports`,
`--reference-fault`, …) takes it from here, with its own help where its meaning is narrower."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from firewall_conformance.run.options import CliForm, run_option_forms

F = TypeVar("F", bound=Callable[..., Any])


class Seconds(click.FloatRange):
    """A time bound: a positive, finite number of seconds. A float range alone takes nan,
    which no elapsed time ever reaches, so nothing would be stopped, and inf, no bound."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        seconds = super().convert(value, param, ctx)
        if not math.isfinite(seconds):
            self.fail(f"{value} is not a finite number of seconds.", param, ctx)
        return seconds


_TYPES: dict[str, Callable[[CliForm], click.ParamType[Any, Any] | None]] = {
    "file": lambda form: click.Path(path_type=Path, dir_okay=False),
    "folder": lambda form: click.Path(path_type=Path, file_okay=False),
    "seconds": lambda form: Seconds(min=0, min_open=True),
    "text": lambda form: click.Choice(form.choice_list()) if form.choices else None,
    "many": lambda form: None,
    "flag": lambda form: None,
    "toggle": lambda form: None,
}


class DeclaredOption(click.Option):
    """A click option that knows which run option it is and its old spellings (cli/renamed.py
    accepts those, with a note)."""

    def __init__(
        self,
        *args: Any,
        declared_as: str,
        old_spellings: tuple[str, ...] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.declared_as = declared_as
        self.old_spellings = old_spellings


def declared_option(name: str, **overrides: Any) -> Callable[[F], F]:
    """The click option of the run option `name`; `overrides` (help, required, …) narrow it
    for a command other than `run`."""
    default, form = run_option_forms()[name]
    settings: dict[str, Any] = {
        "help": form.help,
        "type": _TYPES[form.kind](form),
        "metavar": form.metavar,
        "show_default": form.show_default,
        "is_flag": True if form.kind == "flag" else None,
        "multiple": form.kind == "many",
    }
    if form.kind != "many" and default is not None:
        # Click 8.5 takes an explicit None for a default given: `required` would never ask.
        settings["default"] = default
    settings.update(overrides)
    return click.option(
        form.flag,
        name,
        cls=DeclaredOption,
        declared_as=name,
        old_spellings=form.old_spellings,
        **settings,
    )


def run_options(command: F) -> F:
    """Every run option, in the declaration's order."""
    for name in reversed(run_option_forms()):
        command = declared_option(name)(command)
    return command
