"""What self-tests of both kinds share: one Spark session for the whole test run."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

# The tests that share one JVM go to one pytest-xdist worker (`--dist loadgroup`).
SPARK_GROUP = pytest.mark.xdist_group("spark")


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A local Spark session on two cores, started once: each start of its JVM costs seconds."""
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install '.[spark]')")
    from firewall_conformance.detect.spark.session import spark_session

    with spark_session("local[2]") as session:
        yield session


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "spark" in getattr(item, "fixturenames", ()):
            item.add_marker(SPARK_GROUP)
