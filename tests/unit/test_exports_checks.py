"""FW-01's claim over exports to immigration enforcement: a positive control in each export."""

from __future__ import annotations

import random

import pytest

from firewall_conformance.claims import exports as check
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.model.evidence import ScenarioEvidence
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.persons.personas import make_cast
from firewall_conformance.targets.base import ExportFile
from firewall_conformance.targets.profile import Recipient

IE = Recipient("immigration-enforcement", "IE-1", "immigration", "section 1")
CAST = make_cast(random.Random(19))
MATCHER = CanaryMatcher.for_personas(CAST.values())


def _export(tmp_path, *people) -> ExportFile:
    rows = ["role,full_name,date_of_birth", "suspect,Nobody Planted,1970-01-01"]
    rows += [f"{p.role},{p.full_name},{p.date_of_birth}" for p in people]
    path = tmp_path / "ie.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return ExportFile(path, "csv", IE, None, "E-1")


def test_an_export_holding_the_suspect_and_no_victim_or_witness_is_kept(tmp_path):
    result = check.none_protected(
        ScenarioEvidence(), MATCHER, [_export(tmp_path, CAST["suspect"])], list(CAST.values())
    )
    assert "held the suspect and nothing about" in result.claim
    assert result.examined["records"] == 2


def test_an_export_without_the_suspect_shows_nothing(tmp_path):
    with pytest.raises(Inconclusive, match="the suspect, whom immigration enforcement may"):
        check.none_protected(ScenarioEvidence(), MATCHER, [_export(tmp_path)], list(CAST.values()))


def test_a_witness_in_the_export_is_a_breach_with_or_without_the_suspect(tmp_path):
    with pytest.raises(Breach, match="witness reached immigration enforcement"):
        check.none_protected(
            ScenarioEvidence(), MATCHER, [_export(tmp_path, CAST["witness"])], list(CAST.values())
        )


def test_no_one_lawful_planted_is_inconclusive(tmp_path):
    protected = [CAST["victim"], CAST["witness"]]
    with pytest.raises(Inconclusive, match="No one immigration enforcement may lawfully"):
        check.none_protected(ScenarioEvidence(), MATCHER, [_export(tmp_path)], protected)
