"""The Allure results of a BREACH, read as an inspector would: every scenario under its
jurisdiction, group and "FW-xx title"; a failed check shown by its plain-English reason; the
traceback only in an attachment for engineers, with no temporary path and none of the planted
people's details the target handed back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from firewall_conformance.obligations.catalogue import load_catalogue
from firewall_conformance.reporting.allure_failures import TRACEBACK
from tests.acceptance.conftest import QUICK, cli

# A planted given name alone is a real, common one ("Bill", as in "Assembly Bill 1747" in the
# catalogue's sources) and identifies no one: the full name stands for it.
PLANTED_FIELDS = ("family_name", "passport_number", "home_office_reference")
FRAME_MARKERS = ('File "', "Traceback (most recent call last)", ".py:", "0x7f")


@pytest.fixture(scope="module")
def breach(tmp_path_factory) -> Path:
    reports = tmp_path_factory.mktemp("allure") / "reports"
    result = cli("run", *QUICK, "--reference-fault", "FW-01", reports=reports)
    assert result.code == 1, result.stdout + result.stderr
    return reports


def _planted_values(results: Path) -> set[str]:
    """What the run planted, read from its own requests in the HTTP exchange attachments."""
    values = set()
    for path in results.glob("*-attachment.json"):
        exchanges = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(exchanges, list):
            continue
        for exchange in exchanges:
            if not isinstance(exchange, dict) or exchange.get("method") != "POST":
                continue
            try:
                body = json.loads(exchange.get("request_body") or "null")
            except json.JSONDecodeError:
                continue
            if isinstance(body, dict):
                values |= {str(body[f]) for f in PLANTED_FIELDS if body.get(f)}
                if body.get("given_name") and body.get("family_name"):
                    values.add(f"{body['given_name']} {body['family_name']}")
    return values


def _details(node: dict) -> list[dict]:
    found = [node["statusDetails"]] if node.get("statusDetails") else []
    for step in node.get("steps", []):
        found += _details(step)
    return found


def test_failed_checks_show_their_reason_and_tracebacks_are_apart_and_scrubbed(breach):
    results = breach / "allure-results"
    planted = _planted_values(results)
    assert len(planted) >= 8, planted
    summary = json.loads((breach / "summary.json").read_text(encoding="utf-8"))
    reasons = {
        s["reason"]
        for o in summary["obligations"]
        for s in o["scenarios"]
        if s["outcome"] != "passed"
    }
    failed = 0
    for path in sorted(results.glob("*-result.json")):
        text = path.read_text(encoding="utf-8")
        for marker in (*FRAME_MARKERS, "/tmp/", *planted):
            assert marker not in text, f"{marker!r} in {path.name}"
        document = json.loads(text)
        for details in _details(document):
            assert set(details) <= {"message", "known", "muted", "flaky"}, details.keys()
        if document["status"] != "failed":
            continue
        failed += 1
        assert document["statusDetails"]["message"] in reasons
        [attachment] = [a for a in document["attachments"] if a["name"] == TRACEBACK]
        trace = (results / attachment["source"]).read_text(encoding="utf-8")
        assert re.search(r"(steps|firewall_conformance)/\S+\.py, line \d+, in \w+", trace), trace
        assert "Breach raised" in trace
        for leaked in ("/tmp/", " = <", *planted):
            assert leaked not in trace, f"{leaked!r} in the engineers' traceback"
    assert failed >= 1


def test_every_scenario_sits_under_jurisdiction_group_and_titled_obligation(breach):
    titles = {o.id: o.title for o in load_catalogue().obligations}
    for path in (breach / "allure-results").glob("*-result.json"):
        labels = json.loads(path.read_text(encoding="utf-8"))["labels"]
        by_name: dict[str, list[str]] = {}
        for label in labels:
            by_name.setdefault(label["name"], []).append(label["value"])
        assert by_name["epic"] == ["United Kingdom"], path.name
        assert len(by_name["feature"]) == 1 and by_name["feature"][0][0].isupper()
        assert by_name["story"] == [f"{o} {titles[o]}" for o in by_name["obligation"]]
    environment = (breach / "allure-results" / "environment.properties").read_text()
    assert "Obligations=23 obligations in scope\\: 22 compliant, 1 breach" in environment
