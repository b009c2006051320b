"""`pytest --fwc-target PROFILE` from a vendor's own pytest, in a folder of theirs: the
installed package's pytest11 entry point runs the packaged suite against their system and
exits with the run's code (issue 16, item 6). The package is installed from a wheel built
from this tree, as a vendor would have it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from firewall_conformance.reference.server import ReferenceServer
from tests.acceptance.conftest import server_env, write_profile
from tests.built_wheel import install_wheel


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return install_wheel(tmp_path_factory.mktemp("wheel"))


def _vendor_pytest(site: Path, folder: Path, server: ReferenceServer, obligation: str):
    profile = write_profile(folder, lambda d: d["target"].update(base_url=server.base_url))
    (folder / "test_their_own.py").write_text("def test_theirs():\n    assert True\n")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--fwc-target", str(profile), "--fwc-reports",
         str(folder / "conformance"), "--fwc-obligation", obligation],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **server_env(server), "PYTHONPATH": str(site)},
    )  # fmt: skip


def test_a_vendors_pytest_runs_the_packaged_suite_and_gets_conformant(site, tmp_path):
    with ReferenceServer() as server:
        completed = _vendor_pytest(site, tmp_path, server, "FW-03")
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    summary = json.loads((tmp_path / "conformance" / "summary.json").read_text())
    assert summary["headline"].startswith("CONFORMANT for FW-03 only")
    assert summary["target"]["profile"] == str(tmp_path / "profile.yaml")
    assert summary["headline"] in completed.stdout


def test_a_breach_is_exit_1_from_the_vendors_pytest(site, tmp_path):
    with ReferenceServer(faults=["FW-02"]) as server:
        completed = _vendor_pytest(site, tmp_path, server, "FW-02")
    assert completed.returncode == 1, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert "BREACH" in completed.stdout
