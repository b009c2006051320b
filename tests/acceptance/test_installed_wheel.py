"""The suite ships inside the wheel: an installed tool runs it without the source tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.built_wheel import install_wheel


def test_wheel_carries_the_suite_and_runs_it_outside_the_source_tree(tmp_path):
    """Pinned: the installed wheel's files give the suite hash recorded from the source tree,
    every feature and step file counted, whichever obligations run. One obligation is enough
    to run the suite from the wheel (~2 CPU-s instead of a whole run's ~10); the Allure report
    from an installed package is the offline kit's test's."""
    target = install_wheel(tmp_path)
    assert (target / "firewall_conformance" / "suite" / "features" / "access.feature").is_file()
    reports = tmp_path / "reports"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "firewall_conformance",
            "run",
            "--pinned",
            "--obligation",
            "FW-02",
            "--no-html",
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
