"""Every domain operation of the reference profile, answered with a value of the wrong kind at
each path its `returns` names: the HTTP adapter keeps what the system did (the acceptance) and
the answer reports, when read, a plain Inconclusive naming the profile key. Before typed answers the value went through as it
came (a list taken for an id), to surface later, if at all, far from its cause."""

from __future__ import annotations

import re
from typing import Any, get_origin, get_type_hints

import pytest

from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.scenario_suite.files import reference_profile
from firewall_conformance.targets.answers import ANSWERS
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.http import HttpTarget
from firewall_conformance.targets.profile import load_profile

PROFILE = load_profile(reference_profile())
TOKENS = {"investigator": "t", "immigration_officer": "u", "auditor": "v"}


def _returns() -> list[tuple[str, str, str, str]]:
    """(capability, operation, key, dotted path) for every plain path a domain operation of
    the reference profile reads, and disclose's (operation '')."""
    found = []
    for (capability, operation), kind in ANSWERS.items():
        spec = PROFILE.capabilities.get(capability, {})
        request = spec if operation == "" else spec.get(operation, {})
        for key, source in request.get("returns", {}).items():
            path = source["field"] if isinstance(source, dict) else source
            if "*" not in path and get_type_hints(kind)[key] is not Any:
                found.append((capability, operation, key, path))
    return found


GOOD = {str: "X-1", int: 6, bool: False, list: []}


def _wanted(hint: Any) -> Any:
    """What a type hint wants, `X | None` as X."""
    args = [a for a in getattr(hint, "__args__", ()) if a is not type(None)]
    wanted = args[0] if args and get_origin(hint) is not list else hint
    return get_origin(wanted) or wanted


def _put(body: dict[str, Any], path: str, value: Any) -> None:
    *outer, last = path.split(".")
    for part in outer:
        body = body.setdefault(part, {})
    body[last] = value


def _ask(target: HttpTarget, capability: str, operation: str) -> Attempt:
    if operation == "":
        return target.disclose("prosecution", ["P-1"])
    ids = {"case_id": "C-1", "person_id": "P-1", "recipient_id": "R-1"}
    return target.operate(capability, operation, ids)


READ = _returns()


def test_the_reference_profile_gives_paths_for_most_answers():
    assert len(READ) >= 25, READ


@pytest.mark.parametrize(("capability", "operation", "key", "path"), READ)
def test_a_value_of_the_wrong_kind_is_reported_where_the_adapter_reads_it(
    capability, operation, key, path
):
    """One value of the wrong kind, every other value the answer reads of its right kind."""
    hints = get_type_hints(ANSWERS[(capability, operation)])
    body: dict[str, Any] = {}
    for _, _, other, other_path in (r for r in READ if r[:2] == (capability, operation)):
        _put(body, other_path, GOOD[_wanted(hints[other])])
    _put(body, path, {"not": "a list"} if _wanted(hints[key]) is list else ["A-1", "A-2"])
    target = HttpTarget(PROFILE, TOKENS)
    target._request = lambda *args, **kwargs: Attempt(True, "accepted (201)", body)  # type: ignore[method-assign]
    where = ".".join(p for p in (capability, operation, "returns", key) if p)
    attempt = _ask(target, capability, operation)
    assert attempt.allowed and attempt.answer is None  # what the system did is kept
    with pytest.raises(Inconclusive, match=re.escape(f"(profile key {where})")):
        attempt.answer_as(ANSWERS[(capability, operation)])
