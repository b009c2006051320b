"""The tests' whole runs are forked from a preloaded server (forked_runs.py): each must still be
a run of its own, as a fresh process is, with its own environment, output and limits."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from firewall_conformance.detect.engines import ENGINE_VARIABLE
from tests.acceptance.conftest import QUICK, cli
from tests.acceptance.forked_runs import StuckRun, _forkable

pytestmark = pytest.mark.slow

# Its scenario scans a case file with the canary matcher, which the engine variable chooses.
OBLIGATION = "FW-06"


def _results(reports: Path) -> list[Path]:
    return sorted((reports / "allure-results").glob("*-result.json"))


def test_a_run_after_a_faulty_one_in_the_same_worker_starts_clean(tmp_path: Path):
    """The first run breaks the reference, forces an engine that does not exist and registers
    its steps and Allure listener; none of it may reach the run after it."""
    faulty = cli(
        "run", *QUICK, "--reference-fault", OBLIGATION, "--obligation", OBLIGATION,
        reports=tmp_path / "faulty",
    )  # fmt: skip
    assert faulty.code == 1, faulty.stdout + faulty.stderr
    assert faulty.verdicts[OBLIGATION] == "BREACH", faulty.summary
    broken = cli(
        "run", *QUICK, "--obligation", OBLIGATION,
        reports=tmp_path / "broken", env={ENGINE_VARIABLE: "no-such-engine"},
    )  # fmt: skip
    assert broken.verdicts[OBLIGATION] == "INCONCLUSIVE", broken.stdout + broken.stderr
    assert ENGINE_VARIABLE not in os.environ

    clean = cli("run", *QUICK, "--obligation", OBLIGATION, reports=tmp_path / "clean")

    assert clean.code == 0, clean.stdout + clean.stderr
    assert clean.verdicts[OBLIGATION] == "COMPLIANT", clean.summary
    assert "CONFORMANT" in clean.stdout
    # One scenario, one Allure result: a listener left from the first run would write twice.
    assert len(_results(clean.reports)) == len(_results(faulty.reports)) == 1


def test_a_failing_run_shows_its_output():
    result = cli("run", "--no-such-option")
    assert result.code == 3  # ERROR: the run could not start
    assert "No such option" in result.stderr, result.stdout + result.stderr


def test_a_run_over_its_time_is_stopped_with_what_it_printed_and_where_it_was(tmp_path: Path):
    """The run is FW-01's, which waits out the reference's 10-second outbound window, so it
    is still going at 3 seconds while spending little: a whole run spent them working."""
    with pytest.raises(StuckRun) as stopped:
        cli("run", *QUICK, "--obligation", "FW-01", reports=tmp_path / "r", timeout=3)
    said = str(stopped.value)
    assert "timed out after 3 seconds" in said and "firewall-conformance" in said
    assert "Thread 0x" in said and 'File "' in said, said  # its threads' stacks


def test_a_run_over_its_memory_limit_fails_alone(tmp_path: Path):
    result = cli("run", *QUICK, reports=tmp_path / "r", max_memory_bytes=64 * 1024**2)
    assert result.code != 0, result.stdout + result.stderr


def test_a_run_that_starts_python_differently_is_started_afresh():
    command = [sys.executable, "-m", "firewall_conformance", "--help"]
    assert _forkable(command, dict(os.environ))
    assert not _forkable(command, {**os.environ, "PYTHONPATH": "/elsewhere"})
    assert not _forkable(["firewall-conformance", "--help"], dict(os.environ))
