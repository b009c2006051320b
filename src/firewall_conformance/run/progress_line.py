"""The line a run's plain progress starts with, written by `run` and read by the workbench
from the run's log, so both agree on one wording."""

from __future__ import annotations

import re

from firewall_conformance.wording.plural import count

_STARTING = re.compile(r"^Running (\d+) scenarios? in scope\.$", re.MULTILINE)


def starting(scenarios: int) -> str:
    return f"Running {count(scenarios, 'scenarios')} in scope."


def expected_in(log: str) -> int | None:
    """How many scenarios the run said it would run, if it has said so yet."""
    found = _STARTING.search(log)
    return int(found.group(1)) if found else None
