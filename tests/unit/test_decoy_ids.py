"""Record numbers of the same form as a planted person's that name no one (FW-03): what an
immigration officer holding an id of a stranger would type, to compare answers with."""

from __future__ import annotations

import re

from firewall_conformance.targets.decoy_ids import passes_luhn, same_form, with_luhn_check


def test_an_opaque_id_keeps_its_prefix_and_every_character_keeps_its_kind() -> None:
    decoys = same_form("P-3f9c0a1b2d4e5f60")
    assert decoys[0] == "P-4a0d1b2c3e5f6a71"
    for decoy in decoys:
        assert re.fullmatch(r"P-[0-9a-f]{16}", decoy), decoy


def test_a_sequential_id_keeps_its_letters_and_changes_its_digits() -> None:
    assert same_form("P17")[:2] == ["P28", "P39"]
    assert same_form("17")[:2] == ["28", "39"]
    assert same_form("CASE-ab/X9")[0] == "CASE-ab/X0"


def test_the_decoys_are_distinct_and_none_is_the_id() -> None:
    for person_id in ("P-3f9c0a1b2d4e5f60", "17", "abc", "P-ZZ9"):
        decoys = same_form(person_id)
        assert len(decoys) >= 4
        assert len(set(decoys)) == len(decoys)
        assert person_id not in decoys


def test_a_number_with_a_luhn_check_digit_gets_decoys_that_pass_the_check_too() -> None:
    # Before: every digit was turned, the check digit with them, so nine in ten decoys failed
    # the check and a system that checks it answered them "malformed".
    assert passes_luhn("79927398713") and not passes_luhn("79927398710")
    decoys = same_form("P-79927398713")
    assert len(decoys) == 5 and all(passes_luhn(d.removeprefix("P-")) for d in decoys)
    assert all(re.fullmatch(r"P-\d{11}", d) for d in decoys)


def test_a_hexadecimal_number_checked_mod_16_keeps_its_check_and_its_letter_case() -> None:
    checked = with_luhn_check("3f9c0a1b2d4e5f60")
    assert passes_luhn(checked) and checked != "3f9c0a1b2d4e5f60"
    assert all(passes_luhn(d.removeprefix("P-")) for d in same_form(f"P-{checked}"))
    # Letters before the first digit are kept as a prefix, yet belong to the checked run.
    lettered = with_luhn_check("ab3f9c0a1b2d4e5f")
    assert all(passes_luhn(d.removeprefix("P-")) for d in same_form(f"P-{lettered}"))
    upper = with_luhn_check("3F9C0A1B2D4E5F60")
    assert all(re.fullmatch(r"P-[0-9A-F]{16}", d) for d in same_form(f"P-{upper}"))
    assert all(passes_luhn(d.removeprefix("P-")) for d in same_form(f"P-{upper}"))


def test_a_short_or_unchecked_number_is_turned_as_before() -> None:
    assert not passes_luhn("18")  # passes mod 10, but too short to be taken for checked
    assert same_form("P-3f9c0a1b2d4e5f61")[0] == "P-4a0d1b2c3e5f6a72"
