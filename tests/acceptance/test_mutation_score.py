"""Mutation testing as a self-test (issue 13): every realistic vendor bug wrapped around the
reference must make the run not CONFORMANT, except those declared unobservable.

The mutants that survive today are listed in surviving_mutants.txt and marked xfail one by one
(never the whole test): the list shrinks as detectors land, and a listed mutant that is caught
shows as XPASS. All runs go in parallel, SCORE_WORKERS at a time; the wall time is printed in
pytest's terminal summary.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from firewall_conformance.reference.mutants import MUTANTS
from firewall_conformance.reference.mutants.scoring import SURVIVED, MutantRun, run_all
from tests.acceptance.conftest import SUMMARY_LINES

SCORE_WORKERS = 2
SURVIVING = {
    line.split("#", 1)[0].strip()
    for line in (Path(__file__).with_name("surviving_mutants.txt")).read_text().splitlines()
} - {""}


@pytest.fixture(scope="module")
def runs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    started = time.monotonic()
    results = run_all(workers=SCORE_WORKERS, folder=tmp_path_factory.mktemp("mutants"))
    seconds = time.monotonic() - started
    request.config.stash[SUMMARY_LINES] = [
        *request.config.stash.get(SUMMARY_LINES, []),
        f"mutation score: {len(results)} runs in {seconds:.1f} s wall ({SCORE_WORKERS} at a time)",
    ]
    return {r.mutant.name: r for r in results}


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
def test_no_observable_mutant_comes_out_conformant(runs: dict[str, MutantRun], name: str):
    run = runs[name]
    survivors = sorted(
        n for n, r in runs.items() if r.status == SURVIVED and not r.mutant.unobservable
    )
    assert run.status != SURVIVED, f"{name} survived ({run.why()}); all survivors: {survivors}"
    assert run.run_verdict != "NO SUMMARY", run.output[-3000:]
