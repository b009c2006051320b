"""How the self-tests are spread over pytest-xdist's workers (`make test`: `--dist loadgroup`).

A module- or session-scoped fixture is made once per worker that runs a test using it, so a
fixture that costs whole runs (the fault matrix's fourteen, the shared signed clean run), an
install or a JVM was made on every worker. Every test using one such fixture goes to one
worker, as one group, and the slow tests start first, so no long test is left running alone at
the end while the other workers have nothing to do.

pytest-xdist 3.8 names a test's group by setting `item._nodeid`, which pytest 9.2 no longer
reads (a node's id is the NodeId in `item._id`): `--dist loadgroup` grouped nothing, and every
worker started its own JVM. The hook below hands xdist's name on to where pytest reads it; it
does nothing once xdist sets the id itself.
"""

from __future__ import annotations

import os
from collections.abc import Generator

import pytest
from _pytest.nodeid import NodeId

# The fixtures that cost seconds to make, each made once for every test that uses it. The
# first a test uses names its group: a Spark test shares the one JVM even where it also uses
# a module's own exports.
COSTLY_FIXTURES = (
    "spark",
    "signed_clean_run",
    "fault_runs",
    "breach",
    "installed",
    "site",
    "bundles",
    "clean_bundle",
    "leaking_bundle",
    "leaky_reference",
    "casebook",
    "kit",
    "secret_bearing_run",
)
SLOW = "slow"
# Workers per usable core for `--numprocesses auto`. A whole run is a client and the reference
# server answering one another in turn, with observation windows between: on a quiet 2-core
# machine the detection matrix at two workers kept one core busy (218 CPU-s in 218 s).
WORKERS_PER_CORE = 2


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """Two workers for every core this process may use, so one worker's run waiting on its
    server or a window leaves the core to another's. PYTEST_XDIST_AUTO_NUM_WORKERS, when set,
    still decides (pytest-xdist's own hook reads it)."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    return WORKERS_PER_CORE * len(os.sched_getaffinity(0))


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> Generator[None]:
    """Group and order before pytest-xdist reads the groups; name them where pytest looks."""
    share_costly_fixtures(items)
    slow_first(items)
    result = yield
    for item in items:
        grouped = getattr(item, "_nodeid", None)
        if grouped is not None and grouped != item.nodeid:
            item._id = NodeId.parse(grouped)
    return result


def share_costly_fixtures(items: list[pytest.Item]) -> None:
    """Put every test using a fixture of COSTLY_FIXTURES into that fixture's xdist group."""
    for item in items:
        uses = set(getattr(item, "fixturenames", ()))
        first = next((name for name in COSTLY_FIXTURES if name in uses), None)
        if first is not None and item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(first))


def slow_first(items: list[pytest.Item]) -> None:
    """Order the slow tests (whole runs, Spark) before the rest, keeping each part's order."""
    items.sort(key=lambda item: item.get_closest_marker(SLOW) is None)
