"""The tests' stand-in for the scan's spawned workers (`forked_workers.py`) keeps what spawn
proves about them: the work is done in other processes, and every job reaches them pickled."""

import os
import pickle
import sys

import pytest

from firewall_conformance.detect.linescan import in_workers
from firewall_conformance.detect.status_literals import status_literals
from tests.unit.forked_workers import forked_workers  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("forked_workers")


def _where_and_warm(_: object) -> tuple[int, bool]:
    return os.getpid(), status_literals.cache_info().currsize == 1


def _holds_the_run(_: object) -> bool:
    return "firewall_conformance.run.runner" in sys.modules


def test_jobs_run_in_other_processes_that_hold_the_vocabulary_built():
    done = [result for _, result in in_workers(_where_and_warm, (), iter(range(4)), 2, "x")]
    assert os.getpid() not in {pid for pid, _ in done}
    assert all(warm for _, warm in done)


def test_a_job_that_cannot_be_pickled_fails_as_under_spawn():
    with pytest.raises((pickle.PicklingError, AttributeError)):
        list(in_workers(abs, (), iter([lambda: -1]), 2, "x"))


def test_the_whole_runs_of_the_same_worker_fork_from_a_server_that_imported_the_tool():
    """Before: this stand-in and forked_runs.py each set the one fork server's preload, and
    whichever asked first won: the whole runs could fork from a server that held only the
    detectors, each then importing the tool again."""
    done = [held for _, held in in_workers(_holds_the_run, (), iter(range(2)), 2, "x")]
    assert done == [True, True]
