"""What a step needs from an earlier one, asserted with a plain reason. A step run out of order
is a fault in the suite, so it fails as an assertion (INCONCLUSIVE), never as a finding about
the target."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pytest

from firewall_conformance.model.evidence import ScenarioState, Tried
from firewall_conformance.targets.base import SeededCase

T = TypeVar("T")


def planted_case(state: ScenarioState) -> SeededCase:
    assert state.seeded is not None, "a Given step must plant the case first"
    return state.seeded


def last_tried(state: ScenarioState, action: str, **match: Any) -> Tried:
    """The latest attempt of this kind (narrowed as `ScenarioState.tried_where` narrows)."""
    tried = state.tried_where(action=action, **match)
    assert tried, f"no {action} attempt was made before this step (a When step must make one)"
    return tried[-1]


@dataclass
class Acts:
    """The channel of each act the scenario made, in order: a claim that does not name its
    channel ("… receives nothing about …") is about the latest."""

    channels: list[str] = field(default_factory=list)

    def made(self, channel: str) -> None:
        self.channels.append(channel)

    def meaning(self, meanings: Mapping[str, T], claim: str) -> T:
        """What the claim means after the latest act."""
        assert self.channels, (
            f"no act was made before the claim '{claim}' (a When step must make one)"
        )
        channel = self.channels[-1]
        assert channel in meanings, f"the claim '{claim}' has no meaning after the act '{channel}'"
        return meanings[channel]


@pytest.fixture
def acts() -> Acts:
    return Acts()


def naming(roles: list[str], expected: Iterable[str], claim: str) -> None:
    """A claim whose check looks at fixed people must be said of those people."""
    assert set(roles) == set(expected), (
        f"'{claim}' is checked for the {' and the '.join(expected)} here, "
        f"but the sentence names the {' and the '.join(roles)}"
    )
