"""Production-safe mode (`run --read-only`): the harness writes nothing to the target.

Only GET and HEAD requests leave the harness. Anything else is refused before it is sent, and
the scenario that needed it is NOT TESTED with this reason, never passed: every scenario plants
its own test persons, so against a live production system the suite can say little, and says
so plainly.
"""

from __future__ import annotations

from firewall_conformance.model.outcomes import CapabilityMissing

SAFE_METHODS = frozenset({"GET", "HEAD"})


class WriteRefused(CapabilityMissing):
    """A request that would write to the target, refused in read-only mode."""

    def __init__(self, action: str, method: str) -> None:
        super().__init__("read-only")
        self.args = (
            f"not tested in read-only mode: the harness would have to {action}, which writes to "
            f"the target ({method}); run without --read-only against a test system to test it",
        )

    def __str__(self) -> str:
        return str(self.args[0])
