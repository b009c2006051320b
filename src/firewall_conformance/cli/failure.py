"""How every command stops when it cannot go on: one line on standard error, whatever the
terminal's width, and ERROR's exit code 3 — the README's contract for a CI gate."""

from __future__ import annotations

import sys
from typing import NoReturn

from rich.markup import escape

from firewall_conformance.cli.terminal import Terminal
from firewall_conformance.model.results import RunVerdict

ERROR_EXIT = RunVerdict.ERROR.exit_code
err = Terminal(stderr=True)


def say_error(message: str) -> None:
    """The one-line ERROR message (markup in `message` is shown as typed)."""
    err.print(f"[bold red]ERROR[/] {escape(message)}", highlight=False, soft_wrap=True)


def fail(message: str) -> NoReturn:
    """Say what went wrong on one line, then exit 3."""
    say_error(message)
    sys.exit(ERROR_EXIT)
