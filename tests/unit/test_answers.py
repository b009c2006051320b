"""Typed answers (targets/answers.py): the dataclasses and data/profile_operations.yaml declare
the same keys, and a value missing where one is needed, or of the wrong kind, is a plain
Inconclusive naming the operation and the profile key, never a KeyError or a silent None."""

from __future__ import annotations

from typing import Any

import pytest

from firewall_conformance.audit.logged_operations import EVERY_OPERATION, logged_operations
from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.targets.answers import (
    ANSWERS,
    Acknowledged,
    PlantedPerson,
    answer_from,
    keys_of,
)
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.profile_names import asked_for

# One value of the kind each field's type hint wants, by key.
GOOD: dict[str, Any] = {
    "id": "ID-1",
    "items": [{"x": 1}],
    "persons": [{"name": "x"}],
    "checked": False,
    "held": True,
    "payload": {"text": "x"},
    "marker": "NOT FOR IMMIGRATION USE",
    "case_id": 7,
    "person_id": "P-1",
    "refer_to_ie": False,
    "signposting": True,
    "approved_by": "Inspector",
    "certified_on": "2026-01-02",
    "records": 49,
    "recipients": [],
    "restricted": False,
    "recipient": ["hoie"],
    "sent_at": ["2026-01-02T00:00:00Z"],
    "due_by": [None],
    "cells": [],
    "totals": [],
    "threshold": 10,
    "years": 6,
}
NOT_ANY = {"persons", "payload"}  # any value is a value there
# The values without which nothing can go on: an id the next step names, a list to judge.
REQUIRED = {
    "PlantedPerson": {"id"},
    "RecordedCase": {"id"},
    "RegisteredRecipient": {"id"},
    "DisclosureBasis": {"id"},
    "CaseTasks": {"items"},
    "SubjectAccess": {"recipients"},
    "Notices": {"items"},
    "PublishedStatistics": {"cells", "totals", "threshold"},
    "RetentionSchedule": {"years"},
}


def _declared_operations() -> list[tuple[str, str, list[str]]]:
    declared = []
    for capability, spec in asked_for().items():
        if "operations" in spec:
            declared += [(capability, op, keys) for op, keys in spec["operations"].items()]
    return declared


OPERATIONS = [(c, o) for c, o, _ in _declared_operations()] + [("disclose", "")]
WITH_FIELDS = [(c, o, k) for (c, o) in OPERATIONS for k in keys_of(ANSWERS[(c, o)])]


def test_every_operation_the_yaml_declares_has_an_answer_of_exactly_its_keys():
    declared = _declared_operations()
    assert declared, "the registry declared no operation: the test reads nothing"
    for capability, operation, keys in declared:
        kind = ANSWERS.get((capability, operation))
        assert kind is not None, f"{capability}.{operation} has no answer class"
        assert keys_of(kind) == keys, (capability, operation)
    assert keys_of(ANSWERS[("disclose", "")]) == asked_for()["disclose"]["returns"]
    assert set(ANSWERS) == {(c, o) for c, o, _ in declared} | {("disclose", "")}


def test_a_logged_operations_condition_is_a_field_of_its_answer():
    checked = 0
    for capability, by_operation in logged_operations().items():
        for operation, logged in by_operation.items():
            names = (
                [o for (c, o) in ANSWERS if c == capability]
                if operation == EVERY_OPERATION
                else [operation]
            )
            for name in names:
                fields = keys_of(ANSWERS[(capability, name)])
                assert "id" in fields, (capability, name)
                if logged.only_if:
                    checked += 1
                    assert logged.only_if in fields, (capability, name, logged.only_if)
    assert checked


@pytest.mark.parametrize(("capability", "operation"), OPERATIONS)
def test_an_answer_holding_every_value_is_read_typed(capability, operation):
    kind = ANSWERS[(capability, operation)]
    values = {k: GOOD[k] for k in keys_of(kind)}
    answer = answer_from(capability, operation, values, "do it")
    assert isinstance(answer, kind)
    for key in keys_of(kind):
        expected = str(GOOD[key]) if key in ("id", "case_id") else GOOD[key]
        assert getattr(answer, key) == expected, key
    assert answer.declared == frozenset(values)


@pytest.mark.parametrize(("capability", "operation", "key"), WITH_FIELDS)
def test_a_value_of_the_wrong_kind_is_inconclusive_naming_the_key(capability, operation, key):
    if key in NOT_ANY:
        pytest.skip("any value is a value there")
    kind = ANSWERS[(capability, operation)]
    values = {k: GOOD[k] for k in keys_of(kind)}
    values[key] = {"a": 1} if isinstance(GOOD[key], list) else ["A-1", "A-2"]
    with pytest.raises(Inconclusive) as raised:
        answer_from(capability, operation, values, "do it")
    reason = str(raised.value)
    where = ".".join(p for p in (capability, operation, "returns", key) if p)
    assert "'do it' held a" in reason and f"(profile key {where})" in reason, reason
    assert "A-1" not in reason  # the value itself is never echoed


@pytest.mark.parametrize(("capability", "operation", "key"), WITH_FIELDS)
def test_a_missing_value_is_none_where_absence_means_something_else_inconclusive(
    capability, operation, key
):
    kind = ANSWERS[(capability, operation)]
    values = {k: GOOD[k] for k in keys_of(kind) if k != key}
    required = key in REQUIRED.get(kind.__name__, ())
    if not required:
        assert getattr(answer_from(capability, operation, values, "do it"), key) is None
        return
    with pytest.raises(Inconclusive, match=rf"'do it' held no {key.replace('_', ' ')} "):
        answer_from(capability, operation, values, "do it")


def test_an_empty_text_is_no_value():
    with pytest.raises(Inconclusive, match="held no id"):
        answer_from("seed-case", "create_person", {"id": ""}, "record the victim")


def test_an_id_given_as_a_number_is_read_as_text_but_a_true_false_value_is_not():
    assert answer_from("seed-case", "create_person", {"id": 12}, "x") == PlantedPerson(
        id="12", declared=frozenset({"id"})
    )
    with pytest.raises(Inconclusive, match="true/false value as its id"):
        answer_from("seed-case", "create_person", {"id": True}, "x")


def test_an_attempt_read_as_another_answer_kind_is_inconclusive_not_an_attribute_error():
    attempt = Attempt(True, "accepted", answer=Acknowledged())
    reads = r"an answer of another kind \(Acknowledged\) where the harness reads a PlantedPerson"
    with pytest.raises(Inconclusive, match=reads):
        attempt.answer_as(PlantedPerson)
    with pytest.raises(Inconclusive, match="gave no answer"):
        Attempt(True, "accepted").answer_as(PlantedPerson)
    assert Attempt(True, "ok", answer=PlantedPerson(id="1")).answer_as(PlantedPerson).id == "1"


def test_a_refusal_has_no_accepted_answer_and_an_acceptance_must_have_one():
    assert Attempt(False, "refused (403)").accepted_answer(PlantedPerson) is None
    accepted = Attempt(True, "ok", answer=PlantedPerson(id="1"))
    assert accepted.accepted_answer(PlantedPerson) == PlantedPerson(id="1")
    with pytest.raises(Inconclusive, match="gave no answer"):
        Attempt(True, "ok").accepted_answer(PlantedPerson)
