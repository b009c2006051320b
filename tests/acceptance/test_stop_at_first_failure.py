"""`run --stop-at-first-failure` (with `--run-first`): a gate that only needs to know whether a
run fails stops at the first obligation that is not kept, and what it did not reach is NOT
TESTED, never COMPLIANT; a run with no failure, or whose failures are waived, runs whole."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from firewall_conformance.reference.mutants import MUTANTS
from firewall_conformance.reference.mutants.scoring import run_mutant
from tests.acceptance.conftest import QUICK, cli
from tests.acceptance.forked_runs import run_command
from tests.acceptance.test_waivers_and_pinning import waivers_file

STOP = "--stop-at-first-failure"


def _ran(summary: dict) -> dict[str, set[str]]:
    """Each scenario that ran (was not NOT TESTED), with the obligations it counts for."""
    ran: dict[str, set[str]] = {}
    for obligation in summary["obligations"]:
        for scenario in obligation["scenarios"]:
            if scenario["outcome"] != "not tested":
                ran.setdefault(scenario["name"], set()).add(obligation["id"])
    return ran


def test_a_run_stops_at_its_first_failure_and_what_it_did_not_reach_is_not_tested(tmp_path):
    result = cli(
        "run", "--reference-fault", "FW-09", STOP, "--run-first", "FW-09", *QUICK,
        reports=tmp_path / "r",
    )  # fmt: skip
    assert result.code == 1, result.stdout + result.stderr
    verdicts = result.verdicts
    assert verdicts["FW-09"] == "BREACH", result.why_not({"FW-09": "BREACH"})
    # Only FW-09's scenarios ran, though they come late in a run's usual order: the outbound
    # recorders, which an ordinary run starts first, wait behind them.
    ran = _ran(result.summary)
    assert all(ids == {"FW-09"} for ids in ran.values()), ran
    assert len(ran) < 6, ran
    assert "COMPLIANT" not in {v for o, v in verdicts.items() if o != "FW-09"}, verdicts
    not_reached = [o for o in result.summary["obligations"] if o["verdict"] == "NOT TESTED"]
    assert len(not_reached) > 15, verdicts
    for obligation in not_reached:  # the stop, not a profile that lacks something, is why
        assert "first failure" in obligation["reason"], obligation["reason"]
        assert "does not declare" not in obligation["reason"], obligation["reason"]
    assert any("--stop-at-first-failure" in note for note in result.summary["notes"])


def test_a_breach_only_the_whole_run_claim_sees_is_judged_as_soon_as_it_is_received(tmp_path):
    """A case file for immigration enforcement carrying victims breaks only the claim over
    everything immigration enforcement received; under the stop it is judged right after the
    scenario that made the case file, its control skipped (a breach needs none), and the rest is
    NOT TESTED. It used to wait for every other scenario."""
    run = run_mutant(
        MUTANTS["case-file-carries-victims"], tmp_path, stop_at_first_failure=True,
        launch=run_command,
    )  # fmt: skip
    whole_run = "Nothing that reached immigration enforcement during the run identifies a victim"
    assert run.exit_code == 1 and run.failures[0].startswith(whole_run), run.output[-3000:]
    summary = json.loads((tmp_path / "reports" / "summary.json").read_text(encoding="utf-8"))
    judged = next(
        s for o in summary["obligations"] for s in o["scenarios"] if s["name"].startswith(whole_run)
    )
    assert judged["outcome"] == "breach", judged
    assert "reached immigration enforcement during the run" in judged["reason"], judged
    assert [c.get("control") for c in judged["checks"]] == [], judged["checks"]
    ran = _ran(summary)
    assert len(ran) < 12, ran  # of some 35; every other claim over the whole run NOT TESTED
    assert not any(name.startswith(("Nothing a partner", "The audit log")) for name in ran), ran
    assert any("judged out of its place" in note for note in summary["notes"]), summary["notes"]
    assert any("--stop-at-first-failure" in note for note in summary["notes"])


def test_a_run_with_no_failure_runs_whole_under_stop_at_first_failure(tmp_path):
    result = cli(
        "run", STOP, "--obligation", "FW-02", "--obligation", "FW-03", *QUICK,
        reports=tmp_path / "r",
    )  # fmt: skip
    assert result.code == 0, result.stdout + result.stderr
    assert result.verdicts["FW-02"] == result.verdicts["FW-03"] == "COMPLIANT"


def test_a_waived_failure_does_not_stop_the_run(tmp_path: Path):
    waivers = waivers_file(tmp_path, dt.date.today() + dt.timedelta(days=7))  # waives FW-02
    result = cli(
        "run", "--reference-fault", "FW-02", "--waivers", str(waivers), STOP,
        "--run-first", "FW-02", "--obligation", "FW-02", "--obligation", "FW-03", *QUICK,
        reports=tmp_path / "r",
    )  # fmt: skip
    assert result.code == 0, result.stdout + result.stderr
    assert result.verdicts["FW-02"] == "WAIVED"
    assert result.verdicts["FW-03"] == "COMPLIANT", result.why_not({"FW-03": "COMPLIANT"})


def test_run_first_names_an_obligation_of_the_catalogue(tmp_path):
    result = cli("run", "--run-first", "FW-99", *QUICK, reports=tmp_path / "r")
    assert result.code == 3
    assert "FW-99" in result.stderr and "--run-first" in result.stderr
