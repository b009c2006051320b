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
)
SLOW = "slow"


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
