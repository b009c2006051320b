"""A step run before the step it depends on fails with a plain reason (was an IndexError,
'list index out of range', or an assertion with no message)."""

from __future__ import annotations

import random

import pytest

from firewall_conformance.model.evidence import ScenarioState, Tried
from firewall_conformance.persons.personas import make_cast
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.base import SeededCase
from steps.case_files import CaseWork
from steps.recipients import _registered
from steps.wiring import Acts, last_tried, naming, planted_case

CAST = make_cast(random.Random(4))


def test_a_step_that_needs_the_planted_case_says_so() -> None:
    with pytest.raises(AssertionError, match="a Given step must plant the case first"):
        planted_case(ScenarioState())
    seeded = SeededCase("C-1", {})
    assert planted_case(ScenarioState(seeded=seeded)) is seeded


def test_a_step_that_needs_an_earlier_attempt_names_it_and_takes_the_latest() -> None:
    state = ScenarioState(cast=CAST)
    with pytest.raises(AssertionError, match="no status-check attempt was made before this step"):
        last_tried(state, "status-check")
    first, second = (
        Tried("status-check", CAST[role], f"P-{role}", Attempt(True, "ok"))
        for role in ("suspect", "victim")
    )
    state.tried += [first, second]
    assert last_tried(state, "status-check") is second
    assert last_tried(state, "status-check", role=("suspect",)) is first
    with pytest.raises(AssertionError, match="no status-check attempt"):
        last_tried(state, "status-check", role=("witness",))


def test_a_claim_about_the_latest_act_says_when_there_was_none_or_it_means_nothing_there() -> None:
    acts, meanings = Acts(), {"search": "not found", "export": "none exported"}
    with pytest.raises(AssertionError, match="no act was made before the claim 'receives nothing'"):
        acts.meaning(meanings, "receives nothing")
    acts.made("search")
    acts.made("export")
    assert acts.meaning(meanings, "receives nothing") == "none exported"
    acts.made("subject access request")
    with pytest.raises(
        AssertionError,
        match="the claim 'receives nothing' has no meaning after the act 'subject access request'",
    ):
        acts.meaning(meanings, "receives nothing")


def test_a_claim_said_of_other_people_than_its_check_looks_at_says_so() -> None:
    naming(["witness", "victim"], ("victim", "witness"), "receives nothing")
    with pytest.raises(AssertionError) as wrong:
        naming(["victim", "suspect"], ("victim", "witness"), "receives nothing")
    assert str(wrong.value).startswith(
        "'receives nothing' is checked for the victim and the witness here, "
        "but the sentence names the victim and the suspect"
    )


def test_a_claim_about_a_change_of_role_made_before_any_change_says_so() -> None:
    with pytest.raises(AssertionError, match="a When step must change someone's role first"):
        CaseWork().role_changes_made()
    made = [Attempt(True, "changed")]
    assert CaseWork(role_changes=made).role_changes_made() == made


def test_a_claim_about_a_recipient_the_scenario_did_not_register_names_it() -> None:
    # Was a KeyError naming only the label.
    with pytest.raises(
        AssertionError, match="no recipient called 'the new recipent' was registered"
    ):
        _registered({}, "the new recipent")
