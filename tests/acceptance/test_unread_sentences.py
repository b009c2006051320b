"""A sentence the suite cannot read stops its scenario before any step runs, with a plain
reason: the scenario is INCONCLUSIVE and nothing is planted for it. (pytest-bdd finds such a
step only when it runs, after the steps before it have planted people in the target.)"""

from __future__ import annotations

from pathlib import Path

from tests.acceptance.conftest import cli
from tests.installed_copy import edit, installed_copy


def test_a_phrase_outside_the_vocabulary_stops_its_scenario_before_it_plants(
    tmp_path: Path,
) -> None:
    site = installed_copy(tmp_path)
    feature = site / "firewall_conformance" / "suite" / "features" / "status_checks.feature"
    edit(
        feature,
        "When an officer requests an immigration status check on the suspect",
        "When an officer faxes an immigration status check on the suspect",
    )
    run = cli(
        "run",
        "--obligation",
        "FW-02",
        "--no-html",
        "--no-pdf",
        reports=tmp_path / "r",
        env={"PYTHONPATH": str(site)},
        cwd=tmp_path,
    )
    assert run.code == 2, run.stdout + run.stderr
    (obligation,) = [o for o in run.summary["obligations"] if o["id"] == "FW-02"]
    (scenario,) = obligation["scenarios"]
    assert obligation["verdict"] == "INCONCLUSIVE" and scenario["outcome"] == "inconclusive"
    assert (
        "the suite has no sentence When an officer 'faxes an immigration status check on the "
        "suspect': that phrase is not in its vocabulary"
    ) in scenario["reason"], scenario["reason"]
    # Only the pre-flight's probe person (preflight.py); the scenario's case was never planted.
    assert run.summary["personas"]["planted"] == 1, run.summary["personas"]
