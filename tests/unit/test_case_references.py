"""A planted case's reference is drawn in the target's own shape (persons/case_references.py), or
a common crime-reference shape, never one naming the harness; the run's evidence names every
planted case instead (run/cleanup.py)."""

from __future__ import annotations

import random
import re
from dataclasses import replace

import pytest

from firewall_conformance.persons.case_references import COMMON_SHAPE, case_reference
from firewall_conformance.persons.personas import make_persona
from firewall_conformance.persons.value_formats import parse_all
from firewall_conformance.run.cleanup import Cleanup
from firewall_conformance.scenario_suite.files import reference_profile
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.base import SeededCase
from firewall_conformance.targets.http import HttpTarget
from firewall_conformance.targets.profile import load_profile

TOKENS = {"investigator": "t", "immigration_officer": "u", "auditor": "v"}
# The reference system's own references ("EXC/2024/00421"), as its profile gives them.
REFERENCE_SHAPE = r"EXC/202[2-6]/[0-9]{5}"


def _references_sent(given_formats: bool) -> list[str]:
    profile = load_profile(reference_profile())
    if not given_formats:
        profile = replace(profile, planted_formats={})
    target = HttpTarget(profile, TOKENS)
    sent: list[str] = []
    ids = iter(f"ID-{n}" for n in range(100))

    def answer(action, capability, values, account=None, spec=None):
        if "case_reference" in values:
            sent.append(values["case_reference"])
        key = "case_id" if spec["path"].endswith("cases") else "person_id"
        return Attempt(True, "accepted (201)", {key: next(ids)})

    target._request = answer  # type: ignore[method-assign]
    rng = random.Random(7)
    for _ in range(5):
        seeded = target.seed_case([make_persona("victim", rng)], "Assault", "what happened")
        assert seeded.reference == sent[-1]
    return sent


def test_a_planted_case_takes_the_reference_shape_the_profile_gives():
    """Before: every planted case was 'FWC-' and eight hex digits, whatever the system's own
    references looked like, so a system could keep the firewall for those cases alone."""
    sent = _references_sent(given_formats=True)
    assert len(set(sent)) == 5 and all(re.fullmatch(REFERENCE_SHAPE, r) for r in sent), sent


def test_without_a_shape_a_planted_case_takes_a_common_crime_reference_shape():
    sent = _references_sent(given_formats=False)
    assert all(re.fullmatch(r"[0-9]{2}/[0-9]{7}/[0-9]{2}", r) for r in sent), sent
    assert not any("FWC" in r for r in sent)
    assert re.fullmatch(COMMON_SHAPE, case_reference({}, set(), random.Random(1)))


def test_no_two_planted_cases_of_a_run_share_a_reference():
    formats, _ = parse_all({"case_reference": "EXC/[0-9]{5}"}, "planted_formats")
    taken: set[str] = set()
    drawn = [case_reference(formats, taken, random.Random(n % 3)) for n in range(30)]
    assert len(set(drawn)) == 30 and taken == set(drawn)


def test_a_case_reference_needs_fewer_values_than_a_person_s_detail():
    parsed, problems = parse_all(
        {"case_reference": REFERENCE_SHAPE, "passport_number": "[0-9]{6}"}, "planted_formats"
    )
    assert list(parsed) == ["case_reference"]
    assert problems and "passport_number" in problems[0]
    _, problems = parse_all({"case_reference": "EXC/[0-9]{4}"}, "planted_formats")
    assert "only 10,000 different values" in problems[0]


def test_a_case_reference_shape_is_not_drawn_for_a_person():
    formats, _ = parse_all({"case_reference": REFERENCE_SHAPE}, "planted_formats")
    persona = make_persona("victim", random.Random(3), formats=formats)
    assert not re.fullmatch(REFERENCE_SHAPE, persona.passport_number)


@pytest.mark.parametrize("reference", ["EXC/2024/00421", None])
def test_the_evidence_names_every_planted_case_and_person(reference: str | None):
    cleanup = Cleanup(remover=lambda seeded: [])
    seeded = SeededCase("C-9", {"the victim": "P-1", "the suspect": "P-2"}, reference)
    cleanup.remember(seeded, "a scenario")
    cleanup.remove(seeded, "a scenario")
    assert cleanup.planted_records == [
        {
            "scenario": "a scenario",
            "case_id": "C-9",
            "case_reference": reference,
            "persons": {"the victim": "P-1", "the suspect": "P-2"},
        }
    ]
