"""Credentials masked in URLs and by the last scrub; run-level Allure extras."""

from __future__ import annotations

import json

from firewall_conformance.reporting import allure_extras, redact
from firewall_conformance.reporting.scrub import scrub
from tests.unit.test_reporters import _result


def test_credentials_in_a_target_url_are_masked():
    masked = redact.url("https://svc:hunter2hunter2@rms.example/api?api_key=abc123&page=2")
    assert "hunter2" not in masked and "abc123" not in masked
    assert masked == "https://svc:***@rms.example/api?api_key=***&page=2"
    assert redact.identity({"name": "n", "base_url": "http://h:1"}) == {
        "name": "n",
        "base_url": "http://h:1",
    }


def test_scrub_masks_every_occurrence_in_every_file(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.json").write_text('{"t": "tok-1234567890"}')
    (tmp_path / "y.txt").write_text("clean")
    assert scrub(tmp_path, ["tok-1234567890", "short"]) == ["a/x.json"]
    assert "tok-1234567890" not in (tmp_path / "a" / "x.json").read_text()
    assert (tmp_path / "y.txt").read_text() == "clean"


def test_executor_comes_from_ci_variables_only():
    assert allure_extras.executor({}) is None
    github = allure_extras.executor(
        {
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKFLOW": "conformance",
            "GITHUB_RUN_NUMBER": "7",
            "GITHUB_SERVER_URL": "https://github.example",
            "GITHUB_REPOSITORY": "force/rms",
            "GITHUB_RUN_ID": "99",
            "GITHUB_TOKEN": "ghs_secret",
        }
    )
    assert github["buildName"] == "conformance #7"
    assert "ghs_secret" not in json.dumps(github)


def test_results_get_the_jurisdiction_and_keep_only_parameters_the_step_shows(tmp_path):
    result_file = tmp_path / "1-result.json"
    result_file.write_text(
        json.dumps(
            {
                "labels": [{"name": "story", "value": "FW-01"}],
                "steps": [
                    {
                        "name": "When an officer discloses the victim to the prosecution service",
                        "parameters": [
                            {"name": "state", "value": "ScenarioState(...)"},
                            {"name": "case_work", "value": "CaseWork(given_name='Sinedava')"},
                            {"name": "typed", "value": "['Sinedava']"},
                            {"name": "held", "value": "'Sinedava'"},
                            {"name": "role", "value": "'victim'"},
                        ],
                    }
                ],
            }
        )
    )
    allure_extras.write(_result(), tmp_path, "hash")
    document = json.loads(result_file.read_text())
    assert {"name": "jurisdiction", "value": "uk"} in document["labels"]
    assert document["steps"][0]["parameters"] == [{"name": "role", "value": "'victim'"}]
    environment = (tmp_path / "environment.properties").read_text()
    assert "SuiteHash=hash" in environment and "Waivers=none" in environment
