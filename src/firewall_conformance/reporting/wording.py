"""Plain-English phrases shared by the human-readable reporters."""

from __future__ import annotations

from firewall_conformance.model.results import RunResult, RunVerdict, Verdict
from firewall_conformance.obligations.catalogue import Source
from firewall_conformance.obligations.jurisdictions import jurisdiction
from firewall_conformance.wording.plural import count

RUN_VERDICT_MEANING = {
    RunVerdict.CONFORMANT: "Every obligation in scope was tested and kept.",
    RunVerdict.BREACH: "At least one obligation was breached.",
    RunVerdict.INCONCLUSIVE: "No breach was seen, but not everything in scope could be shown to be kept.",
    RunVerdict.ERROR: "The harness could not run, so nothing was shown either way.",
}

CONFORMANT_WITH_WAIVERS = (
    "Every obligation in scope was tested and either kept or waived by an accountable decision."
)

VERDICT_MEANING = {
    Verdict.COMPLIANT: "tested, with a positive control, and kept",
    Verdict.BREACH: "seen to be broken",
    Verdict.INCONCLUSIVE: "could not be shown either way",
    Verdict.NOT_TESTED: "not tested in this run",
    Verdict.WAIVED: "waived by an accountable decision",
}

BASIS_MEANING = {
    "law": "law",
    "law-extended": "law, applied beyond its own scope",
    "recommendation": "official recommendation (not binding)",
    "proposal": "proposed firewall (not enacted)",
    "interpretation": "engineering reading of the firewall principle",
}


NOT_EXAMINED_MEANING = (
    "What a check could have looked at and did not, with why. A verdict covers only what was "
    "examined: these were neither shown to be kept nor seen to be broken."
)


def not_examined_note(items: list[str]) -> str:
    """The pointer from an obligation's row to its list of what was not examined."""
    if not items:
        return ""
    return f" Not examined: {count(len(items), 'items')}, listed below."


def source_title(source: Source, profile: str) -> str:
    """A source's title, marked when it is another jurisdiction's, shown for comparison."""
    if source.profile in (None, profile):
        return source.title
    return f"{source.title} ({jurisdiction(source.profile).name}; for comparison)"


def counts(examined: dict[str, int]) -> str:
    """'12 records, 3,400 bytes' — what a run or check looked at."""
    return ", ".join(count(value, key) for key, value in examined.items() if value) or "nothing"


def run_meaning(result: RunResult) -> str:
    """The run verdict in words; a conformant run with waivers never reads as fully kept."""
    if result.verdict is RunVerdict.CONFORMANT and any(
        o.verdict is Verdict.WAIVED for o in result.obligations
    ):
        return CONFORMANT_WITH_WAIVERS
    return RUN_VERDICT_MEANING[result.verdict]
