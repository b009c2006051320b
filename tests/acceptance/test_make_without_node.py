"""The README's `make run` on a machine with no Node.js that cannot get one: the suite still
runs, the verdict is the tool's own, and every report but the Allure HTML is written."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_without_node_still_gives_the_verdict_and_the_reports(tmp_path):
    tools = tmp_path / "bin"  # a PATH with make and a shell, but no node and no npm
    tools.mkdir()
    for name in ("make", "sh", "touch"):
        (tools / name).symlink_to(shutil.which(name))
    generator = tmp_path / "allure"  # a fresh folder, so make must try to install it
    reports = tmp_path / "reports"
    completed = subprocess.run(
        ["make", "--no-print-directory", "run", f"ALLURE={generator}", f"ARGS=--reports {reports}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={
            **os.environ,
            "PATH": str(tools),
            "FWC_NODE": str(tmp_path / "no-node-here"),  # and none may be found elsewhere
            "PIP_CONFIG_FILE": os.devnull,
            "PIP_NO_INDEX": "1",  # nor downloaded
            "COLUMNS": "200",
        },
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert "could not be installed; the suite runs without it" in output
    assert not (generator / "node_modules" / ".installed").exists()
    summary = json.loads((reports / "summary.json").read_text(encoding="utf-8"))
    assert summary["verdict"] == "CONFORMANT"
    for name in ("summary.md", "summary.html", "junit.xml", "evidence"):
        assert (reports / name).exists(), name
    assert any((reports / "allure-results").glob("*-result.json"))
    assert not (reports / "allure-report").exists()
    assert any("firewall-conformance report" in note for note in summary["notes"])
