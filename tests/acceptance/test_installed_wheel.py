"""The suite ships inside the wheel: an installed tool runs it without the source tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_wheel_carries_the_suite_and_runs_it_outside_the_source_tree(tmp_path):
    """Pinned: the installed wheel's files give the suite hash recorded from the source tree."""
    wheels, target = tmp_path / "wheels", tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(REPO)],
        check=True,
        timeout=300,
        capture_output=True,
    )
    [wheel] = wheels.glob("*.whl")
    subprocess.run(
        [*pip, "install", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        timeout=300,
        capture_output=True,
    )
    assert (target / "firewall_conformance" / "suite" / "features" / "access.feature").is_file()
    reports = tmp_path / "reports"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "firewall_conformance",
            "run",
            "--pinned",
            "--reports",
            str(reports),
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    summary = json.loads((reports / "summary.json").read_text())
    assert summary["verdict"] == "CONFORMANT"
    assert summary["target"]["profile"].startswith(str(target))
