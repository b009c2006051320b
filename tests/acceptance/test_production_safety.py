"""Production safety (issue 8): --read-only writes nothing, planted persons are removed even
after an interrupted run, and credentials come from files the profile names, over verified TLS."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import requests

from tests.acceptance.conftest import QUICK, cli, server_env, write_profile
from tests.acceptance.faultproxy import FaultProxy, Rule
from tests.acceptance.selfsigned import server_context


def _profile(tmp_path, base_url, edit=None):
    def change(document):
        document["target"].update(base_url=base_url, timeout_seconds=5, retries=1)
        document["capabilities"]["outbound"]["window_seconds"] = 3
        if edit:
            edit(document)

    return write_profile(tmp_path, change)


def test_read_only_sends_nothing_but_get_and_head(tmp_path, reference_server):
    with FaultProxy(reference_server.base_url) as proxy:
        profile = _profile(tmp_path, proxy.base_url)
        result = cli(
            "run", "--target", str(profile), "--read-only", *QUICK, reports=tmp_path / "r",
            env=server_env(reference_server),
        )  # fmt: skip
    assert result.code == 2, result.stdout + result.stderr
    assert proxy.requests and {method for method, _ in proxy.requests} <= {"GET", "HEAD"}
    assert "COMPLIANT" not in result.verdicts.values()
    scenarios = [s for o in result.summary["obligations"] for s in o["scenarios"]]
    assert scenarios and all(s["outcome"] == "not tested" for s in scenarios), scenarios
    assert all("read-only mode" in s["reason"] for s in scenarios)
    assert result.summary["personas"]["planted"] == 0


def status(server, person_id: str) -> int:
    """How the reference answers the officer asking for one person record."""
    officer = {"Authorization": f"Bearer {server.tokens['officer']}"}
    url = f"{server.base_url}/api/v1/persons/{person_id}"
    reason = {"reason": "checking the harness removed what it planted"}  # FW-05
    return requests.get(url, headers=officer, params=reason, timeout=10).status_code


def _cast_planted(ledger) -> bool:
    """Whether the ledger lists a scenario's cast (the pre-flight's probe comes and goes first)."""
    try:
        entries = json.loads(ledger.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return any(len(entry["persons"]) == 3 for entry in entries)


def test_persons_left_by_an_interrupted_run_are_removed_by_the_next(tmp_path, reference_server):
    env = server_env(reference_server)
    reports = tmp_path / "r"
    ledger = reports / ".planted-personas.json"
    # Status checks hang past the time-out, so the run is caught with its persons planted.
    with FaultProxy(reference_server.base_url, [Rule("slow", "/api/v1/status-checks")]) as proxy:
        profile = _profile(tmp_path, proxy.base_url)
        command = [sys.executable, "-m", "firewall_conformance", "run", "--target", str(profile)]
        command += ["--obligation", "FW-02", "--reports", str(reports)]
        process = subprocess.Popen(
            command, env={**os.environ, **env},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while not _cast_planted(ledger) and time.monotonic() < deadline:
            time.sleep(0.05)
        process.kill()  # no finalizer runs: the interrupted run cannot clean up after itself
        process.wait(10)
        left = json.loads(ledger.read_text(encoding="utf-8"))
        person_ids = [pid for entry in left for pid in entry["persons"].values()]
        assert person_ids and {status(reference_server, p) for p in person_ids} == {200}
        proxy.rules.clear()  # the same target, healthy again
        result = cli(
            "run", "--target", str(profile), "--obligation", "FW-03", *QUICK, reports=reports,
            env=env,
        )  # fmt: skip
    assert result.code in (0, 2), result.stdout + result.stderr
    assert {status(reference_server, p) for p in person_ids} == {404}
    assert result.summary["personas"]["left_by_an_interrupted_run_and_removed"] == len(person_ids)
    assert any("interrupted earlier run were removed" in n for n in result.summary["notes"])
    assert not ledger.exists()
    assert result.summary["personas"]["planted"] == result.summary["personas"]["removed"] > 0
    assert cli("verify", "--reports", str(reports)).code == 0


def test_tokens_from_private_files_over_tls_with_a_ca_bundle(tmp_path, reference_server):
    context, certificate = server_context(tmp_path)
    tokens = {}
    for account, user in (("investigator", "officer"), ("immigration_officer", "ie-officer")):
        path = tmp_path / f"{account}.token"
        path.write_text(reference_server.tokens[user] + "\n", encoding="utf-8")
        path.chmod(0o600)
        tokens[account] = reference_server.tokens[user]

    def edit(document):
        document["target"]["ca_bundle"] = certificate.name
        for account in tokens:
            document["accounts"][account] = {"token_file": f"{account}.token"}

    env = {"FWC_TOKEN_AUDITOR": reference_server.tokens["auditor"]}
    with FaultProxy(reference_server.base_url, tls=context) as proxy:
        profile = _profile(tmp_path, proxy.base_url, edit)
        result = cli(
            "run",
            "--target",
            str(profile),
            "--obligation",
            "FW-03",
            reports=tmp_path / "r",
            env=env,
        )
        (tmp_path / "investigator.token").chmod(0o644)
        refused = cli("run", "--target", str(profile), reports=tmp_path / "r2", env=env)
    assert result.verdicts["FW-03"] == "COMPLIANT", result.stdout + result.stderr
    assert any(h.get("Authorization") for h in proxy.headers_seen)
    for path in (tmp_path / "r").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(t.encode() in data for t in tokens.values()), path
    assert refused.code == 3 and "chmod 600" in refused.stderr
