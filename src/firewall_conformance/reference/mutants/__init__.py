"""Mutants: realistic vendor bugs wrapped around the reference from the outside, to measure
what the suite catches beyond the fault switches it was written against (a self-test only).

``engine`` holds the middleware, ``rewrites`` and ``holdings`` what mutators share, and one
module per class of bug holds its mutants: ``channel``, ``attribution``, ``encoding``,
``timing``, ``audit_log``, ``access``, ``spotting``, ``values``, per-obligation bugs in
``disclosure_bugs`` and ``casework_bugs``, and ``combinations``. No mutant is active unless
named; the reference's fault switches and policy are never used.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import (
    access,
    attribution,
    audit_log,
    casework_bugs,
    channel,
    combinations,
    disclosure_bugs,
    encoding,
    spotting,
    timing,
    values,
)
from .engine import Intercept, MutantContext
from .mutant import CLASSES, Mutant

MUTANTS: dict[str, Mutant] = {
    m.name: m
    for module in (
        channel,
        attribution,
        encoding,
        timing,
        audit_log,
        access,
        spotting,
        values,
        disclosure_bugs,
        casework_bugs,
        combinations,
    )
    for m in module.MUTANTS
}


def check_mutants(names: Iterable[str]) -> tuple[str, ...]:
    """The names as given, refusing any that is not in ``MUTANTS``."""
    chosen = tuple(dict.fromkeys(names))
    unknown = [n for n in chosen if n not in MUTANTS]
    if unknown:
        raise ValueError(f"unknown mutant(s) {', '.join(unknown)}; see `reference mutants`")
    return chosen


def wrap(app: Any, names: Iterable[str], tokens: dict[str, str]) -> Any:
    """``app`` (the reference's FastAPI app) wrapped in the named mutants' mutators."""
    wrapped = app
    for name in check_mutants(names):
        ctx = MutantContext(app.state.rms, dict(tokens))
        for mutator in MUTANTS[name].mutators:
            wrapped = Intercept(wrapped, ctx, mutator)
    return wrapped


__all__ = ["CLASSES", "MUTANTS", "Mutant", "check_mutants", "wrap"]
