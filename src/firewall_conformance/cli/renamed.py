"""Old spellings of renamed options, kept for one release: hidden from help, still accepted,
each use noted in one line, so a CI script that still uses one keeps working while it says
what to change."""

from __future__ import annotations

from collections.abc import Callable

import click
from rich.console import Console

err = Console(stderr=True)
_ATTRIBUTE = "renamed_options"


def renamed(**old_to_new: str) -> Callable[[click.Command], click.Command]:
    """Mark a command's old option spellings: `@renamed(fault="reference-fault")`."""

    def mark(command: click.Command) -> click.Command:
        spellings = {f"--{old}": f"--{new}" for old, new in old_to_new.items()}
        setattr(command, _ATTRIBUTE, spellings)
        return command

    return mark


def respelled(command: click.Command, args: list[str]) -> list[str]:
    """The command's arguments with every old spelling replaced by the new one."""
    spellings: dict[str, str] = getattr(command, _ATTRIBUTE, {})
    result, noted = [], set()
    for position, arg in enumerate(args):
        if arg == "--":
            return result + args[position:]
        old, equals, value = arg.partition("=")
        if old in spellings:
            if old not in noted:
                err.print(
                    f"Note: {old} is now {spellings[old]}; the old spelling goes in the next "
                    "release.",
                    highlight=False,
                    soft_wrap=True,
                )
                noted.add(old)
            arg = spellings[old] + equals + value
        result.append(arg)
    return result
