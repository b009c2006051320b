"""Which scenarios can run, worked out before anything is planted.

Each live scenario says in its feature file which capabilities it needs (a `@needs-…` tag,
on the scenario or on its whole feature). A scenario whose needs the target profile does not
meet is NOT TESTED before its first step, so nothing is planted for it; the same tags let the
runner know, before the first scenario, whether anything will be planted at all.
"""

from __future__ import annotations

from collections.abc import Iterable

from firewall_conformance.outcomes import CapabilityMissing

NEEDS_TAG = "needs-"
PLANTS = "seed-case"  # the capability of every scenario that plants test persons


def needs_of(tags: Iterable[str]) -> tuple[str, ...]:
    """The capabilities named by a scenario's tags (with or without the leading @)."""
    names = (t.removeprefix("@") for t in tags)
    return tuple(dict.fromkeys(n.removeprefix(NEEDS_TAG) for n in names if n.startswith(NEEDS_TAG)))


def not_tested_reason(needs: Iterable[str], capabilities: frozenset[str]) -> str | None:
    """Why a scenario with these needs cannot run against these capabilities; None if it can.
    Worded as a scenario that found the capability missing on its own would say it."""
    for capability in needs:
        if capability not in capabilities:
            text = str(CapabilityMissing(capability))
            return text[0].upper() + text[1:] + "."
    return None
