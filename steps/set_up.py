"""The suite's set-up, one form per kind of thing set up: the planted case, a fact about one
of its people, and a new recipient in the register. Each form reads its phrase from its table
(steps/grammar.py)."""

from __future__ import annotations

import pytest
from pytest_bdd import given, parsers

from steps.grammar import Phrase, Table

CASES = Table("Given a … case in which …")
PERSONS = Table("Given the victim, the witness or the suspect …")
NEW_RECIPIENTS = Table("Given a new recipient, …")


@given(parsers.re(r"(?P<case>a (?:[a-z-]+ )?case in which .+)"), converters={"case": CASES})
def case_in_which(request: pytest.FixtureRequest, case: Phrase) -> None:
    case(request)


@given(parsers.re(r"(?P<fact>the (?:victim|witness|suspect)\b.+)"), converters={"fact": PERSONS})
def person_fact(request: pytest.FixtureRequest, fact: Phrase) -> None:
    fact(request)


@given(
    parsers.re(r"(?:a|another) new recipient, (?P<standing>.+)"),
    converters={"standing": NEW_RECIPIENTS},
)
def new_recipient(request: pytest.FixtureRequest, standing: Phrase) -> None:
    """'Another' reads better for the second recipient of a scenario; both register one."""
    standing(request)
