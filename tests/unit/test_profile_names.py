"""The registry of what the harness asks for (data/profile_operations.yaml) matches the code."""

from __future__ import annotations

import ast
import inspect

from firewall_conformance.targets import operations
from firewall_conformance.targets.base import CAPABILITIES
from firewall_conformance.targets.profile_names import asked_for, naming_problems, todo_markers


def _literal_operate_calls() -> set[tuple[str, str]]:
    tree = ast.parse(inspect.getsource(operations))
    calls = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "operate":
            capability, operation = node.args[0], node.args[1]
            if isinstance(capability, ast.Constant) and isinstance(operation, ast.Constant):
                calls.add((capability.value, operation.value))
    return calls


def test_every_capability_is_in_the_registry():
    assert set(asked_for()) == set(CAPABILITIES)


def test_every_operation_the_code_names_is_in_the_registry():
    calls = _literal_operate_calls()
    assert calls, "no operate() call was found: the test reads nothing"
    for capability, operation in calls:
        assert operation in asked_for()[capability]["operations"], (capability, operation)


def test_a_misspelt_operation_and_returns_key_are_named_by_key_path():
    document = {
        "capabilities": {
            "tasks": {"lst": {"method": "GET", "path": "/t"}},
            "retention": {"schedule": {"method": "GET", "path": "/s", "returns": {"yeers": "y"}}},
        }
    }
    problems = " ".join(naming_problems(document))
    assert "at capabilities.tasks.lst:" in problems
    assert "at capabilities.retention.schedule.returns.yeers:" in problems


def test_todo_markers_are_found_in_keys_values_and_lists():
    document = {"a": {"TODO_key": 1, "b": ["x", "TODO: y"]}, "c": "done"}
    assert todo_markers(document) == ["a.TODO_key", "a.b[1]"]


def test_the_probe_tells_a_missing_path_from_an_empty_list():
    from firewall_conformance.targets.operation_probe import _holds

    answer = {"a": {"b": None}, "items": [], "rows": [{"x": 1}]}
    assert _holds(answer, "a.b") is True  # present, even if null
    assert _holds(answer, "a.c") is False
    assert _holds(answer, "items.*.x") is None
    assert _holds(answer, "rows.*.x") is True
    assert _holds(answer, "rows.*.y") is False


def test_names_inside_steps_are_checked_and_a_value_a_later_step_uses_is_not_refused():
    steps = [
        {"method": "POST", "path": "/p", "returns": {"person": "id", "spare": "x"}},
        {"method": "POST", "path": "/c/{person}/roles", "returns": {"id": "role_id"}},
    ]
    document = {"capabilities": {"tasks": {"list": {"steps": steps}}}}
    problems = naming_problems(document)
    assert len(problems) == 2, problems
    assert "at capabilities.tasks.list.steps[0].returns.spare:" in problems[0]
    assert "at capabilities.tasks.list.steps[1].returns.id:" in problems[1]
