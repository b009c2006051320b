"""Requests declared as a `steps:` list: one operation a target does in several requests.

A real system often needs two calls where the reference needs one (create a person, then
attach it to a case). Each step is an ordinary request; what an earlier step `returns` fills
the `{placeholders}` of later ones. What the operation as a whole is sent as (its account,
the statuses that mean refused or not found) is said once and holds for every step that does
not say otherwise. Whom a step's answer reaches is the step's own: only a step whose request
names a recipient (or says `bound_for`) sends to it, so a step that reads a case before its
file is prepared for a recipient is not taken for what the recipient received.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from firewall_conformance.targets.readonly import SAFE_METHODS

INHERITED = ("account", "refused_status", "missing_status")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def is_multi_step(spec: Mapping[str, Any]) -> bool:
    return "steps" in spec


def requests_of(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The requests an operation sends, in order, each with what it inherits from the whole."""
    if not is_multi_step(spec):
        return [dict(spec)]
    shared = {key: spec[key] for key in INHERITED if key in spec}
    return [{**shared, **step} for step in spec["steps"]]


def step_label(spec: Mapping[str, Any], number: int, total: int) -> str:
    """How a step is named in reasons: its number and what it does."""
    does = spec.get("does") or f"{spec['method']} {spec['path']}"
    return f"step {number} of {total} ({does})"


def used_by(request: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """The values a step's request fills in, of all those the operation carries."""
    named = set(_PLACEHOLDER.findall(json.dumps(request)))
    return {name: value for name, value in values.items() if name in named}


def needed_after(requests: Sequence[Mapping[str, Any]], number: int) -> set[str]:
    """The placeholders the requests after step `number` (counted from 1) fill."""
    return set(_PLACEHOLDER.findall(json.dumps(list(requests[number:]))))


def first_write(spec: Mapping[str, Any]) -> tuple[int, str] | None:
    """The number and method of the first step that would write, if any does."""
    for number, request in enumerate(requests_of(spec), start=1):
        if request["method"] not in SAFE_METHODS:
            return number, request["method"]
    return None
