"""Worker processes for tests that cut small files into many chunks, forked from one server
that imported the detectors and built their vocabularies once.

The scan starts a fresh pool of `spawn`ed interpreters for every file it splits (linescan.
`in_workers`): on real exports one start per file is nothing, but a test that splits thirty small
files into 700-byte chunks started some two hundred interpreters, each importing the package and
building the status vocabulary again, which was most of its CPU. Under `forked_workers` the pool
is the product's own, and every job, result, initializer argument and worker function still
crosses the process boundary pickled (a forkserver pickles what a worker starts with, as spawn
does); only the interpreter start is shared. A fresh spawned interpreter is still proved by the
tests that leave it alone: `test_one_pass.py::test_each_file_is_read_once_by_one_set_of_workers`,
`test_worker_death.py` and every whole run that scans in workers.
"""

from __future__ import annotations

import multiprocessing
from types import SimpleNamespace

import pytest

from firewall_conformance.detect import linescan
from tests.fork_server import fork_server


def _forkserver(method: str) -> multiprocessing.context.BaseContext:
    assert method == "spawn", f"the scan asked for {method!r} workers; this stand-in serves spawn"
    return fork_server()


@pytest.fixture
def forked_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan's worker pools start from the shared server instead of a new interpreter each."""
    monkeypatch.setattr(linescan, "multiprocessing", SimpleNamespace(get_context=_forkserver))
