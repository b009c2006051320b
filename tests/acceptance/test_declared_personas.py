"""Known test persons (issue 21): a run that plants nothing tests on persons the target already
holds, declared in a personas file; a wrong file can never yield COMPLIANT."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from firewall_conformance.reference.server import ReferenceServer
from tests.acceptance.conftest import CliRun, cli, server_env, write_profile
from tests.acceptance.faultproxy import FaultProxy

READ_ONLY_OBLIGATIONS = {"FW-03", "FW-05"}  # every scenario of theirs only reads


def _exported(tmp_path: Path) -> Path:
    path = tmp_path / "personas.json"
    result = cli("reference", "export-personas", str(path))
    assert result.code == 0, result.stdout + result.stderr
    return path


def _declared_run(
    tmp_path: Path, server: ReferenceServer, personas: Path, *extra: str
) -> tuple[CliRun, set[str]]:
    """A read-only run on declared persons through a proxy; the methods the proxy saw."""
    with FaultProxy(server.base_url) as proxy:
        profile = write_profile(
            tmp_path, lambda d: d["target"].update(base_url=proxy.base_url, retries=1)
        )
        result = cli(
            "run", "--target", str(profile), "--read-only", "--personas", str(personas),
            "--no-html", "--no-pdf", *extra, reports=tmp_path / "r", env=server_env(server),
        )  # fmt: skip
    return result, {method for method, _ in proxy.requests}


def test_read_only_run_on_declared_persons_is_conformant_over_what_it_reads(
    tmp_path, reference_server
):
    personas = _exported(tmp_path)
    result, methods = _declared_run(tmp_path, reference_server, personas, "--scope", "answerable")
    assert result.code == 0, result.stdout + result.stderr
    assert methods and methods <= {"GET", "HEAD"}, methods
    assert {i for i, v in result.verdicts.items() if v == "COMPLIANT"} == READ_ONLY_OBLIGATIONS
    declared = result.summary["personas"]
    assert declared["planted"] == 0
    ids = {p["person_id"] for p in json.loads(personas.read_text(encoding="utf-8"))}
    assert {p["person_id"] for p in declared["declared"]} == ids
    assert any("declared" in n and "not planted" in n for n in result.summary["notes"])


def test_scenarios_that_write_stay_not_tested_with_the_reason(tmp_path, reference_server):
    personas = _exported(tmp_path)
    result, methods = _declared_run(tmp_path, reference_server, personas, "--obligation", "FW-01")
    assert methods <= {"GET", "HEAD"}, methods
    assert result.verdicts["FW-01"] == "NOT TESTED", result.verdicts
    scenarios = [s for o in result.summary["obligations"] for s in o["scenarios"]]
    assert scenarios and all("read-only mode" in s["reason"] for s in scenarios), scenarios
    # Named as the feature file names them, though they never began.
    assert all(s["feature"] and not s["name"].startswith("test_") for s in scenarios), scenarios


@pytest.mark.parametrize("fault", sorted(READ_ONLY_OBLIGATIONS))
def test_each_read_observable_fault_is_caught_on_declared_persons(tmp_path, fault):
    """Each fault's run is its obligation alone: the other's verdict on declared persons is
    the read-only run's above."""
    personas = _exported(tmp_path)
    with ReferenceServer(faults=[fault]) as server:
        result, methods = _declared_run(
            tmp_path, server, personas, "--scope", "answerable", "--obligation", fault
        )
    assert result.code == 1, result.stdout + result.stderr
    assert result.verdicts[fault] == "BREACH", result.verdicts
    assert methods <= {"GET", "HEAD"}, methods


def test_persons_the_target_does_not_hold_give_inconclusive(tmp_path, reference_server):
    personas = _exported(tmp_path)
    entries = json.loads(personas.read_text(encoding="utf-8"))
    for n, entry in enumerate(entries):
        entry["person_id"] = f"P-00000000000000{n:02d}"
        entry["family_name"] = "Nobodyheld"
    personas.write_text(json.dumps(entries), encoding="utf-8")
    result, _ = _declared_run(tmp_path, reference_server, personas, "--scope", "answerable")
    assert result.code == 2, result.stdout + result.stderr
    assert "COMPLIANT" not in result.verdicts.values(), result.verdicts
    reasons = [o["reason"] for o in result.summary["obligations"] if o["id"] == "FW-03"]
    assert "the declared victim could not be found" in reasons[0].lower(), reasons


def test_without_declared_persons_a_read_only_run_answers_nothing_and_says_why(
    tmp_path, reference_server
):
    with FaultProxy(reference_server.base_url) as proxy:
        profile = write_profile(
            tmp_path, lambda d: d["target"].update(base_url=proxy.base_url, retries=1)
        )
        result = cli(
            "run", "--target", str(profile), "--read-only", "--scope", "answerable",
            "--no-html", "--no-pdf",
            reports=tmp_path / "r", env=server_env(reference_server),
        )  # fmt: skip
    assert result.code == 2, result.stdout + result.stderr
    assert "COMPLIANT" not in result.verdicts.values(), result.verdicts
    assert "(none)" in result.summary["reason"], result.summary["reason"]
    assert {method for method, _ in proxy.requests} <= {"GET", "HEAD"}
