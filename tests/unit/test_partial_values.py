"""A planted value written in part, or reshaped the way real systems reshape it, is still found:
an address cut to its street line (a premises list carries no town or postcode), its street
abbreviated or written alone, and a phone number kept as a number, which loses its leading
zero (a spreadsheet does that to every phone column). Before, each passed every scan unseen.
A street only counts where the harness drew it: a declared person's ordinary street ("High
Street") is shared with thousands of others and is never a pattern of its own."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest

from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import scan_export
from firewall_conformance.detect.variants import persona_forms
from firewall_conformance.egress import EgressLedger

LEDGER = EgressLedger()
CAST = LEDGER.fresh_cast()
VICTIM = CAST["victim"]
# A person with values of the same kinds, none of them planted.
UNPLANTED = LEDGER.fresh_persona("victim")
MATCHER = CanaryMatcher.for_personas(CAST.values())


def _street_line(address: str) -> str:
    return address.split(",")[0]


RESHAPED = {
    "street line without town or postcode": (
        "csv",
        lambda p: f"id,premises\n1,{_street_line(p.address)}\n",
        "address",
    ),
    "street abbreviated": (
        "csv",
        lambda p: f"id,premises\n1,{_street_line(p.address).replace(' Road', ' Rd')}\n",
        "address",
    ),
    "street name alone in upper case": (
        "ndjson",
        lambda p: (
            json.dumps({"id": 1, "street": _street_line(p.address).split()[1].upper()}) + "\n"
        ),
        "address",
    ),
    "phone number kept as a number": (
        "ndjson",
        lambda p: (
            json.dumps({"id": 1, "contact": int("".join(c for c in p.phone if c.isdigit()))}) + "\n"
        ),
        "phone",
    ),
}


@pytest.mark.parametrize("case", list(RESHAPED))
def test_a_planted_value_written_in_part_is_found(tmp_path: Path, case: str) -> None:
    fmt, text, attribute = RESHAPED[case]
    path = tmp_path / f"export.{fmt}"
    path.write_text(text(VICTIM), encoding="utf-8")
    report = scan_export(MATCHER, path, fmt, "an export")
    found = {(f.persona, f.attribute) for f in report.findings if f.identifying}
    assert (VICTIM.label, attribute) in found, report.findings


@pytest.mark.parametrize("case", list(RESHAPED))
def test_the_same_shapes_of_someone_not_planted_find_nothing(tmp_path: Path, case: str) -> None:
    fmt, text, _ = RESHAPED[case]
    path = tmp_path / f"export.{fmt}"
    path.write_text(text(UNPLANTED), encoding="utf-8")
    assert scan_export(MATCHER, path, fmt, "an export").findings == []


def test_an_ordinary_street_of_a_declared_person_is_no_pattern_of_its_own() -> None:
    declared = dataclasses.replace(VICTIM, address="12 Highfield Road, Leeds LS1 4AB")
    texts = {text for _, _, text, _ in persona_forms(declared)}
    assert "highfield" not in texts and "12highfieldroad" not in texts


def test_a_value_inside_a_longer_sighting_of_it_counts_once() -> None:
    # The phone as written holds it kept as a number, a whole address holds its street: each
    # is one sighting, named by the longer form. With the forms added and no such rule, each
    # was a second finding ("phone, phone as phone-as-number" in a breach's reason).
    digest = hashlib.sha256(VICTIM.family_name.encode()).hexdigest()
    for value, expected in (
        (VICTIM.phone, ("phone", "plain")),
        (VICTIM.address, ("address", "plain")),
        (digest, ("family_name", "sha256")),
    ):
        hits = [(h.attribute, h.variant) for h in MATCHER.value_hits(value)]
        assert hits == [expected], (value, hits)
