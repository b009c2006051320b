"""Safe with a real system (issue 14, item 3): plant only for scenarios that will run, stop
before planting when the target cannot remove what is planted, keep clean-up bounded and loud,
retry it later with `cleanup`, and bound a whole run with --deadline."""

from __future__ import annotations

import json
import time

import requests

from tests.acceptance.conftest import cli, server_env, write_profile
from tests.acceptance.faultproxy import FaultProxy, Rule

PERSONS = "/api/v1/persons"


def _profile(tmp_path, base_url, edit=None, name="profile.yaml"):
    def change(document):
        document["target"].update(base_url=base_url, timeout_seconds=2, retries=1)
        document["capabilities"]["outbound"]["window_seconds"] = 3
        if edit:
            edit(document)

    path = write_profile(tmp_path, change)
    return path.rename(tmp_path / name)


def _without_removal(document):
    document["capabilities"]["seed-case"].pop("remove_person")


def _status(server, person_id: str) -> int:
    officer = {"Authorization": f"Bearer {server.tokens['officer']}"}
    reason = {"reason": "checking the harness removed what it planted"}
    url = f"{server.base_url}{PERSONS}/{person_id}"
    return requests.get(url, headers=officer, params=reason, timeout=10).status_code


def _persons_created(proxy: FaultProxy) -> int:
    return sum(1 for method, path in proxy.requests if method == "POST" and path == PERSONS)


def _said(text: str) -> str:
    """The console wraps long lines: compare words, not line breaks."""
    return " ".join(text.split())


def _ledger_persons(reports) -> list[str]:
    ledger = reports / ".planted-personas.json"
    if not ledger.exists():
        return []
    return [
        p for e in json.loads(ledger.read_text(encoding="utf-8")) for p in e["persons"].values()
    ]


def test_a_target_that_cannot_remove_stops_the_run_in_pre_flight(tmp_path, reference_server):
    reports = tmp_path / "r"
    with FaultProxy(reference_server.base_url) as proxy:
        profile = _profile(tmp_path, proxy.base_url, _without_removal)
        result = cli(
            "run", "--target", str(profile), "--no-html", "--no-pdf", reports=reports,
            env=server_env(reference_server),
        )  # fmt: skip
    assert result.code == 3, result.stdout + result.stderr
    said = _said(result.stderr)
    assert "pre-flight" in said and "--allow-leftovers" in said
    assert "declares no request to remove the pre-flight probe" in said
    assert _persons_created(proxy) == 1  # the probe, and nothing for any scenario
    # What was gathered is kept: the run is written up as ERROR, nothing in it COMPLIANT.
    summary = json.loads((reports / "summary.json").read_text(encoding="utf-8"))
    assert summary["verdict"] == "ERROR"
    assert "COMPLIANT" not in {o["verdict"] for o in summary["obligations"]}
    (probe,) = _ledger_persons(reports)
    assert _status(reference_server, probe) == 200


def test_a_removal_the_target_refuses_stops_the_run_in_pre_flight(tmp_path, reference_server):
    with FaultProxy(reference_server.base_url, [Rule("500", PERSONS + "/", "DELETE")]) as proxy:
        profile = _profile(tmp_path, proxy.base_url)
        result = cli(
            "run", "--target", str(profile), "--no-html", "--no-pdf", reports=tmp_path / "r",
            env=server_env(reference_server),
        )  # fmt: skip
    assert result.code == 3, result.stdout + result.stderr
    said = _said(result.stderr)
    assert "pre-flight" in said and "answered 500" in said
    assert _persons_created(proxy) == 1


def test_allow_leftovers_runs_lists_what_stays_and_cleanup_removes_it_later(
    tmp_path, reference_server
):
    env = server_env(reference_server)
    reports = tmp_path / "r"
    incomplete = _profile(tmp_path, reference_server.base_url, _without_removal, "incomplete.yaml")
    complete = _profile(tmp_path, reference_server.base_url, name="complete.yaml")
    result = cli(
        "run", "--target", str(incomplete), "--obligation", "FW-02", "--allow-leftovers",
        "--no-html", "--no-pdf", reports=reports, env=env,
    )  # fmt: skip
    assert result.code == 0, result.stdout + result.stderr  # the verdict covers FW-02 only
    assert result.verdicts["FW-02"] == "COMPLIANT"
    personas = result.summary["personas"]
    left = _ledger_persons(reports)
    assert personas["left_in_target"] == personas["planted"] == len(left) == 4  # probe + cast
    assert personas["removed"] == 0
    notes = " ".join(result.summary["notes"])
    assert "CLEAN-UP INCOMPLETE: 4 test persons" in notes
    assert all(f"(id {p})" in notes for p in left)
    assert "--allow-leftovers" in notes
    assert {_status(reference_server, p) for p in left} == {200}

    still = cli("cleanup", "--target", str(incomplete), reports=reports, env=env)
    assert still.code == 3, still.stdout + still.stderr
    assert "4 test persons are still on the planted list" in _said(still.stdout)

    cleared = cli("cleanup", "--target", str(complete), reports=reports, env=env)
    assert cleared.code == 0, cleared.stdout + cleared.stderr
    assert "Removed 4 test persons in 2 cases" in _said(cleared.stdout)
    assert {_status(reference_server, p) for p in left} == {404}
    assert _ledger_persons(reports) == []


