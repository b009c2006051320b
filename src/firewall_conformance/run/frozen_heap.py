"""What a run keeps to its end, left out of Python's cyclic garbage collector while it runs,
and the collector run less often meanwhile.

Before its first scenario a run builds a large heap it keeps to the end (the modules, the
catalogue, the embedded reference, the collected suite); each full collection walked all of it
again, some six times a run, 0.3 s of a run's CPU (issue 17). Frozen, it is left alone, while
what the scenarios make is still collected; thawed at the end, so that a process running
several runs (the tests) still frees what one run left in cycles. The scenarios make and drop
many objects, and at Python's default of a young collection every 700 of them net, the young
and middle collections still took some 0.3 s of a run's CPU; every YOUNG_COLLECTION_EVERY
they take half that, and the cycles they free live a little longer.
"""

from __future__ import annotations

import gc

import pytest

YOUNG_COLLECTION_EVERY = 5000


class FrozenHeap:
    """A pytest plugin freezing the heap once the session has started and again once the
    suite is collected, collecting young objects less often meanwhile, and thawing the heap
    and restoring the collector's schedule when the session ends."""

    def __init__(self) -> None:
        self._thresholds: tuple[int, int, int] | None = None

    @pytest.hookimpl(trylast=True)
    def pytest_sessionstart(self) -> None:
        gc.freeze()
        young, middle, old = self._thresholds = gc.get_threshold()
        gc.set_threshold(max(young, YOUNG_COLLECTION_EVERY), middle, old)

    @pytest.hookimpl(trylast=True)
    def pytest_collection_finish(self) -> None:
        gc.freeze()

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self) -> None:
        gc.unfreeze()
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None
