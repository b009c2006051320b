"""`firewall-conformance obligations`: the coverage table, per jurisdiction profile."""

from __future__ import annotations

import json

from firewall_conformance.obligations.catalogue import load_catalogue
from tests.acceptance.conftest import cli


def test_every_obligation_in_scope_has_sources_basis_scenarios_and_capabilities():
    result = cli("obligations", "--format", "json")
    assert result.code == 0, result.stderr
    document = json.loads(result.stdout)
    ids = [o["id"] for o in document["obligations"]]
    assert ids == [f"FW-{n:02d}" for n in range(1, 24)]
    assert ids == [o.id for o in load_catalogue().in_scope("uk")]
    assert "Home Office" in document["jurisdiction"]["restricted_recipient"]
    for entry in document["obligations"]:
        assert entry["sources"] and all(s["url"].startswith("https://") for s in entry["sources"])
        assert entry["basis"] and entry["capabilities"] and entry["scenarios"]
        assert all(s["feature"].endswith(".feature") and s["line"] > 0 for s in entry["scenarios"])
        assert entry["bundle"]["not_tested_reason"]


def test_profile_changes_scope_and_basis():
    document = json.loads(cli("obligations", "--profile", "us-ny", "--format", "json").stdout)
    in_scope = {o["id"]: o["basis"] for o in document["obligations"]}
    assert in_scope == {
        "FW-01": "law",
        "FW-10": "interpretation",
        "FW-11": "law",
        "FW-12": "interpretation",
        "FW-13": "law",
        "FW-15": "law",
        "FW-21": "interpretation",
    }
    assert "ICE" in document["jurisdiction"]["restricted_recipient"]


def test_markdown_table_for_an_inspection_plan():
    result = cli("obligations", "--format", "md")
    assert result.code == 0
    assert result.stdout.startswith("# Firewall obligations in scope for `uk`")
    assert "| FW-04 | **Every disclosure is logged completely" in result.stdout
