"""Two bugs at once: a leak and the log entry that would show it, or two leaks on two
channels."""

from __future__ import annotations

from types import ModuleType

from . import access, audit_log, channel, encoding, timing
from .mutant import Mutant, combine


def _named(module: ModuleType, name: str) -> Mutant:
    return next(m for m in module.MUTANTS if m.name == name)


MUTANTS = [
    combine(
        "disclosure-leak-and-unlogged",
        _named(channel, "disclosure-carries-case-victims"),
        _named(audit_log, "ie-disclosures-unlogged"),
    ),
    combine(
        "late-push-and-unlogged",
        _named(timing, "late-second-push"),
        _named(audit_log, "outbound-pushes-unlogged"),
    ),
    combine(
        "search-leak-and-refusals-unlogged",
        _named(access, "family-name-search-serves-victims"),
        _named(audit_log, "refusals-unlogged"),
    ),
    combine(
        "cyrillic-export-and-base64-disclosure",
        _named(encoding, "cyrillic-in-export"),
        _named(encoding, "base64-blob-in-disclosure"),
    ),
]
