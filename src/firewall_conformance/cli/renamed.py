"""Old spellings of renamed options, kept for one release: hidden from help, still accepted,
each use noted in one line, so a CI script that still uses one keeps working while it says
what to change. The old spellings are declared with their option (run/options.py)."""

from __future__ import annotations

import click

from firewall_conformance.cli.terminal import Terminal

err = Terminal(stderr=True)


def _spellings(command: click.Command) -> dict[str, str]:
    return {
        old: param.opts[0]
        for param in command.params
        for old in getattr(param, "old_spellings", ())
    }


def respelled(command: click.Command, args: list[str]) -> list[str]:
    """The command's arguments with every old spelling replaced by the new one."""
    spellings = _spellings(command)
    result: list[str] = []
    noted: set[str] = set()
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
