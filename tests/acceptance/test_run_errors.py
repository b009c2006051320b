"""An unexpected error in the middle of a run ends with exit 3, a one-line reason and the
reports gathered so far, the run marked ERROR — never exit 1 (the BREACH code) and a traceback
(issue 19, item 6). The error is forced in-process, after the scenarios ran."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from firewall_conformance.cli.main import main
from firewall_conformance.run import runner
from firewall_conformance.run.pytest_hooks import RunSession

PLANTED = "planted internal fault"


def _run(reports) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["run", "--obligation", "FW-02", "--no-html", "--reports", str(reports)]
    )
    return result.exit_code, result.output


def _stopped_reports(reports) -> dict:
    summary = json.loads((reports / "summary.json").read_text(encoding="utf-8"))
    assert summary["verdict"] == "ERROR" and summary["exit_code"] == 3
    assert PLANTED in summary["reason"]
    for name in ("summary.md", "summary.html", "junit.xml", "evidence/manifest.json"):
        assert (reports / name).is_file(), name
    assert not any(o["verdict"] == "COMPLIANT" for o in summary["obligations"])
    return summary


def test_an_error_after_the_scenarios_ran_exits_3_with_their_reports(tmp_path, monkeypatch):
    real = runner._run_scenarios

    def scenarios_then_a_bug(*args, **kwargs):
        real(*args, **kwargs)
        raise KeyError(PLANTED)

    monkeypatch.setattr(runner, "_run_scenarios", scenarios_then_a_bug)
    code, output = _run(tmp_path)
    assert code == 3, output[-3000:]
    assert "Traceback" not in output
    errors = [line for line in output.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and PLANTED in errors[0] and "KeyError" in errors[0]
    summary = _stopped_reports(tmp_path)
    ran = {s["name"] for o in summary["obligations"] for s in o["scenarios"]}
    assert ran, "the scenarios gathered before the error are in the reports"


def test_an_error_inside_the_suite_machinery_exits_3_with_reports(tmp_path, monkeypatch):
    def broken(self) -> None:
        raise RuntimeError(PLANTED)

    monkeypatch.setattr(RunSession, "pytest_sessionfinish", broken)
    code, output = _run(tmp_path)
    assert code == 3, output[-3000:]
    _stopped_reports(tmp_path)


@pytest.fixture(autouse=True)
def _own_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
