"""FW-03 against a vendor layer that keeps the firewall only for requests that look like the
harness's (its User-Agent, its look-up reason) and serves the immigration officer unfiltered
to any other client: the reads FW-03 turns on are asked a second time as another client."""

from __future__ import annotations

from tests.acceptance.conftest import scenario_against_mutant

SEARCHING = "An immigration officer cannot find a victim or a witness by searching"
OPENING = "An immigration officer cannot open a victim's or a witness's record directly"


def test_a_firewall_kept_only_for_the_harness_is_a_breach(tmp_path):
    # Before: FW-03 COMPLIANT; every request was the Python requests library's, which the
    # layer took for a test.
    outcome, searching = scenario_against_mutant(
        tmp_path, "firewall-only-for-the-harness", "FW-03", SEARCHING
    )
    [fw03] = [o for o in outcome.summary["obligations"] if o["id"] == "FW-03"]
    [opening] = [s for s in fw03["scenarios"] if s["name"].startswith(OPENING)]
    assert searching["outcome"] == "breach", searching
    assert opening["outcome"] == "breach", opening
    assert "from another client" in str(opening), opening
    assert outcome.verdicts["FW-03"] == "BREACH" and outcome.code == 1
