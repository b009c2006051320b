"""pytest-xdist's main process caches the rewritten test modules its workers then read."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from _pytest.assertion.rewrite import PYC_TAIL, _read_pyc

from tests.rewrite_cache import pytest_sessionstart


def _session(
    config: pytest.Config, root: Path, plugins: set[str], args: tuple[str, ...] = ("tests",)
) -> SimpleNamespace:
    stand_in = SimpleNamespace(
        pluginmanager=SimpleNamespace(has_plugin=lambda name: name in plugins),
        getoption=config.getoption,
        getini=config.getini,
        stash=config.stash,
        rootpath=root,
        args=list(args),
        invocation_params=SimpleNamespace(dir=root),
    )
    return SimpleNamespace(config=stand_in)


def _tree(root: Path) -> dict[str, Path]:
    (root / "tests" / "unit").mkdir(parents=True)
    files = {
        "test": root / "tests" / "unit" / "test_sums.py",
        "conftest": root / "tests" / "conftest.py",
        "helper": root / "tests" / "unit" / "helpers.py",
    }
    for path in files.values():
        path.write_text("def test_sum():\n    assert 1 + 1 == 2\n", encoding="utf-8")
    return files


def _cached(source: Path) -> Path:
    return source.parent / "__pycache__" / (source.stem + PYC_TAIL)


def test_the_main_process_writes_what_each_worker_would_rewrite(
    pytestconfig, tmp_path, monkeypatch
):
    monkeypatch.setattr("sys.dont_write_bytecode", True)  # as PYTHONDONTWRITEBYTECODE sets it
    files = _tree(tmp_path)
    pytest_sessionstart(_session(pytestconfig, tmp_path, {"dsession"}))
    for name in ("test", "conftest"):
        assert _read_pyc(files[name], _cached(files[name])) is not None, name
    assert not _cached(files["helper"]).exists()  # pytest does not rewrite it either


def test_only_the_modules_the_run_collects(pytestconfig, tmp_path):
    files = _tree(tmp_path)
    other = tmp_path / "tests" / "unit" / "test_other.py"
    other.write_text("def test_other():\n    assert True\n", encoding="utf-8")
    args = ("tests/unit/test_sums.py::test_sum",)
    pytest_sessionstart(_session(pytestconfig, tmp_path, {"dsession"}, args))
    assert _cached(files["test"]).exists() and _cached(files["conftest"]).exists()
    assert not _cached(other).exists()


def test_a_run_without_workers_writes_nothing(pytestconfig, tmp_path):
    files = _tree(tmp_path)
    pytest_sessionstart(_session(pytestconfig, tmp_path, set()))
    assert not any(_cached(path).exists() for path in files.values())
