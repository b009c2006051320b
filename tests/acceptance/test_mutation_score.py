"""Mutation testing as a self-test (issue 13): every realistic vendor bug wrapped around the
reference must make the run not CONFORMANT, except those declared unobservable.

The mutants that survive today are listed in surviving_mutants.txt and marked xfail one by one
(never the whole test): the list shrinks as detectors land, and a listed mutant that is caught
shows as XPASS. A mutant's run takes its own obligations first and stops at the first
failure (`run --stop-at-first-failure`), as mutation tools do: a kill needs one failure, and
a survivor still gets the whole run, but for a mutant seen only by a claim over the whole run
once the outbound window has passed, whose run takes those obligations alone (run_mutant).
Each mutant's run is made by its own test, so pytest-xdist spreads the runs over its workers;
their seconds are printed in pytest's terminal summary. A mutant declared unobservable is asserted on by no test, so it is not run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from firewall_conformance.reference.mutants import MUTANTS
from firewall_conformance.reference.mutants.scoring import SURVIVED, run_mutant
from tests.acceptance.conftest import timed
from tests.acceptance.forked_runs import run_command

pytestmark = pytest.mark.slow

SURVIVING = {
    line.split("#", 1)[0].strip()
    for line in (Path(__file__).with_name("surviving_mutants.txt")).read_text().splitlines()
} - {""}


def test_the_survivor_list_names_only_known_mutants():
    assert not SURVIVING - MUTANTS.keys(), sorted(SURVIVING - MUTANTS.keys())


def _cases():
    for name, mutant in MUTANTS.items():
        if mutant.unobservable:
            continue
        marks = (
            [pytest.mark.xfail(strict=False, reason="survives today; see surviving_mutants.txt")]
            if name in SURVIVING
            else []
        )
        yield pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("name", list(_cases()))
def test_no_observable_mutant_comes_out_conformant(name: str, tmp_path: Path, record_property):
    run = timed(
        "mutation score",
        record_property,
        lambda: run_mutant(MUTANTS[name], tmp_path, stop_at_first_failure=True, launch=run_command),
    )
    assert run.status != SURVIVED, f"{name} survived ({run.why()})"
    assert run.run_verdict != "NO SUMMARY", run.output[-3000:]
    # What the stop or the narrowing left NOT TESTED keeps a run from being CONFORMANT: such a
    # run counts as a kill only through a scenario that failed.
    assert run.failures or not (run.stopped or run.narrowed), run.output[-3000:]
    assert not (tmp_path / "reports" / "summary.pdf").exists()  # a verdict is all it needs
