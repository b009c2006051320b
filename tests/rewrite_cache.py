"""The test modules' rewritten asserts cached once, before pytest-xdist's workers start.

pytest rewrites a test module's asserts when it imports it and keeps the result in __pycache__
only where bytecode may be written: with PYTHONDONTWRITEBYTECODE set (as in many CI images)
every worker rewrote all ~240 modules while collecting, ~3.6 CPU-s each. The main process
writes them once; a worker reads them (pytest reads a cached module whatever
PYTHONDONTWRITEBYTECODE says, and takes it only while the source's size and time match), and
a run without workers rewrites as it always did.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _pytest.assertion.rewrite import (
    PYC_TAIL,
    _read_pyc,
    _rewrite_test,
    _write_pyc,
    assertstate_key,
    get_cache_dir,
)

TESTS = "test_*.py"  # the project's python_files (pytest's default)


def _collected(config: pytest.Config) -> list[Path]:
    """The test modules under the paths this run collects, and every conftest."""
    found = set((config.rootpath / "tests").rglob("conftest.py"))
    for arg in config.args:
        path = config.invocation_params.dir / arg.split("::", 1)[0]
        if path.is_dir():
            found.update(path.rglob(TESTS))
        elif path.match(TESTS):
            found.add(path)
    return sorted(found)


def pytest_sessionstart(session: pytest.Session) -> None:
    """In pytest-xdist's main process, before its workers start (it starts them last)."""
    config = session.config
    distributed = config.pluginmanager.has_plugin("dsession")
    if not distributed or config.getoption("assertmode") != "rewrite":
        return
    state = config.stash[assertstate_key]
    for source in _collected(config):
        cached = get_cache_dir(source) / (source.name.removesuffix(".py") + PYC_TAIL)
        if _read_pyc(source, cached) is None:
            cached.parent.mkdir(exist_ok=True)
            source_hash, code = _rewrite_test(source, config)
            _write_pyc(state, code, source_hash, cached)
