"""The one fork server of a pytest worker, shared by the whole runs (acceptance/forked_runs.py)
and the scan's worker pools (unit/forked_workers.py).

multiprocessing keeps a single fork server per process, and its preload is fixed when it first
starts: two callers that each set their own preload got whichever asked first, so the whole runs
of a worker could fork from a server that had not imported the tool (about a CPU second more a
run) and the scan workers from one without the detectors' vocabularies. Both are preloaded here,
once: every module of the tool (acceptance/run_preload.py) and the vocabularies built from the
package's own files (unit/warm_detectors.py).
"""

from __future__ import annotations

import atexit
import multiprocessing
import multiprocessing.forkserver
from multiprocessing.context import ForkServerContext

PRELOAD = ["tests.acceptance.run_preload", "tests.unit.warm_detectors"]
_server: ForkServerContext | None = None


def fork_server() -> ForkServerContext:
    """This worker's fork server, started at its first use with PRELOAD imported."""
    global _server
    if _server is None:
        _server = multiprocessing.get_context("forkserver")
        _server.set_forkserver_preload(PRELOAD)
        # Stopped and waited for when the worker ends: no server outlives its tests, and its
        # CPU time counts in the worker's (`/usr/bin/time` of the test run sees it).
        atexit.register(multiprocessing.forkserver._forkserver._stop)
    return _server
