"""A failed check in the Allure results reads as its plain-English reason; the traceback moves
to an attachment for engineers that keeps the frames and loses the temporary paths, frame
arguments and anything the target said."""

from __future__ import annotations

import json
from pathlib import Path

from firewall_conformance.reporting import allure_extras
from firewall_conformance.reporting.allure_failures import TRACEBACK
from tests.unit.test_reporters import _result

PLANTED = "Sinedava"
PYTEST_TRACE = f"""Traceback (most recent call last):
  File "/work/main/.venv/lib/python3.11/site-packages/_pytest/runner.py", line 353, in from_call
    result: TResult | None = func()
                             ^^^^^^
  File "/tmp/pytest-of-root/pytest-7/suite/steps/whole_run.py", line 38, in restricted_clean
    evidence.record(check.restricted_clean(evidence, run.egress))
  File "/tmp/fwc-venv/lib/python3.11/site-packages/firewall_conformance/claims/egress.py", line 90, in restricted_clean
    raise Breach(f"{{who}} reached immigration enforcement: {{where}}")
firewall_conformance.model.outcomes.Breach: The witness reached immigration enforcement: given_name='{PLANTED}'
"""
LONG_TRACE = f"""fixturefunc = <function restricted_clean at 0x7f7972b185e0>
kwargs = {{'evidence': ScenarioEvidence(exchanges=[Exchange(response_body='{{"given_name": "{PLANTED}"}}')])}}

    def call_fixture_func(fixturefunc, request, kwargs):
>       fixture_result = fixturefunc(**kwargs)

/tmp/pytest-of-root/pytest-7/suite/steps/whole_run.py:38: in restricted_clean
    evidence.record(check.restricted_clean(evidence, run.egress))
E   firewall_conformance.model.outcomes.Breach: given_name='{PLANTED}'
"""


def _planted_result(tmp_path: Path, trace: str, message: str) -> Path:
    path = tmp_path / "1-result.json"
    details = {"message": message, "trace": trace}
    path.write_text(
        json.dumps(
            {
                "name": "Nothing that reached immigration enforcement identifies a victim",
                "status": "failed",
                "statusDetails": details,
                "labels": [
                    {"name": "obligation", "value": "FW-01"},
                    {"name": "story", "value": "FW-01 Victim and witness data never reaches"},
                ],
                "steps": [{"name": "Then nothing", "status": "failed", "statusDetails": details}],
                "attachments": [],
            }
        )
    )
    return path


def _engineer_attachments(tmp_path: Path, document: dict) -> list[str]:
    named = [a for a in document["attachments"] if a["name"] == TRACEBACK]
    return [(tmp_path / a["source"]).read_text(encoding="utf-8") for a in named]


def test_a_failed_check_shows_its_reason_and_engineers_get_a_scrubbed_traceback(tmp_path):
    message = (
        "firewall_conformance.model.outcomes.Breach: The witness reached immigration enforcement"
    )
    path = _planted_result(tmp_path, PYTEST_TRACE, message)
    allure_extras.write(_result(), tmp_path, "hash")
    document = json.loads(path.read_text())
    for node in (document, document["steps"][0]):
        assert node["statusDetails"] == {"message": "The witness reached immigration enforcement"}
    [trace] = _engineer_attachments(tmp_path, document)
    assert "steps/whole_run.py, line 38, in restricted_clean" in trace
    assert "firewall_conformance/claims/egress.py, line 90, in restricted_clean" in trace
    assert "Breach" in trace
    assert "/tmp" not in trace and "/work" not in trace and PLANTED not in trace
    assert PLANTED not in path.read_text() and "/tmp" not in path.read_text()


def test_a_pytest_long_traceback_keeps_no_frame_arguments_or_target_data(tmp_path):
    path = _planted_result(tmp_path, LONG_TRACE, "firewall_conformance.model.outcomes.Breach: x")
    allure_extras.write(_result(), tmp_path, "hash")
    document = json.loads(path.read_text())
    [trace] = _engineer_attachments(tmp_path, document)
    assert "steps/whole_run.py, line 38, in restricted_clean" in trace
    for leaked in (PLANTED, "/tmp", "fixturefunc =", "kwargs =", "0x7f"):
        assert leaked not in trace, leaked


def test_an_unexpected_error_is_named_without_its_message(tmp_path):
    path = _planted_result(tmp_path, PYTEST_TRACE, f"KeyError: '{PLANTED}'")
    allure_extras.write(_result(), tmp_path, "hash")
    document = json.loads(path.read_text())
    message = document["statusDetails"]["message"]
    assert "unexpected error (KeyError)" in message and PLANTED not in message


def test_obligations_are_shown_by_jurisdiction_group_and_titled_story(tmp_path):
    path = _planted_result(tmp_path, PYTEST_TRACE, "x")
    allure_extras.write(_result(), tmp_path, "hash")
    labels = json.loads(path.read_text())["labels"]
    assert {"name": "epic", "value": "United Kingdom"} in labels
    environment = (tmp_path / "environment.properties").read_text()
    assert (
        "Obligations=4 obligations in scope\\: 1 compliant, 1 breach, 1 inconclusive, 1 not tested"
        in (environment)
    )


def test_the_report_is_named_by_the_run_verdict_and_its_obligations():
    assert allure_extras.report_name(_result()) == (
        "Firewall conformance: BREACH (4 obligations in scope: 1 compliant, 1 breach, "
        "1 inconclusive, 1 not tested)"
    )
