"""An installed package (no source checkout beside it) and the Allure generator: without it,
the note says how to get it in words that fit the install — `make allure` only in a source
checkout, `install-report-generator` for an installed package — and that command installs the
pinned generator from the lock file the package ships, once, after which `report` builds the
HTML."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.installed_copy import installed_copy


def _tool(site: Path, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("FWC_ALLURE", "FWC_NODE")}
    return subprocess.run(
        [sys.executable, "-m", "firewall_conformance", *args],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=site.parent,
        env={**environment, "PYTHONPATH": str(site), "XDG_DATA_HOME": str(data), "COLUMNS": "300"},
    )


def test_an_installed_copy_is_not_told_to_run_make(tmp_path):
    site = installed_copy(tmp_path)
    reports = tmp_path / "reports"
    (reports / "allure-results").mkdir(parents=True)
    (reports / "allure-results" / "one-result.json").write_text("{}", encoding="utf-8")
    completed = _tool(site, tmp_path / "data", "report", "--reports", str(reports))
    assert completed.returncode == 3, completed.stderr
    assert "make allure" not in completed.stderr
    assert "firewall-conformance install-report-generator" in completed.stderr
    assert "FWC_ALLURE" in completed.stderr


def test_an_installed_copy_installs_the_pinned_generator_once_then_builds_the_report(
    tmp_path, signed_clean_run
):
    """Before: an installed package's users were told to run npm themselves and set FWC_ALLURE."""
    site, data = installed_copy(tmp_path), tmp_path / "data"
    reports = tmp_path / "reports"
    shutil.copytree(signed_clean_run.reports / "allure-results", reports / "allure-results")

    first = _tool(site, data, "install-report-generator")
    folder = data / "firewall-conformance" / "allure"
    assert first.returncode == 0, first.stdout + first.stderr
    assert f"Installed Allure 3.18.0 in {folder}." in " ".join(first.stdout.split())
    again = _tool(site, data, "install-report-generator")
    assert again.returncode == 0 and "Already installed: Allure 3.18.0" in again.stdout

    built = _tool(site, data, "report", "--reports", str(reports))
    assert built.returncode == 0, built.stdout + built.stderr
    assert (reports / "allure-report" / "index.html").stat().st_size > 100_000


def test_without_node_nothing_is_marked_installed_and_the_message_says_what_to_do(tmp_path):
    site, data = installed_copy(tmp_path), tmp_path / "data"
    environment = {"FWC_NODE": str(tmp_path / "no-node-here")}
    completed = subprocess.run(
        [sys.executable, "-m", "firewall_conformance", "install-report-generator"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **environment, "PYTHONPATH": str(site), "XDG_DATA_HOME": str(data)},
    )
    assert completed.returncode == 3
    assert "No Node.js 20 or newer with npm was found" in completed.stderr
    assert "pip install 'firewall-conformance[report]'" in completed.stderr
    assert not (data / "firewall-conformance" / "allure" / "node_modules").exists()
