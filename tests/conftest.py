"""What self-tests of both kinds share: one Spark session for the whole test run, how the tests
are spread over pytest-xdist's workers (scheduling.py), their rewritten asserts cached before
the workers start (rewrite_cache.py), and the seconds of the matrices' whole runs added up at
its end. Hooks that report live here, in the conftest pytest-xdist's main process always
loads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from tests.rewrite_cache import pytest_sessionstart  # noqa: F401 (a hook pytest finds here)
from tests.scheduling import (  # noqa: F401 (hooks pytest finds here)
    pytest_collection_modifyitems,
    pytest_xdist_auto_num_workers,
)

# The property a matrix test records its whole run's seconds under, with the matrix's name
# (tests/acceptance/conftest.py, timed); properties reach the main process with each report.
RUN_SECONDS = "whole run seconds"
_MATRIX_SECONDS: dict[str, list[float]] = defaultdict(list)


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A local Spark session on two cores, started once: each start of its JVM costs seconds."""
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install '.[spark]')")
    from firewall_conformance.detect.spark.session import spark_session

    with spark_session("local[2]") as session:
        yield session


@pytest.fixture
def spark_for_commands(spark: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """`run --engine spark` and `scan --engine spark` invoked in this process (click's
    CliRunner) are handed the one session instead of starting a JVM of their own (~15 CPU-s
    each). How a command starts its own is proved once, by test_bundles_spark.py's run through
    the command line."""

    @contextmanager
    def started(master: str | None = None) -> Iterator[Any]:
        yield spark

    # The runner imports spark_session when a run asks for Spark; scan imported it at its own.
    monkeypatch.setattr("firewall_conformance.detect.spark.session.spark_session", started)
    monkeypatch.setattr("firewall_conformance.cli.scan.spark_session", started)
    return spark


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        for name, value in report.user_properties:
            if name == RUN_SECONDS:
                _MATRIX_SECONDS[value[0]].append(value[1])


def pytest_terminal_summary(terminalreporter) -> None:
    for matrix, seconds in _MATRIX_SECONDS.items():
        runs = f"{len(seconds)} run" + ("s" if len(seconds) != 1 else "")
        terminalreporter.write_line(
            f"{matrix}: {runs}, {sum(seconds):.1f} s in all, the longest {max(seconds):.1f} s"
        )
