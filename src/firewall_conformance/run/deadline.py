"""The run's deadline (`run --deadline SECONDS`): a bound on a whole run's wall time.

Once it has passed, no scenario starts and a scenario under way is stopped at its next request
to the target; both are INCONCLUSIVE, never COMPLIANT. Clean-up still happens afterwards,
bounded by its own budget (run/cleanup.py), not by the deadline.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

DEADLINE_PASSED = "The run's deadline passed before this was tested."


@dataclass(frozen=True)
class Deadline:
    at: float | None = None  # a time.monotonic() reading; None: no deadline

    @classmethod
    def after(cls, seconds: float | None, started: float) -> Deadline:
        return cls(None if seconds is None else started + seconds)

    def passed(self) -> bool:
        return self.at is not None and time.monotonic() >= self.at
