"""Record numbers of the same form as a planted person's that name no one (FW-03): what an
immigration officer holding an id of a stranger would type, to compare answers with."""

from __future__ import annotations

import re

from firewall_conformance.targets.decoy_ids import same_form


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
