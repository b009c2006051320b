"""FW-03: a withholding must hold on the second asking too. Run against the reference with a
vendor layer that serves an immigration officer's repeated search from a cache of the
unfiltered answer."""

from __future__ import annotations

from tests.acceptance.conftest import scenario_against_mutant

SCENARIO = "An immigration officer cannot find a victim or a witness by searching"


def test_a_search_that_serves_a_victim_when_asked_again_is_a_breach(tmp_path):
    # Before: FW-03 and FW-01 COMPLIANT; an answered search was never asked again.
    outcome, searching = scenario_against_mutant(
        tmp_path, "repeated-search-served-unfiltered", "FW-03", SCENARIO
    )
    assert searching["outcome"] == "breach", searching
    assert outcome.verdicts["FW-03"] == "BREACH" and outcome.code == 1
