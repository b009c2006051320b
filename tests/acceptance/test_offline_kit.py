"""The offline kit (`make kit`): built here with network, installed and run where there is
none (a network namespace with only loopback), the HTML report included; a kit with one file
changed installs nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _offline(command: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """`command` in a network namespace of its own: loopback only, no route anywhere."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        pytest.fail("needs unshare and ip (util-linux, iproute2) to take the network away")
    environment = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "PYTHON": sys.executable,
        "COLUMNS": "200",
    }
    return subprocess.run(
        ["unshare", "--net", "sh", "-c", f"ip link set lo up && {command}"],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kit")
    built = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build-offline-kit"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=1200,
        env={**os.environ, "PIP_CONFIG_FILE": os.devnull},
    )
    assert built.returncode == 0, built.stdout + built.stderr
    [archive] = out.glob("firewall-conformance-kit-0.1.0-linux-*-py3*.tar.gz")
    with tarfile.open(archive) as tar:
        tar.extractall(out / "unpacked", filter="data")
    [folder] = (out / "unpacked").iterdir()
    return folder


def test_the_kit_installs_and_runs_with_no_network(kit: Path, tmp_path: Path) -> None:
    installed = _offline("./install.sh", kit, tmp_path)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert "Installed Allure 3.18.0" in installed.stdout
    reports = tmp_path / "reports"
    ran = _offline(
        f"./venv/bin/firewall-conformance run --obligation FW-02 --no-pdf --reports {reports}",
        kit,
        tmp_path,
    )
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    assert json.loads((reports / "summary.json").read_text())["verdict"] == "CONFORMANT"
    assert (reports / "allure-report" / "index.html").stat().st_size > 100_000


def test_a_kit_with_a_changed_file_installs_nothing(kit: Path, tmp_path: Path) -> None:
    copy = tmp_path / "kit"
    shutil.copytree(kit, copy, ignore=shutil.ignore_patterns("venv"))
    [wheel] = (copy / "wheels").glob("firewall_conformance-*.whl")
    wheel.write_bytes(wheel.read_bytes() + b"\0")
    refused = _offline("./install.sh", copy, tmp_path)
    assert refused.returncode != 0
    assert f"wheels/{wheel.name}: FAILED" in refused.stdout + refused.stderr
    assert not (copy / "venv").exists()
