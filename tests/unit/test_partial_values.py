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

from firewall_conformance.detect.attribution import attributed
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import scan_export
from firewall_conformance.detect.variants import persona_forms
from firewall_conformance.recipients.ledger import EgressLedger

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


def _initials(p) -> str:
    return f"{p.given_name[0]}.{p.family_name[0]}."


INITIALS_AND_BIRTH = {
    "initials and date of birth in one field (csv)": (
        "csv",
        lambda p: f'id,note\n1,"{_initials(p)}, born {p.date_of_birth}"\n',
    ),
    "initials and date of birth in one object (ndjson)": (
        "ndjson",
        lambda p: json.dumps({"id": 1, "who": _initials(p), "dob": p.date_of_birth}) + "\n",
    ),
    "initials spaced beside a UK date in a JSON document": (
        "json",
        lambda p: json.dumps(
            [{"subject": f"{p.given_name[0]} {p.family_name[0]}", "born": _uk(p.date_of_birth)}]
        ),
    ),
}


def _uk(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


@pytest.mark.parametrize("case", list(INITIALS_AND_BIRTH))
def test_initials_beside_a_date_of_birth_attribute_the_record(tmp_path: Path, case: str) -> None:
    # Before: a date of birth is shared with too many people to stand alone, and initials
    # were no finding, so "A.T., born 1987-03-14" reached immigration enforcement unseen,
    # though with its own records of names and dates of birth it singles the person out.
    fmt, text = INITIALS_AND_BIRTH[case]
    path = tmp_path / f"export.{fmt}"
    path.write_text(text(VICTIM), encoding="utf-8")
    findings = attributed(scan_export(MATCHER, path, fmt, "an export").findings)
    assert {(f.persona, f.attribute) for f in findings} == {
        (VICTIM.label, "date_of_birth"),
        (VICTIM.label, "initials"),
    }, findings


def test_initials_do_not_attribute_without_the_date_or_beside_a_stranger(tmp_path: Path) -> None:
    born = VICTIM.date_of_birth
    stranger = f"{UNPLANTED.given_name[0]}.{UNPLANTED.family_name[0]}."
    unlike = "Q.X." if stranger == _initials(VICTIM) else stranger
    words = f"{VICTIM.given_name[0]}ood {VICTIM.family_name[0]}ood"  # words, not initials
    rows = [
        {"id": 1, "who": _initials(VICTIM)},
        {"id": 2, "who": unlike, "dob": born},
        {"id": 3, "who": words, "dob": born},
        {"id": 4, "case": {"who": _initials(VICTIM)}, "other": {"dob": born}},
    ]
    path = tmp_path / "export.ndjson"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert attributed(scan_export(MATCHER, path, "ndjson", "an export").findings) == []


def test_initials_of_a_given_name_too_short_to_be_a_pattern_still_count(tmp_path: Path) -> None:
    # A real given name can be shorter than any pattern ("Jo"): its initial is still hers.
    short = dataclasses.replace(VICTIM, given_name="Jo")
    matcher = CanaryMatcher.for_personas([short])
    path = tmp_path / "export.ndjson"
    row = {"id": 1, "who": f"J. {short.family_name[0]}.", "dob": short.date_of_birth}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    findings = attributed(scan_export(matcher, path, "ndjson", "an export").findings)
    assert {f.attribute for f in findings} == {"date_of_birth", "initials"}, findings
