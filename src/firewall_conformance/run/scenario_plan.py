"""Which scenarios can run, worked out before anything is planted.

Each live scenario says in its feature file which capabilities it needs (a `@needs-…` tag,
on the scenario or on its whole feature). A scenario whose needs the target profile does not
meet is NOT TESTED before its first step, so nothing is planted for it; the same tags let the
runner know, before the first scenario, whether anything will be planted at all.

A scenario tagged `@reads-only` sends nothing but reads once its persons are in the target: it
runs in read-only mode, and on declared persons (`run --personas`) instead of planting. The
suite check holds the tag to the capabilities such a scenario may need (`READS`).
"""

from __future__ import annotations

from collections.abc import Iterable

from firewall_conformance.model.outcomes import CapabilityMissing

NEEDS_TAG = "needs-"
PLANTS = "seed-case"  # the capability of every scenario that plants test persons
READS_ONLY_TAG = "reads-only"
READS = frozenset({"search", "open-record", "audit-log"})  # capabilities that only read

WRITES_IN_READ_ONLY = (
    "Not tested in read-only mode: this scenario writes to the target, or judges what the "
    "run's writes did; run without --read-only against a test system to test it."
)
PLANTS_IN_READ_ONLY = (
    "Not tested in read-only mode: this scenario needs test persons in the target, and planting "
    "them would write to it; declare known test persons with --personas to test it."
)


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


def reads_only_problem(needs: Iterable[str]) -> str | None:
    """Why a scenario with these needs cannot be tagged `@reads-only`; None if it can."""
    writes = [n for n in needs if n != PLANTS and n not in READS]
    return f"needs {', '.join(writes)}, which write to the target" if writes else None


def scenario_plan(
    needs: Iterable[str],
    capabilities: frozenset[str],
    *,
    reads_only: bool,
    read_only: bool,
    declared: bool,
) -> tuple[str | None, bool]:
    """Why a scenario is NOT TESTED (None if it runs), and whether it runs on the declared
    persons: only a scenario that only reads does, so nothing is done to them but reading."""
    if read_only and not reads_only:
        return WRITES_IN_READ_ONLY, False
    if read_only and not declared and PLANTS in needs:
        return PLANTS_IN_READ_ONLY, False
    on_declared = declared and reads_only
    needs = [n for n in needs if not (on_declared and n == PLANTS)]
    return not_tested_reason(needs, capabilities), on_declared
