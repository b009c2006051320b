"""The plain progress a run writes where there is no terminal, and the workbench's reading of
its first line."""

from __future__ import annotations

import io

from rich.console import Console

from firewall_conformance.cli.run_progress import shown_on
from firewall_conformance.model.results import ScenarioOutcome, ScenarioResult
from firewall_conformance.run.progress_line import expected_in


def test_off_a_terminal_each_scenario_is_one_line_after_the_count():
    written = io.StringIO()
    console = Console(file=written, force_terminal=False, width=40)
    name = ("A status check [on a victim] is refused " * 3).strip()
    ended = ScenarioResult(name, "f", ("FW-02",), ScenarioOutcome.BREACH, "why")
    with shown_on(console) as advance:
        advance("collected:2", None)
        advance("scenario", ended)
    lines = written.getvalue().splitlines()
    assert lines[0] == "Running 2 scenarios in scope."
    # Whole, whatever the width, and brackets in a name are not taken as markup.
    assert lines[1] == f"[1/2] breach: {ended.name}"
    assert expected_in(written.getvalue()) == 2
    assert expected_in("Running 1 scenario in scope.\n") == 1
    assert expected_in("firewall-conformance 0.1.0: running\n") is None
