"""The reference a planted case is recorded under, in the target's own shape.

A reference that says the harness made it (it was "FWC-" and a hex token) lets a system keep
the firewall for planted cases alone and send real victims on. The profile's
`planted_formats.case_reference` gives the target's own shape (persons/value_formats.py);
without one, the reference is drawn in a common shape of police crime references (force,
serial number, year), which names nobody. The run's evidence still names every planted case
and person (run/cleanup.py `planted_records`), so the force's auditors and the clean-up can
tell them apart without any mark in the target.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Mapping

from firewall_conformance.persons.value_formats import CASE_REFERENCE, ValueFormat, parse

COMMON_SHAPE = "[0-9]{2}/[0-9]{7}/[0-9]{2}"


def case_reference(
    formats: Mapping[str, ValueFormat], taken: set[str], rng: random.Random | None = None
) -> str:
    """A reference for a planted case, in the profile's shape or the common one, and none of
    those `taken` (the run's earlier cases', to which it is added): a case reference stands
    for the persons of its case in the run's matcher."""
    shape = formats.get(CASE_REFERENCE) or parse(COMMON_SHAPE)
    draw = rng or random.Random(secrets.randbits(64))
    reference = shape.draw(draw)
    while reference in taken:
        reference = shape.draw(draw)
    taken.add(reference)
    return reference
