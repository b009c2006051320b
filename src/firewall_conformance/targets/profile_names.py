"""What a target profile names, held against what the harness asks for.

The profile schema checks shapes; it cannot know that `send_to_prosecutin` is a misspelling of
an operation the harness asks for, or that a `returns` key is never read. Either would leave a
scenario NOT TESTED or a value unread with no word said, so a profile naming anything the
harness does not ask for (data/profile_operations.yaml) is refused, as is one still holding a
TODO marker left by `init` (a guess nobody confirmed).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from firewall_conformance.inputs.documents import load_yaml
from firewall_conformance.targets.request_steps import needed_after

TODO_MARKER = "TODO"


@cache
def asked_for() -> dict[str, dict[str, Any]]:
    """Per capability: `operations` (name -> returns keys read) or `returns` (keys read)."""
    path = Path(
        str(resources.files("firewall_conformance.data").joinpath("profile_operations.yaml"))
    )
    return load_yaml(path, "profile_operations")["capabilities"]


def _listing(names: list[str] | set[str]) -> str:
    return ", ".join(sorted(names)) or "none"


def _returns_problems(where: str, returns: Any, known: list[str]) -> list[str]:
    if not isinstance(returns, dict):
        return []
    return [
        f"at {where}.returns.{key}: the harness reads no '{key}' from this answer "
        f"(it reads: {_listing(known)})"
        for key in returns
        if key not in known
    ]


def unknown_names(capabilities: dict[str, Any]) -> list[str]:
    """Every operation name and `returns` key the harness would never ask for, by key path."""
    problems: list[str] = []
    for capability, spec in capabilities.items():
        known = asked_for().get(capability)
        if known is None or not isinstance(spec, dict):
            continue  # an unknown capability is the schema's to refuse
        where = f"capabilities.{capability}"
        if "returns" in known:
            problems += _returns_problems(where, spec.get("returns"), known["returns"])
            continue
        operations = known["operations"]
        for name, request in spec.items():
            if name not in operations:
                problems.append(
                    f"at {where}.{name}: the harness asks {capability} for no operation "
                    f"'{name}' (it asks for: {_listing(operations)})"
                )
            elif isinstance(request, dict):
                problems += _operation_problems(f"{where}.{name}", request, operations[name])
    return problems


def _operation_problems(where: str, request: dict[str, Any], known: list[str]) -> list[str]:
    """An operation's `returns` keys the harness never reads; in a multi-step operation, a
    step may also return what a later step fills in."""
    if not isinstance(request.get("steps"), list):
        return _returns_problems(where, request.get("returns"), known)
    steps = [step for step in request["steps"] if isinstance(step, dict)]
    return [
        problem
        for number, step in enumerate(steps, start=1)
        for problem in _returns_problems(
            f"{where}.steps[{number - 1}]",
            step.get("returns"),
            sorted({*known, *needed_after(steps, number)}),
        )
    ]


def todo_markers(document: Any, where: str = "") -> list[str]:
    """Key paths of every key or text still holding a TODO marker."""
    if isinstance(document, dict):
        found: list[str] = []
        for key, value in document.items():
            path = f"{where}.{key}" if where else str(key)
            if TODO_MARKER in str(key):
                found.append(path)
            found += todo_markers(value, path)
        return found
    if isinstance(document, list):
        return [p for i, item in enumerate(document) for p in todo_markers(item, f"{where}[{i}]")]
    return [where or "(top level)"] if isinstance(document, str) and TODO_MARKER in document else []


def naming_problems(document: dict[str, Any]) -> list[str]:
    """Everything in a schema-valid profile that must be fixed before it can be used."""
    left = [
        f"at {path}: still marked {TODO_MARKER}; fill it in (or remove it) before use"
        for path in todo_markers(document)
    ]
    return left + unknown_names(document.get("capabilities", {}))
