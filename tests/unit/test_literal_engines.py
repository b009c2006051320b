"""The Aho-Corasick engine, which holds only each literal's first characters and checks the
rest where they are found, reports exactly what a search for every literal would: every
occurrence, overlaps included, ordered by where it ends and, at one end, longest first."""

import random

from firewall_conformance.detect.engines import AHO_CORASICK, PREFIX, build


def _every_occurrence(literals: list[str], text: str) -> list[tuple[int, int]]:
    found = [
        (start, index)
        for index, literal in enumerate(literals)
        if literal
        for start in range(len(text) - len(literal) + 1)
        if text.startswith(literal, start)
    ]
    return sorted(found, key=lambda hit: (hit[0] + len(literals[hit[1]]), -len(literals[hit[1]])))


def test_literals_sharing_their_first_characters_are_each_found_in_order() -> None:
    rng = random.Random(7)
    for _ in range(200):
        # A small alphabet: many literals share a start, hold one another and overlap.
        literals = list(
            {
                "".join(rng.choice("ab ") for _ in range(rng.randint(1, 2 * PREFIX)))
                for _ in range(30)
            }
        )
        text = "".join(rng.choice("ab c") for _ in range(rng.randint(0, 80)))
        engine = build(AHO_CORASICK, literals)
        assert engine.starts(text) == _every_occurrence(literals, text)
        assert engine.starts(text.encode("ascii")) == _every_occurrence(literals, text)


def test_a_literal_longer_than_the_prefix_is_not_found_from_its_start_alone() -> None:
    literal = "x" * PREFIX + "tail"
    engine = build(AHO_CORASICK, [literal])
    assert engine.starts("x" * PREFIX + "tai") == []
    assert engine.starts("x" * (PREFIX + 1) + "tail") == [(1, 0)]
