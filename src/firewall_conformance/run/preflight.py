"""Pre-flight: before the first scenario, plant one probe person through the profile and
remove it again.

A run against a system that cannot remove what it plants would leave every test person behind
(one real run left 76). Finding that out with one person, before any scenario, lets the run stop
with one person to clear up, or, when the inspector accepts leftovers, plant as little as it can.
"""

from __future__ import annotations

from firewall_conformance.run.pytest_hooks import RunSession

PROBE = "the pre-flight check"


def probe_removal(session: RunSession) -> list[str]:
    """Plant a probe victim in a case of its own and remove it; the problems seen (none: the
    target removed it, and the removal was confirmed as far as the profile allows). Raises
    Inconclusive when the probe could not be planted at all."""
    persona = session.egress.fresh_persona("victim", "the pre-flight probe")
    seeded = session.target.seed_case(
        [persona],
        offence="Criminal damage",
        narrative=f"{persona.full_name} reported damage to a car.",
    )
    session.cleanup.remember(seeded, PROBE)
    session.egress.plant(PROBE, [persona], seeded.reference)
    session.cleanup.remove(seeded, PROBE)
    return [p for left in session.cleanup.left if left.seeded is seeded for p in left.problems]
