"""Without the Allure generator, the note says how to get it in words that fit the install:
`make allure` only in a source checkout, never to someone who installed the wheel, who is told
of FWC_ALLURE instead (issue 16, item 6)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.installed_copy import installed_copy


def test_an_installed_copy_is_not_told_to_run_make(tmp_path):
    site = installed_copy(tmp_path)
    reports = tmp_path / "reports"
    (reports / "allure-results").mkdir(parents=True)
    (reports / "allure-results" / "one-result.json").write_text("{}", encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if k != "FWC_ALLURE"}
    completed = subprocess.run(
        [sys.executable, "-m", "firewall_conformance", "report", "--reports", str(reports)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**environment, "PYTHONPATH": str(site), "COLUMNS": "300"},
    )
    assert completed.returncode == 3, completed.stderr
    assert "make allure" not in completed.stderr
    assert "FWC_ALLURE" in completed.stderr and "allure@3" in completed.stderr
