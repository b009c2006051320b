"""CI runs the suite the way the README's `make run` does, and gates on the tool's own exit
code: GNU make reports every failing recipe as its own 2 (INCONCLUSIVE's code), so the README
gives CI `scripts/run-suite`, which sets up as `make run` does and then exits with the tool's
code (issue 16, item 1)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def _installed(tmp_path: Path) -> dict[str, str]:
    """make variables naming an environment and a report generator already set up, so
    `make setup` has nothing to do (it would otherwise build a virtual environment here)."""
    venv, allure = tmp_path / "venv", tmp_path / "allure"
    (venv / "bin").mkdir(parents=True)
    tool = venv / "bin" / "firewall-conformance"
    tool.write_text(f'#!/bin/sh\nexec {sys.executable} -m firewall_conformance "$@"\n')
    tool.chmod(0o755)
    (allure / "node_modules").mkdir(parents=True)
    (venv / ".installed").touch()
    (allure / "node_modules" / ".installed").touch()
    return {"VENV": str(venv), "ALLURE": str(allure)}


def _run_suite(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "scripts" / "run-suite"), *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **_installed(tmp_path)},
    )


def test_a_breach_exits_1_through_the_script(tmp_path):
    reports = tmp_path / "reports"
    args = ["--reference-fault", "FW-02", "--obligation", "FW-02", "--no-html"]
    completed = _run_suite(tmp_path, *args, "--reports", str(reports))
    assert completed.returncode == 1, completed.stdout[-2000:] + completed.stderr[-2000:]
    assert json.loads((reports / "summary.json").read_text())["verdict"] == "BREACH"


def test_a_mistyped_option_exits_3_through_the_script(tmp_path):
    completed = _run_suite(tmp_path, "--bogus")
    assert completed.returncode == 3, completed.stderr
    assert "--bogus" in completed.stderr
