"""Every printed count agrees with its number: never "1 register entries" (issue 16, item 7)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from firewall_conformance.reporting.wording import counts
from firewall_conformance.wording.plural import agree, count, every, listing

CHECKS = Path(__file__).parents[2] / "src" / "firewall_conformance" / "claims"


@pytest.mark.parametrize(
    ("number", "nouns", "said"),
    [
        (1, "register entries", "1 register entry"),
        (2, "register entries", "2 register entries"),
        (1, "log entries read by the auditor", "1 log entry read by the auditor"),
        (1, "status checks", "1 status check"),
        (1, "victims and witnesses", "1 victim or witness"),
        (1, "searches by one detail in the search box", "1 search by one detail in the search box"),
        (1, "releases declined", "1 release declined"),
        (1, "bytes", "1 byte"),
        (1, "signposting", "1 signposting"),
        (0, "obligations", "0 obligations"),
        (1200, "records", "1,200 records"),
    ],
)
def test_a_count_agrees_with_its_number(number, nouns, said):
    assert count(number, nouns) == said


def test_what_a_run_examined_is_counted_in_agreement():
    assert counts({"register entries": 1, "records": 3, "exports": 0}) == (
        "1 register entry, 3 records"
    )


def test_lists_read_as_english():
    assert [listing([]), listing(["A"]), listing(["A", "B"]), listing(iter("ABC"))] == [
        "",
        "A",
        "A and B",
        "A, B and C",
    ]


def test_a_claim_about_every_one_of_one_thing_reads_as_english():
    # Before: "all 1 status checks on the victim or the witness were refused".
    one = f"{every(1, 'status checks')} on the victim {agree(1, 'was', 'were')} refused"
    many = f"{every(3, 'status checks')} on the victim {agree(3, 'was', 'were')} refused"
    assert one == "the one status check on the victim was refused"
    assert many == "all 3 status checks on the victim were refused"
    assert every(1, "disclosures and exports") == "the one disclosure or export"


def test_no_claim_counts_all_of_one_thing():
    claims = "\n".join(p.read_text(encoding="utf-8") for p in CHECKS.glob("*.py"))
    assert not re.search(r"all \{len\(", claims), "a claim counting 'all N' without every()"
