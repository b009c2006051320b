"""The retention claims (FW-22) on hand-made look-ups: erased means "not found", never refused."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from firewall_conformance.claims import retention as check
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.model.evidence import ScenarioEvidence
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.persons.personas import make_cast, make_persona
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.base import ExportFile
from firewall_conformance.targets.profile import Recipient

CAST = make_cast(random.Random(22))
KEPT = make_persona("victim", random.Random(23), "the second victim")
MATCHER = CanaryMatcher.for_personas([*CAST.values(), KEPT])
CPS = Recipient("prosecution", "cps", "prosecution", "DPA", ())

FOUND = Attempt(True, "accepted (200)")
NOT_FOUND = Attempt(False, "not found (404)", missing=True)
REFUSED = Attempt(False, "refused (403)")


def export(tmp_path: Path) -> list[ExportFile]:
    """An export holding only the suspect and the second victim."""
    path = tmp_path / "cps.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(("person_id", "given_name", "family_name", "date_of_birth"))
        for n, persona in enumerate((CAST["suspect"], KEPT)):
            born = str(persona.date_of_birth)
            writer.writerow((f"P-{n}", persona.given_name, persona.family_name, born))
    return [ExportFile(path, "csv", CPS, None, "E-1")]


def searched(*items: dict) -> Attempt:
    return Attempt(True, "accepted (200)", list(items), ids=[str(i["person_id"]) for i in items])


def lookups(search: Attempt, opened: Attempt) -> list[check.Lookup]:
    return [check.Lookup(CAST[role], f"P-{role}", search, opened) for role in ("victim", "witness")]


def test_erased_persons_not_found_anywhere_pass(tmp_path: Path) -> None:
    result = check.erased(
        ScenarioEvidence(), MATCHER, lookups(searched(), NOT_FOUND), export(tmp_path)
    )
    assert "answered that they do not exist" in result.claim


def test_a_refused_record_is_not_an_erased_one(tmp_path: Path) -> None:
    # The old check counted any refusal to open the record as erasure, so a system that
    # restricted the record but kept it passed.
    with pytest.raises(
        Inconclusive, match="record answered refused \\(403\\), not that it does not exist"
    ):
        check.erased(ScenarioEvidence(), MATCHER, lookups(searched(), REFUSED), export(tmp_path))


def test_a_refused_search_is_not_an_empty_one(tmp_path: Path) -> None:
    with pytest.raises(Inconclusive, match="the search for the victim answered refused"):
        check.erased(ScenarioEvidence(), MATCHER, lookups(REFUSED, NOT_FOUND), export(tmp_path))


def test_a_search_result_holding_the_person_under_another_id_is_a_breach(tmp_path: Path) -> None:
    victim = CAST["victim"]
    rekeyed = {
        "person_id": "P-new",
        "given_name": victim.given_name,
        "family_name": victim.family_name,
    }
    with pytest.raises(Breach, match="the victim \\(by search\\)"):
        check.erased(
            ScenarioEvidence(), MATCHER, lookups(searched(rekeyed), NOT_FOUND), export(tmp_path)
        )


def test_a_record_still_opened_is_a_breach(tmp_path: Path) -> None:
    with pytest.raises(Breach, match="by opening their record"):
        check.erased(ScenarioEvidence(), MATCHER, lookups(searched(), FOUND), export(tmp_path))


def test_the_control_needs_the_kept_victim_everywhere(tmp_path: Path) -> None:
    kept = check.Lookup(KEPT, "P-1", searched({"person_id": "P-1"}), FOUND)
    assert check.still_there(ScenarioEvidence(), MATCHER, kept, export(tmp_path)).control
    hidden = check.Lookup(KEPT, "P-1", searched({"person_id": "P-1"}), REFUSED)
    with pytest.raises(Inconclusive, match="opening their record"):
        check.still_there(ScenarioEvidence(), MATCHER, hidden, export(tmp_path))
