"""Control characters from a target, an export or a file name are shown, never obeyed: the
CLI's consoles and summary.md write them as their codes."""

from __future__ import annotations

import io

from rich.markup import escape
from rich.table import Table

from firewall_conformance.cli import main, scan
from firewall_conformance.cli.terminal import Terminal
from firewall_conformance.wording.control_characters import visible

# Up a line, erase it, write a verdict; an OSC 8 link; a right-to-left override.
REWRITE = "\x1b[1A\x1b[2KCONFORMANT"
LINK = "\x1b]8;;https://evil.invalid\x1b\\here\x1b]8;;\x1b\\"
REVERSED = "\u202etxt.exe"


def test_every_control_character_but_line_breaks_and_tabs_is_written_as_its_code():
    assert visible(REWRITE) == "\\x1b[1A\\x1b[2KCONFORMANT"
    assert visible(REVERSED) == "\\u202etxt.exe"
    assert visible("a\tb\nc\rd\x00e\x9bf") == "a\tb\nc\\x0dd\\x00e\\x9bf"
    assert visible("Zoë, 12 Main St.") == "Zoë, 12 Main St."
    assert visible("\udc80\ufffe") == "\\udc80\\ufffe"  # nothing XML or a terminal takes


def test_the_clis_consoles_show_escape_sequences_in_printed_text_and_table_cells():
    # Before: rich drops a bell or a carriage return but writes ESC on, so an escape sequence
    # in a target's reason or an export's field name reached the terminal whole.
    assert all(isinstance(c, Terminal) for c in (main.out, main.err, scan.out, scan.err))
    shown = io.StringIO()
    console = Terminal(file=shown, force_terminal=True, width=200)
    console.print(f"[bold]BREACH[/] {escape(REWRITE + LINK + REVERSED)}", highlight=False)
    table = Table()
    table.add_column("detail")
    table.add_row(LINK)
    console.print(table)
    written = shown.getvalue()
    assert "\x1b[1A" not in written and "\x1b]8" not in written and "\u202e" not in written
    assert "\x1b[1m" in written  # the console's own styles still work
    assert "\\x1b[1A\\x1b[2KCONFORMANT" in written
