"""FW-03: a record or a search asked for in another format than JSON goes through another
renderer, which a vendor may have left outside the firewall; so may a read with an option or a
criterion its published interface offers and the target profile does not map, and a search made
while another account's is being answered. Run against the reference with vendor layers that
serve each of these to anyone."""

from __future__ import annotations

import pytest

from tests.acceptance.conftest import scenario_against_mutant

OPENING = "An immigration officer cannot open a victim's or a witness's record directly"
SEARCH = "An immigration officer cannot find a victim or a witness by searching"


@pytest.mark.parametrize(
    ("mutant", "scenario", "said"),
    [
        ("csv-record-skips-firewall", OPENING, ["asked for as CSV"]),
        ("record-full-view-skips-firewall", OPENING, ["with view=full"]),
        ("csv-search-skips-firewall", SEARCH, ["asked for as CSV"]),
        ("search-by-birth-order-skips-firewall", SEARCH, ["with sort=date_of_birth"]),
        ("search-by-case-skips-firewall", SEARCH, ["by case_id"]),
        (
            "overlapping-search-skips-firewall",
            SEARCH,
            ["made at the same moment as an investigator's"],
        ),
        (
            "sorted-search-counts-withheld",
            SEARCH,
            ["tells them the person is on record", "with sort=date_of_birth", "withheld"],
        ),
    ],
)
def test_a_read_answered_another_way_to_the_immigration_officer_is_a_breach(
    tmp_path, mutant, scenario, said
):
    # Before: FW-03 COMPLIANT; each read was asked only as the profile maps it, as JSON, one
    # at a time, and never compared with the same read for people not on record.
    outcome, judged = scenario_against_mutant(tmp_path, mutant, "FW-03", scenario)
    assert judged["outcome"] == "breach", judged
    assert all(words in judged["reason"] for words in said), judged["reason"]
    assert outcome.verdicts["FW-03"] == "BREACH" and outcome.code == 1
