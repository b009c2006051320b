"""The benchmark times the canary scan and ripgrep fairly: the file is read once before either
is timed (whichever went first used to pay for the disk), and with repeats they take turns to
go first."""

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).parents[2] / "benchmarks" / "scan_bench.py"


def _bench():
    spec = importlib.util.spec_from_file_location("scan_bench_under_test", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_file_is_warmed_first_and_the_tools_take_turns(monkeypatch, tmp_path):
    bench = _bench()
    calls: list[str] = []
    monkeypatch.setattr(bench, "warm", lambda path: calls.append("warm"))
    monkeypatch.setattr(
        bench, "scan_in_child", lambda path, personas: calls.append("scan") or {"seconds": 1.0}
    )
    monkeypatch.setattr(bench, "ripgrep", lambda path, patterns: calls.append("rg") or (2.0, 1.5))
    scans, rgs = bench.timed_rounds("export.ndjson", [], tmp_path / "patterns.txt", 3)
    assert calls == ["warm", "scan", "rg", "rg", "scan", "scan", "rg"]
    assert len(scans) == len(rgs) == 3
