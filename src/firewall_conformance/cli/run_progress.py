"""How `run` shows its progress: a live bar on a terminal; elsewhere (a CI log, the workbench's
run log) one plain line per scenario as it ends, after one line saying how many there are, so a
log read later or while it grows says how far the run got."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from firewall_conformance.model.results import ScenarioResult
from firewall_conformance.run.progress_line import starting

Advance = Callable[[str, ScenarioResult | None], None]
COLLECTED = "collected:"


@contextlib.contextmanager
def shown_on(console: Console) -> Iterator[Advance]:
    """The callback `execute` reports to: `collected:N` once, then each scenario's result."""
    if console.is_terminal:
        with _bar(console) as advance:
            yield advance
        return
    ended = expected = 0

    def line(event: str, scenario: ScenarioResult | None) -> None:
        nonlocal ended, expected
        if event.startswith(COLLECTED):
            expected = int(event.removeprefix(COLLECTED))
            console.print(starting(expected), highlight=False)
        elif scenario is not None:
            ended += 1
            console.print(
                f"[{ended}/{expected}] {scenario.outcome.value}: {scenario.name}",
                highlight=False,
                markup=False,
                soft_wrap=True,
            )

    yield line


@contextlib.contextmanager
def _bar(console: Console) -> Iterator[Advance]:
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task("scenarios", total=None)

        def advance(event: str, scenario: ScenarioResult | None) -> None:
            if event.startswith(COLLECTED):
                progress.update(task, total=int(event.removeprefix(COLLECTED)))
            elif scenario is not None:
                progress.update(
                    task,
                    advance=1,
                    description=f"{scenario.outcome.value:>12}: {scenario.name[:60]}",
                )

        try:
            yield advance
        finally:
            progress.stop()
