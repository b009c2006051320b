"""Formats for planted values (persons/value_formats.py): the subset is read, values are drawn to fit
and stay findable, and a pattern that cannot hold a unique findable value is refused."""

from __future__ import annotations

import random
import re

import pytest

from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.persons.personas import make_persona
from firewall_conformance.persons.value_formats import FormatRefused, parse, parse_all
from firewall_conformance.recipients.ledger import EgressLedger


@pytest.mark.parametrize(
    "pattern",
    ["[0-9]{9}", "07[0-9]{9}", r"^[A-Z]{2}\d{7}$", "GB-[A-Z0-9]{8}", r"X\.[0-9]{6}[A-F]{4}"],
)
def test_drawn_values_fit_their_pattern(pattern):
    rng = random.Random(1)
    values = {parse(pattern).draw(rng) for _ in range(200)}
    assert len(values) == 200
    assert all(re.fullmatch(pattern, v) for v in values), sorted(values)[:3]


@pytest.mark.parametrize(
    ("pattern", "said"),
    [
        ("[0-9]{6}", "only 1,000,000 different values"),
        ("07[0-9]{8}", "only 100,000,000 different values"),
        ("AB[0-9]{4}", "only 10,000 different values"),
        ("[0-9]{3}", "the canary matcher needs at least 6"),
        ("[0-9]+", "'+' is not supported"),
        ("[0-9]{8,9}", "fixed count"),
        ("(07|08)[0-9]{9}", "'(' is not supported"),
        ("[^0-9]{9}", "negated"),
        ("[0-9 ]{12}", "mixing letters or digits with punctuation"),
        (r"\w{9}", r"'\w' is not supported"),
        ("[0-9", "not closed"),
    ],
)
def test_a_pattern_outside_the_subset_or_too_small_is_refused_with_why(pattern, said):
    with pytest.raises(FormatRefused, match=re.escape(said)):
        parse(pattern)


def test_refusals_are_named_by_key_path():
    parsed, problems = parse_all({"phone": "07[0-9]{9}", "passport_number": "[0-9]{5}"}, "p")
    assert list(parsed) == ["phone"]
    assert problems and problems[0].startswith("at p.passport_number: the pattern '[0-9]{5}'")


def test_personas_take_the_formats_and_the_matcher_finds_them():
    formats = {"passport_number": parse("[0-9]{9}"), "phone": parse("07[0-9]{9}")}
    persona = make_persona("victim", random.Random(5), formats=formats)
    assert re.fullmatch("[0-9]{9}", persona.passport_number)
    assert re.fullmatch("07[0-9]{9}", persona.phone)
    matcher = CanaryMatcher.for_personas([persona])
    found = {
        p.attribute for p in matcher.value_hits(f"tel {persona.phone} / {persona.passport_number}")
    }
    assert {"phone", "passport_number"} <= found


def test_a_runs_personas_each_get_their_own_formatted_values():
    ledger = EgressLedger(formats={"passport_number": parse("[0-9]{9}")})
    numbers = [ledger.fresh_persona("victim").passport_number for _ in range(300)]
    assert len(set(numbers)) == 300
    assert all(re.fullmatch("[0-9]{9}", n) for n in numbers)
