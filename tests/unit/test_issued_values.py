"""A new persona's value clashes with the run's issued values exactly when it equals, holds or
sits inside one of them, as comparing it with each would say."""

import random

import pytest

from firewall_conformance.persons.issued_values import IssuedValues


def test_a_clash_is_what_comparing_with_every_issued_value_finds() -> None:
    rng = random.Random(3)
    issued = IssuedValues()
    seen: set[str] = set()
    for _ in range(400):
        value = "".join(rng.choice("abc") for _ in range(rng.randint(1, 7)))
        assert issued.clashes(value) == any(value in old or old in value for old in seen)
        if rng.random() < 0.1:
            issued.issue([value])
            seen.add(value)


def test_a_value_is_not_found_across_two_issued_values() -> None:
    issued = IssuedValues()
    issued.issue(["morfield", "ashby"])
    assert not issued.clashes("fieldash")
    assert issued.clashes("field")
    assert issued.clashes("xashbyx")


def test_a_value_with_a_line_break_is_refused() -> None:
    with pytest.raises(ValueError):
        IssuedValues().clashes("a\nb")
