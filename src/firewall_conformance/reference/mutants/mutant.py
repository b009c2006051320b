"""A named mutant: one or more mutators, the obligations it should breach, its class."""

from __future__ import annotations

from dataclasses import dataclass

from .engine import Mutator

CLASSES = (
    "channel",
    "attribution",
    "encoding",
    "time",
    "audit-log",
    "access",
    "values-vs-names",
    "obligation",
    "combination",
)


@dataclass(frozen=True)
class Mutant:
    """``unobservable`` gives the reason when a black-box harness cannot see the bug through
    the profile; such a mutant is expected to survive and is listed apart."""

    name: str
    breaches: tuple[str, ...]
    kind: str
    description: str
    mutators: tuple[Mutator, ...]
    unobservable: str | None = None
    jurisdiction: str = "uk"
    # Obligations whose scenarios make the target do what the mutant corrupts, where those of
    # ``breaches`` do not and only a claim over the whole run sees the leak: a self-test run
    # that stops at its first failure takes their scenarios first too (scoring.run_mutant).
    exercised_by: tuple[str, ...] = ()
    # Whether only a claim over the whole run sees it, once the outbound window has passed (a
    # push late in the window, a push left out of the log): that self-test run is narrowed to
    # the obligations it takes first, since any other scenario would only fill the wait.
    seen_at_the_end: bool = False


def combine(name: str, *parts: Mutant) -> Mutant:
    """Two (or more) mutants at once: a system with several bugs."""
    breaches = tuple(dict.fromkeys(o for p in parts for o in p.breaches))
    return Mutant(
        name=name,
        breaches=breaches,
        kind="combination",
        description=" and ".join(p.description.rstrip(".") for p in parts) + ".",
        mutators=tuple(m for p in parts for m in p.mutators),
        exercised_by=tuple(
            dict.fromkeys(o for p in parts for o in p.exercised_by if o not in breaches)
        ),
        seen_at_the_end=any(p.seen_at_the_end for p in parts),
    )
