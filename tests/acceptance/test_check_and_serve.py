"""`check --target` and `reference serve`, as a vendor would use them."""

from __future__ import annotations

import os
import subprocess
import sys

import requests

from firewall_conformance.targets.base import CAPABILITIES
from tests.acceptance.conftest import cli, server_env, write_profile


def test_check_reports_each_capability_of_a_live_target(tmp_path, reference_server):
    profile = write_profile(
        tmp_path, lambda d: d["target"].update(base_url=reference_server.base_url)
    )
    result = cli("check", "--target", str(profile), env=server_env(reference_server))
    assert result.code == 0, result.stdout + result.stderr
    for capability in CAPABILITIES:
        assert capability in result.stdout
    assert "failed" not in result.stdout


def test_check_flags_a_declared_capability_that_does_not_answer(tmp_path, reference_server):
    def break_search(document):
        document["target"]["base_url"] = reference_server.base_url
        document["capabilities"]["search"]["path"] = "/api/v1/nowhere"

    profile = write_profile(tmp_path, break_search)
    result = cli("check", "--target", str(profile), env=server_env(reference_server))
    assert result.code == 2
    assert "failed" in result.stdout


def test_check_without_credentials_is_an_error(tmp_path):
    profile = write_profile(tmp_path, lambda d: None)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FWC_TOKEN_")}
    completed = subprocess.run(
        [sys.executable, "-m", "firewall_conformance", "check", "--target", str(profile)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert completed.returncode == 3
    assert "FWC_TOKEN_OFFICER" in completed.stderr


def test_reference_serve_runs_standalone_and_prints_credentials():
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "firewall_conformance",
            "reference",
            "serve",
            "--port",
            "0",
            "--reference-fault",
            "FW-03",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        banner = process.stderr.readline()
        assert "Exampleshire Constabulary RMS at http://127.0.0.1:" in banner
        assert "FW-03" in banner
        base_url = banner.split(" at ", 1)[1].split(" ", 1)[0]
        exports = dict(
            process.stdout.readline().removeprefix("export ").strip().split("=", 1)
            for _ in range(4)
        )
        assert set(exports) == {
            "FWC_TOKEN_OFFICER",
            "FWC_TOKEN_ANALYST",
            "FWC_TOKEN_AUDITOR",
            "FWC_TOKEN_IE_OFFICER",
        }
        health = requests.get(f"{base_url}/api/v1/health", timeout=10)
        assert health.json()["status"] == "ok"
    finally:
        process.terminate()
        process.wait(timeout=15)
