"""An unexpected error in the middle of a run ends with exit 3, a one-line reason and the
reports gathered so far, the run marked ERROR — never exit 1 (the BREACH code) and a traceback
(issue 19, item 6). The error is planted in a process of its own, after the scenarios ran, so
what the test reads is that run's output alone: an in-process run shares sys.stderr with every
thread of the test worker, and once read another test's server's traceback as its own."""

from __future__ import annotations

import json
import os
import sys
import textwrap

from tests.acceptance.conftest import RUN_TIMEOUT
from tests.acceptance.forked_runs import run_command

PLANTED = "planted internal fault"

AFTER_THE_SCENARIOS = f"""
from firewall_conformance.run import runner
real = runner._run_scenarios
def scenarios_then_a_bug(*args, **kwargs):
    real(*args, **kwargs)
    raise KeyError({PLANTED!r})
runner._run_scenarios = scenarios_then_a_bug
"""

IN_THE_SUITE_MACHINERY = f"""
from firewall_conformance.run.pytest_hooks import RunSession
def broken(self):
    raise RuntimeError({PLANTED!r})
RunSession.pytest_sessionfinish = broken
"""


def _run(reports, plant: str) -> tuple[int, str]:
    """`firewall-conformance run` in a fresh process with `plant` run first."""
    arguments = ["run", "--obligation", "FW-02", "--no-html", "--reports", str(reports)]
    script = textwrap.dedent(plant) + textwrap.dedent(
        f"""
        from firewall_conformance.cli.main import main
        main({arguments!r}, prog_name="firewall-conformance")
        """
    )
    completed = run_command(
        [sys.executable, "-c", script],
        env={**os.environ, "COLUMNS": "200"},
        timeout=RUN_TIMEOUT,
        cwd=reports,
    )
    return completed.returncode, completed.stdout + completed.stderr


def _stopped_reports(reports) -> dict:
    summary = json.loads((reports / "summary.json").read_text(encoding="utf-8"))
    assert summary["verdict"] == "ERROR" and summary["exit_code"] == 3
    assert PLANTED in summary["reason"]
    for name in ("summary.md", "summary.html", "junit.xml", "evidence/manifest.json"):
        assert (reports / name).is_file(), name
    assert not any(o["verdict"] == "COMPLIANT" for o in summary["obligations"])
    return summary


def test_an_error_after_the_scenarios_ran_exits_3_with_their_reports(tmp_path):
    code, output = _run(tmp_path, AFTER_THE_SCENARIOS)
    assert code == 3, output[-3000:]
    assert "Traceback" not in output
    errors = [line for line in output.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and PLANTED in errors[0] and "KeyError" in errors[0]
    summary = _stopped_reports(tmp_path)
    ran = {s["name"] for o in summary["obligations"] for s in o["scenarios"]}
    assert ran, "the scenarios gathered before the error are in the reports"


def test_an_error_inside_the_suite_machinery_exits_3_with_reports(tmp_path):
    code, output = _run(tmp_path, IN_THE_SUITE_MACHINERY)
    assert code == 3, output[-3000:]
    _stopped_reports(tmp_path)
