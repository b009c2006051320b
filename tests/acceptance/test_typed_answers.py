"""Typed answers read where the HTTP adapter reads them (targets/answers.py), through the
reference on a real socket: a value of the wrong kind in a target's answer is a plain
Inconclusive naming the profile key, never an id made up from it, and a multi-step
operation's answer takes every step's values, later steps winning."""

from __future__ import annotations

import random

import pytest

from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.persons.personas import make_persona
from firewall_conformance.reference.server import ReferenceServer
from firewall_conformance.run.runner import _credentials, reference_environment
from firewall_conformance.scenario_suite.files import reference_profile
from firewall_conformance.targets.answers import RegisterEntry
from firewall_conformance.targets.http import HttpTarget
from firewall_conformance.targets.profile import load_profile

READ_BACK = {
    "method": "GET",
    "account": "investigator",
    "path": "/api/v1/persons/{person}",
    "query": {"reason": "confirming the test person just recorded"},
}


def _target(server: ReferenceServer, edit) -> HttpTarget:
    profile = load_profile(reference_profile()).with_base_url(server.base_url)
    edit(profile.capabilities)
    return HttpTarget(profile, _credentials(profile, reference_environment(server.tokens)))


def test_an_id_given_as_a_list_is_inconclusive_not_planted_under_a_made_up_id():
    """Before: the list's text ('[]') became the planted person's id without a word."""

    def edit(capabilities: dict) -> None:
        create = {**capabilities["seed-case"]["create_person"], "returns": {"person": "person_id"}}
        # The person's roles (a list) are where the profile says the id is.
        capabilities["seed-case"]["create_person"] = {
            "steps": [create, {**READ_BACK, "returns": {"id": "roles"}}]
        }

    with ReferenceServer() as server:
        target = _target(server, edit)
        with pytest.raises(Inconclusive) as raised:
            target.seed_case([make_persona("victim", random.Random(5))], "Theft", "An account.")
    assert str(raised.value) == (
        "The target's answer to 'record the victim' held a list as its id, where a text or a "
        "number was wanted (profile key seed-case.create_person.returns.id)."
    )


def test_a_multi_step_answer_is_every_steps_values_later_steps_winning():
    with ReferenceServer() as server:
        planter = _target(server, lambda capabilities: None)
        seeded = planter.seed_case(
            [make_persona("witness", random.Random(3))], "Theft", "A planted account."
        )

        def edit(capabilities: dict) -> None:
            health = {"method": "GET", "path": "/api/v1/health"}
            capabilities["recipient-register"]["read"] = {
                "account": "investigator",
                "steps": [
                    {**health, "returns": {"approved_by": "status", "certified_on": "status"}},
                    {**READ_BACK, "returns": {"approved_by": "family_name"}},
                ],
            }

        person = seeded.person_ids["the witness"]
        attempt = _target(server, edit).operate("recipient-register", "read", {"person": person})
    entry = attempt.answer_as(RegisterEntry)
    assert entry.approved_by == make_persona("witness", random.Random(3)).family_name
    assert entry.certified_on == "ok"
    assert entry.declared == {"approved_by", "certified_on"}


def test_an_accepted_answer_of_the_wrong_kind_keeps_what_the_system_did():
    """Before: the adapter raised as soon as the value was read, so a check that judges by the
    acceptance alone (an export sent to a recipient that should have been refused) never ran."""

    def edit(capabilities: dict) -> None:
        capabilities["recipient-register"]["read"] = {
            **READ_BACK,
            "returns": {"approved_by": "roles", "certified_on": "family_name"},
        }

    with ReferenceServer() as server:
        planter = _target(server, lambda capabilities: None)
        seeded = planter.seed_case(
            [make_persona("witness", random.Random(3))], "Theft", "A planted account."
        )
        person = seeded.person_ids["the witness"]
        attempt = _target(server, edit).operate("recipient-register", "read", {"person": person})
    assert attempt.allowed
    with pytest.raises(Inconclusive) as raised:
        attempt.answer_as(RegisterEntry)
    assert str(raised.value) == (
        "The target's answer to 'read (recipient-register)' held a list as its approved by, "
        "where a text or a number was wanted (profile key recipient-register.read.returns."
        "approved_by)."
    )
