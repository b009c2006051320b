"""The run's mode selects its scenarios on every path: a live run whose target is down lists
only live scenarios, never the `@bundle` ones, and only those of the obligations in its scope
(issue 16, item 3)."""

from __future__ import annotations

import socket
import xml.etree.ElementTree as ET

import pytest

from firewall_conformance.obligations.catalogue import load_catalogue
from firewall_conformance.scenario_suite.consistency import check_suite
from firewall_conformance.scenario_suite.files import suite_root
from tests.acceptance.conftest import cli, write_profile
from tests.acceptance.summary_schema import assert_valid_summary

CATALOGUE = load_catalogue()
INVENTORY = check_suite(
    suite_root() / "features", CATALOGUE, [o.id for o in CATALOGUE.in_scope("uk")]
)
TOKENS = {"FWC_TOKEN_OFFICER": "x", "FWC_TOKEN_IE_OFFICER": "y", "FWC_TOKEN_AUDITOR": "z"}


def _live(selected: set[str] | None) -> list[str]:
    return sorted(
        s.name
        for s in INVENTORY.scenarios
        if not s.bundle and (selected is None or set(s.obligations) & selected)
    )


@pytest.mark.parametrize("selected", [None, {"FW-01"}], ids=["all", "FW-01"])
def test_a_target_that_is_down_lists_only_live_scenarios(tmp_path, selected):
    assert any(s.bundle for s in INVENTORY.scenarios), "the suite has bundle scenarios"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    profile = write_profile(
        tmp_path, lambda d: d["target"].update(base_url=f"http://127.0.0.1:{closed}", retries=0)
    )
    chosen = [a for o in sorted(selected or ()) for a in ("--obligation", o)]
    result = cli(
        "run",
        "--target",
        str(profile),
        *chosen,
        "--no-html",
        "--no-pdf",
        reports=tmp_path / "r",
        env=TOKENS,
    )
    assert result.code == 2, result.stdout[-2000:] + result.stderr[-2000:]
    assert_valid_summary(result.summary)
    listed = sorted({s["name"] for o in result.summary["obligations"] for s in o["scenarios"]})
    assert listed == sorted(set(_live(selected)))
    cases = ET.parse(tmp_path / "r" / "junit.xml").getroot().iter("testsuite")
    scenario_cases = [c for suite in cases if suite.get("name") == "scenarios" for c in suite]
    assert len(scenario_cases) == len(_live(selected))
