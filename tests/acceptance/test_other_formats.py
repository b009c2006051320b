"""FW-03: a record asked for in another format than JSON goes through another renderer, which a
vendor may have left outside the firewall. Run against the reference with a vendor layer that
serves a record as CSV, to anyone, when CSV is asked for."""

from __future__ import annotations

from tests.acceptance.conftest import scenario_against_mutant

SCENARIO = "An immigration officer cannot open a victim's or a witness's record directly"


def test_a_record_served_as_csv_to_the_immigration_officer_is_a_breach(tmp_path):
    # Before: FW-03 COMPLIANT; the record was only ever asked for as JSON.
    outcome, opening = scenario_against_mutant(
        tmp_path, "csv-record-skips-firewall", "FW-03", SCENARIO
    )
    assert opening["outcome"] == "breach", opening
    assert "asked for as CSV" in opening["reason"], opening["reason"]
    assert outcome.verdicts["FW-03"] == "BREACH" and outcome.code == 1
