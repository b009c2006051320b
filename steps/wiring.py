"""What a step needs from an earlier one, asserted with a plain reason. A step run out of order
is a fault in the suite, so it fails as an assertion (INCONCLUSIVE), never as a finding about
the target."""

from __future__ import annotations

from typing import Any

from firewall_conformance.evidence import ScenarioState, Tried
from firewall_conformance.targets.base import SeededCase


def planted_case(state: ScenarioState) -> SeededCase:
    assert state.seeded is not None, "a Given step must plant the case first"
    return state.seeded


def last_tried(state: ScenarioState, action: str, **match: Any) -> Tried:
    """The latest attempt of this kind (narrowed as `ScenarioState.tried_where` narrows)."""
    tried = state.tried_where(action=action, **match)
    assert tried, f"no {action} attempt was made before this step (a When step must make one)"
    return tried[-1]
