"""The self-tests' spreading over pytest-xdist workers (tests/scheduling.py): a costly shared
fixture is made once however many workers run, and the slow tests start first."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.scheduling import COSTLY_FIXTURES, WORKERS_PER_CORE, share_costly_fixtures

pytest_plugins = ["pytester"]

CHECKOUT = Path(__file__).resolve().parents[2]
# The self-tests' own hook, as tests/conftest.py loads it.
CONFTEST = "from tests.scheduling import pytest_collection_modifyitems  # noqa: F401\n"
MODULE = """
import pytest

@pytest.fixture(scope="module")
def fault_runs():
    with open({made!r}, "a") as made:
        made.write("made\\n")

@pytest.mark.parametrize("n", range(8))
def test_using(fault_runs, n):
    pass

@pytest.mark.parametrize("n", range(8))
def test_not_using(n):
    pass

@pytest.mark.slow
def test_slow_last_in_the_file():
    pass
"""


@pytest.fixture
def suite(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small suite whose module-scoped fixture notes each time it is made."""
    made = pytester.path / "made.txt"
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_suite=MODULE.format(made=str(made)))
    pytester.makeini("[pytest]\nmarkers =\n    slow: slow\n")
    # Only the plugins this needs: importing every installed one in three processes costs more
    # than the suite itself.
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(CHECKOUT), os.environ.get("PYTHONPATH", "")])
    )
    return made


def test_a_costly_fixture_is_made_once_across_two_workers(pytester: pytest.Pytester, suite: Path):
    """Before: the fault matrix's fourteen runs were made on both workers (two set-ups in CI's
    slowest ten, 67 s and 63 s); this suite's fixture was made twice."""
    result = pytester.runpytest_subprocess(
        "-p", "xdist.plugin", "-n", "2", "--dist", "loadgroup", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(passed=17)
    assert suite.read_text().splitlines() == ["made"]


def test_slow_tests_are_collected_first(pytester: pytest.Pytester, suite: Path):
    """Before: collection order, so a whole run at the end of a file started last."""
    result = pytester.runpytest_subprocess("--collect-only", "-q", "-p", "no:cacheprovider")
    listed = [line for line in result.outlines if "::" in line]
    assert listed[0].endswith("test_slow_last_in_the_file"), listed
    assert len(listed) == 17


def test_auto_starts_more_workers_than_cores_unless_told_how_many(
    pytester: pytest.Pytester, suite: Path, monkeypatch: pytest.MonkeyPatch
):
    """Before: one worker a core, and a core half idle while its worker's run waited on the
    reference (the detection matrix kept one of two cores busy)."""
    args = ("-p", "xdist.plugin", "-n", "auto", "--dist", "loadgroup", "-p", "no:cacheprovider")
    pytester.makeconftest(
        CONFTEST + "from tests.scheduling import pytest_xdist_auto_num_workers  # noqa: F401\n"
    )
    cores = len(os.sched_getaffinity(0))
    monkeypatch.delenv("PYTEST_XDIST_AUTO_NUM_WORKERS", raising=False)  # the user's own choice
    started = pytester.runpytest_subprocess(*args)
    started.assert_outcomes(passed=17)
    started.stdout.fnmatch_lines([f"*created: {WORKERS_PER_CORE * cores}/* workers*"])
    monkeypatch.setenv("PYTEST_XDIST_AUTO_NUM_WORKERS", "3")
    told = pytester.runpytest_subprocess(*args)
    told.stdout.fnmatch_lines(["*created: 3/3 workers*"])


def test_every_costly_fixture_is_defined_in_the_tests():
    """A renamed fixture would silently be made on every worker again."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (CHECKOUT / "tests").rglob("*.py"))
    missing = [n for n in COSTLY_FIXTURES if not re.search(rf"^def {n}\(", sources, re.M)]
    assert missing == []


class _Item:
    """What `share_costly_fixtures` reads of a collected test, and the markers it adds."""

    def __init__(self, *fixturenames: str) -> None:
        self.fixturenames, self.markers = fixturenames, []

    def get_closest_marker(self, name: str):
        return next((m for m in self.markers if m.name == name), None)

    def add_marker(self, marker) -> None:
        self.markers.append(marker.mark)


def test_the_offline_kits_two_tests_share_one_build():
    """Before: each worker that ran one of them built the kit (pip downloads, npm cache, a
    108 MB archive: 41 s and 21 s in CI, where the second test's own work takes a second)."""
    items = [_Item("kit", "tmp_path"), _Item("tmp_path", "kit")]
    share_costly_fixtures(items)
    assert [item.get_closest_marker("xdist_group").args for item in items] == [("kit",)] * 2