def test_a_scenario_that_will_not_be_tested_plants_nothing(tmp_path, reference_server):
    def without_disclosure(document):
        document["capabilities"].pop("disclose")

    with FaultProxy(reference_server.base_url) as proxy:
        profile = _profile(tmp_path, proxy.base_url, without_disclosure)
        result = cli(
            "run", "--target", str(profile), "--obligation", "FW-01", "--obligation", "FW-14",
            "--no-html", "--no-pdf", reports=tmp_path / "r", env=server_env(reference_server),
        )  # fmt: skip
    assert result.code == 2, result.stdout + result.stderr
    scenarios = [s for o in result.summary["obligations"] for s in o["scenarios"]]
    not_tested = [s["name"] for s in scenarios if s["outcome"] == "not tested"]
    assert len(not_tested) == 2 and all(
        "'disclose'" in s["reason"] for s in scenarios if s["name"] in not_tested
    )
    # The probe, then a victim, a witness and a suspect for each of the two that ran and plant
    # (the exports and the outbound feeds); the whole-run claim plants nothing.
    assert _persons_created(proxy) == result.summary["personas"]["planted"] == 1 + 3 * 2


def test_a_hanging_delete_is_bounded_and_named_in_the_notes(tmp_path, reference_server):
    # Every person deletion after the pre-flight's hangs past the profile's 2-second time-out;
    # the clean-up may take 5 seconds in all (the default is 30; a unit test holds it).
    rules = [Rule("slow", PERSONS + "/", "DELETE", after=1)]
    obligations = ["FW-01", "FW-02", "FW-03", "FW-04"]
    with FaultProxy(reference_server.base_url, rules) as proxy:
        profile = _profile(tmp_path, proxy.base_url)
        started = time.monotonic()
        result = cli(
            "run", "--target", str(profile), *(a for o in obligations for a in ("--obligation", o)),
            "--no-html", "--no-pdf", "--cleanup-budget", "5", reports=tmp_path / "r",
            env=server_env(reference_server),
        )  # fmt: skip
        took = time.monotonic() - started
        started = time.monotonic()
        again = cli(
            "cleanup", "--target", str(profile), "--cleanup-budget", "3",
            reports=tmp_path / "r", env=server_env(reference_server),
        )  # fmt: skip
        cleanup_took = time.monotonic() - started
    assert again.code == 3, again.stdout + again.stderr
    assert "3-second budget was spent" in _said(again.stdout)
    assert cleanup_took < 30, cleanup_took  # one 2-second time-out past the budget, not each case
    assert result.code in (0, 2), result.stdout + result.stderr
    # Nine cases of three persons would take 9 x 3 x 2 attempts x 2 s = 108 s with the
    # adapter's retries; one attempt each within a 5-second budget ends well before.
    assert took < 75, took
    personas = result.summary["personas"]
    assert personas["left_in_target"] > 0
    assert personas["planted"] == personas["removed"] + personas["left_in_target"]
    notes = " ".join(result.summary["notes"])
    assert "CLEAN-UP INCOMPLETE" in notes and "took longer than 2 seconds" in notes
    assert "budget of 5 seconds was spent" in notes
    assert "COMPLIANT" in result.verdicts.values()  # the clean-up does not change verdicts


def test_a_deadline_leaves_what_did_not_run_inconclusive(tmp_path):
    started = time.monotonic()
    result = cli("run", "--deadline", "3", "--no-html", "--no-pdf", reports=tmp_path / "r")
    took = time.monotonic() - started
    assert result.code == 2, result.stdout + result.stderr
    scenarios = [s for o in result.summary["obligations"] for s in o["scenarios"]]
    stopped = [s for s in scenarios if "deadline passed" in s["reason"]]
    assert stopped and all(s["outcome"] == "inconclusive" for s in stopped)
    assert result.summary["verdict"] == "INCONCLUSIVE"
    for obligation in result.summary["obligations"]:
        if any("deadline passed" in s["reason"] for s in obligation["scenarios"]):
            assert obligation["verdict"] != "COMPLIANT", obligation
    personas = result.summary["personas"]
    assert personas["planted"] == personas["removed"]  # clean-up still happened
    assert took < 45, took
