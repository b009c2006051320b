"""What a target answered when the harness asked it to do something."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Attempt:
    """The target's answer: allowed or refused, the body, and any values the profile says to
    take from it (`returned`, by the names an operation's `returns` declares)."""

    allowed: bool
    status: str
    body: Any = None
    ids: list[str] = field(default_factory=list)
    returned: dict[str, Any] = field(default_factory=dict)
    # True only when the target answered that the thing asked for does not exist (a status
    # the profile lists as `missing_status`), never for a refusal: erasure is told apart
    # from restriction by it (FW-22).
    missing: bool = False
    # True only when the target would not take the value itself (a status the profile lists
    # as `rejected_status`: a name where a date is wanted), never for a refusal of the asker.
    rejected: bool = False
