"""FW-03: the audit log names every victim and witness the immigration officer was refused or
had withheld (and what was searched for), so an officer who can read it finds them there. Run
against the reference with a vendor layer that opens the log to the officer's account."""

from __future__ import annotations

from tests.acceptance.conftest import scenario_against_mutant

SCENARIO = "An immigration officer cannot open a victim's or a witness's record directly"


def test_an_audit_log_the_immigration_officer_can_read_is_a_breach(tmp_path):
    # Before: FW-03 COMPLIANT; only the investigator's reading of the log was tried.
    outcome, opening = scenario_against_mutant(
        tmp_path, "audit-log-open-to-immigration", "FW-03", SCENARIO
    )
    assert opening["outcome"] == "breach", opening
    assert "immigration officer" in opening["reason"] and "audit log" in opening["reason"]
    assert outcome.verdicts["FW-03"] == "BREACH" and outcome.code == 1
