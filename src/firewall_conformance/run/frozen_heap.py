"""What a run keeps to its end, left out of Python's cyclic garbage collector while it runs.

Before its first scenario a run builds a large heap it keeps to the end (the modules, the
catalogue, the embedded reference, the collected suite); each full collection walked all of it
again, some six times a run, 0.3 s of a run's CPU (issue 17). Frozen, it is left alone, while
what the scenarios make is still collected; thawed at the end, so that a process running
several runs (the tests) still frees what one run left in cycles.
"""

from __future__ import annotations

import gc

import pytest


class FrozenHeap:
    """A pytest plugin freezing the heap once the session has started and again once the
    suite is collected, and thawing it when the session ends."""

    @pytest.hookimpl(trylast=True)
    def pytest_sessionstart(self) -> None:
        gc.freeze()

    @pytest.hookimpl(trylast=True)
    def pytest_collection_finish(self) -> None:
        gc.freeze()

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self) -> None:
        gc.unfreeze()
