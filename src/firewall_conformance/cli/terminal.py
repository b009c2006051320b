"""The one kind of console the CLI writes with: every string it is given, markup included,
has its control characters made visible before rich reads it (wording.control_characters), so
no target, export or file name can write an escape sequence to the inspector's terminal.
rich strips a few controls (bell, carriage return) but passes ESC on."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from firewall_conformance.wording.control_characters import visible


class Terminal(Console):
    """A rich Console whose strings (printed, or cells of a table) are shown, not obeyed."""

    def render_str(self, text: str, **options: Any) -> Text:
        return super().render_str(visible(text), **options)
