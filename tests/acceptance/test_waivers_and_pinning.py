"""Waivers through the command line, and the inspector's pinned suite."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml

from tests.acceptance.conftest import QUICK, CliRun, cli
from tests.installed_copy import edit, installed_copy

REFERENCE = "Exampleshire Constabulary RMS (reference system)"


def waivers_file(tmp_path: Path, expires: dt.date) -> Path:
    path = tmp_path / "waivers.yaml"
    document = {
        "waivers": [
            {
                "obligation": "FW-02",
                "scope": {"description": "Status-check gateway", "targets": [REFERENCE]},
                "justification": "Gateway replaced next quarter; checks reviewed by hand weekly.",
                "approved_by": "J. Smith, Data Protection Officer",
                "expires": expires.isoformat(),
                "reference": "RISK-0042",
            }
        ]
    }
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def _waived_run(waivers: Path, reports: Path) -> CliRun:
    """A run of FW-02 alone with its fault and `waivers`: a waiver acts on its obligation's
    verdict and the run's, which a run of every obligation shows no better (the signed clean
    run shows the others COMPLIANT), and summary.html is written without the Allure HTML."""
    return cli(
        "run", "--reference-fault", "FW-02", "--obligation", "FW-02", "--waivers", str(waivers),
        *QUICK, reports=reports,
    )  # fmt: skip


def test_a_waiver_in_force_turns_a_breach_into_waived_not_compliant(tmp_path):
    waivers = waivers_file(tmp_path, dt.date.today() + dt.timedelta(days=7))
    result = _waived_run(waivers, tmp_path / "r")
    assert result.code == 0, result.stdout + result.stderr
    assert result.verdicts["FW-02"] == "WAIVED"
    assert result.summary["verdict"] == "CONFORMANT"
    [obligation] = [o for o in result.summary["obligations"] if o["id"] == "FW-02"]
    assert obligation["verdict_without_waiver"] == "BREACH"
    assert obligation["waiver"] == "RISK-0042"
    assert [w["reference"] for w in result.summary["waivers"]] == ["RISK-0042"]
    html = (tmp_path / "r" / "summary.html").read_text()
    assert html.index("Waived, not compliant") < html.index("At a glance")
    assert "WAIVED" in result.stdout and "RISK-0042" in result.stdout


def test_a_waiver_that_expired_yesterday_is_ignored_loudly(tmp_path):
    waivers = waivers_file(tmp_path, dt.date.today() - dt.timedelta(days=1))
    result = _waived_run(waivers, tmp_path / "r")
    assert result.code == 1, result.stdout + result.stderr
    assert result.verdicts["FW-02"] == "BREACH"
    assert result.summary["waivers"] == []
    assert any("RISK-0042" in n and "expired" in n for n in result.summary["notes"])
    assert "Waiver ignored" in result.stdout and "expired" in result.stdout
    assert "expired" in (tmp_path / "r" / "summary.html").read_text()


def test_a_waivers_file_that_is_not_one_is_an_error(tmp_path):
    bad = tmp_path / "waivers.yaml"
    bad.write_text("waivers: {FW-02: yes}\n", encoding="utf-8")
    result = cli("run", "--waivers", str(bad), reports=tmp_path / "r")
    assert result.code == 3
    assert "waivers.yaml" in result.stderr and "waivers" in result.stderr


def test_pinned_runs_the_released_suite_and_refuses_an_edited_feature(tmp_path):
    site = installed_copy(tmp_path)
    env = {"PYTHONPATH": str(site)}
    # The pin covers the whole suite whatever the scope; the released suite's every obligation
    # run pinned from an installed wheel is test_installed_wheel.py's.
    unchanged = cli(
        "run", "--pinned", "--obligation", "FW-02", *QUICK,
        reports=tmp_path / "ok", env=env, cwd=tmp_path,
    )  # fmt: skip
    assert unchanged.code == 0, unchanged.stdout + unchanged.stderr
    assert unchanged.summary["target"]["profile"].startswith(str(site))
    feature = site / "firewall_conformance" / "suite" / "features" / "status_checks.feature"
    edit(feature, "refused", "usually refused")
    edited = cli("run", "--pinned", reports=tmp_path / "edited", env=env, cwd=tmp_path)
    assert edited.code == 3
    assert "--pinned" in edited.stderr and "features/status_checks.feature" in edited.stderr
    assert not (tmp_path / "edited" / "summary.json").exists()
    # FW-05's one scenario, in a feature not edited, and no outbound window to wait out.
    unpinned = cli(
        "run", "--obligation", "FW-05", *QUICK, reports=tmp_path / "u", env=env, cwd=tmp_path
    )
    manifest = (tmp_path / "u" / "evidence" / "manifest.json").read_text()
    assert '"matches_released": false' in manifest
    assert "features/status_checks.feature" in manifest
    assert unpinned.code == 0, unpinned.stdout + unpinned.stderr  # it runs, and says it differs


def test_pinned_refuses_a_check_edited_to_hide_a_breach(tmp_path):
    """One line in the export check turns FW-01's BREACH into COMPLIANT: the pin must see it."""
    site = installed_copy(tmp_path)
    env = {"PYTHONPATH": str(site)}
    check = site / "firewall_conformance" / "claims" / "exports.py"
    edit(check, "    if leaks:\n        who =", "    if leaks and False:\n        who =")
    faulty = ("--reference-fault", "FW-01", "--obligation", "FW-01", *QUICK)
    pinned = cli("run", "--pinned", *faulty, reports=tmp_path / "p", env=env, cwd=tmp_path)
    assert pinned.code == 3, pinned.stdout + pinned.stderr
    assert "--pinned" in pinned.stderr
    assert "firewall_conformance/claims/exports.py" in pinned.stderr
    assert not (tmp_path / "p" / "summary.json").exists()
    # Unpinned, any scope runs the edited suite and its manifest says so: FW-05 waits out no
    # outbound window, as FW-01 would (10 seconds).
    unpinned = cli(
        "run", "--obligation", "FW-05", *QUICK, reports=tmp_path / "u", env=env, cwd=tmp_path
    )
    suite = json.loads((tmp_path / "u" / "evidence" / "manifest.json").read_text())["suite"]
    assert suite["matches_released"] is False and not suite["pinned"]
    assert "firewall_conformance/claims/exports.py" in suite["differences"]
    assert unpinned.summary["suite_hash"] == suite["suite_hash"] != suite["released_suite_hash"]
