"""A planted value written where no field value stands is still found: as a column name, as a
JSON key (digits or an e-mail address included), in an XML comment, processing instruction or
text between elements. An adversarial export puts a victim's details exactly there; before, each
of these passed every scan unseen."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import scan_export
from firewall_conformance.personas import make_cast

CAST = make_cast(random.Random(3))
VICTIM = CAST["victim"]
MATCHER = CanaryMatcher.for_personas(CAST.values())

HIDDEN = {
    "family name as a column name": (
        "csv",
        f"id,{VICTIM.family_name},note\n1,x,y\n",
        "family_name",
    ),
    "passport number in a column name": (
        "csv",
        f"id,P{VICTIM.passport_number},note\n1,x,y\n2,z,w\n",
        "passport_number",
    ),
    "passport number as a JSON key": (
        "ndjson",
        json.dumps({"id": 1, VICTIM.passport_number: "x"}) + "\n",
        "passport_number",
    ),
    "e-mail address as a JSON key": (
        "ndjson",
        json.dumps({"id": 1, "contacts": {VICTIM.email: "x"}}) + "\n",
        "email",
    ),
    "e-mail address as a key in a JSON document": (
        "json",
        json.dumps([{"id": 1, VICTIM.email: {"seen": True}}]),
        "email",
    ),
    "family name in an XML comment": (
        "xml",
        f"<records><person><id>1</id><!-- {VICTIM.family_name} --></person></records>",
        "family_name",
    ),
    "family name in a comment between XML records": (
        "xml",
        f"<records><person><id>1</id></person><!-- {VICTIM.family_name} --></records>",
        "family_name",
    ),
    "passport number in an XML processing instruction": (
        "xml",
        f"<records><person><?audit {VICTIM.passport_number}?><id>1</id></person></records>",
        "passport_number",
    ),
    "family name in text after an XML element": (
        "xml",
        f"<records><person><id>1</id> {VICTIM.family_name} </person></records>",
        "family_name",
    ),
    "family name in text between XML records": (
        "xml",
        f"<records><person><id>1</id></person>{VICTIM.family_name}<person/></records>",
        "family_name",
    ),
}


@pytest.mark.parametrize("case", list(HIDDEN))
def test_a_planted_value_where_no_value_stands_is_found(tmp_path: Path, case: str) -> None:
    fmt, text, attribute = HIDDEN[case]
    path = tmp_path / f"export.{fmt}"
    path.write_text(text, encoding="utf-8")
    report = scan_export(MATCHER, path, fmt, "an export")
    found = {(f.persona, f.attribute) for f in report.findings if f.identifying}
    assert (VICTIM.label, attribute) in found, report.findings


@pytest.mark.parametrize("case", list(HIDDEN))
def test_the_same_places_holding_nothing_planted_find_nothing(tmp_path: Path, case: str) -> None:
    fmt, text, _ = HIDDEN[case]
    path = tmp_path / f"export.{fmt}"
    for value in (VICTIM.family_name, VICTIM.passport_number, VICTIM.email):
        text = text.replace(value, "Unplanted")
    path.write_text(text, encoding="utf-8")
    assert scan_export(MATCHER, path, fmt, "an export").findings == []
