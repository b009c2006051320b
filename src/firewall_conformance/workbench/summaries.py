"""The runs in the runs folder, as their summary.json describes them.

A summary that is missing, unreadable or not of the expected shape is listed as such, never
skipped and never shown with a verdict: an inspector must see that a run said nothing, not
believe it said something.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from firewall_conformance.model.results import Verdict
from firewall_conformance.scenario_suite import pinning

SUMMARY = "summary.json"
# A summary of the whole catalogue is tens of kilobytes; past this it is not one.
SUMMARY_LIMIT = 8 << 20
_GRAVEST_FIRST = (
    Verdict.BREACH,
    Verdict.INCONCLUSIVE,
    Verdict.WAIVED,
    Verdict.NOT_TESTED,
    Verdict.COMPLIANT,
)
ARTEFACTS = (
    ("summary.html", "Summary"),
    ("allure-report/index.html", "Step-by-step report (Allure)"),
    ("summary.pdf", "PDF"),
    ("summary.md", "Summary (Markdown)"),
    ("junit.xml", "JUnit"),
)


@dataclass(frozen=True)
class ObligationVerdict:
    id: str
    title: str
    verdict: str
    reason: str


@dataclass(frozen=True)
class RunSummary:
    """One run folder: `problem` says why its summary cannot be read (then nothing else is
    known of it)."""

    id: str
    folder: Path
    problem: str = ""
    verdict: str = ""
    reason: str = ""
    target: str = ""
    jurisdiction: str = ""
    suite_hash: str = ""
    started_at: str = ""
    obligations: tuple[ObligationVerdict, ...] = ()

    @property
    def released_suite(self) -> bool:
        """Whether the run's suite hash is the released suite's."""
        return bool(self.suite_hash) and self.suite_hash == released_suite_hash()

    def tally(self) -> list[tuple[str, int]]:
        """How many obligations got each verdict, the gravest first, so a list of runs shows
        that a CONFORMANT run scoped to one obligation tested one, not all."""
        counted = Counter(o.verdict for o in self.obligations)
        order = [v.value for v in _GRAVEST_FIRST]
        listed = order + sorted(set(counted) - set(order))
        return [(verdict, counted[verdict]) for verdict in listed if counted[verdict]]

    def artefacts(self) -> list[tuple[str, str]]:
        """The reports this run wrote, as (path inside the run folder, label)."""
        return [(name, label) for name, label in ARTEFACTS if (self.folder / name).is_file()]


@cache
def released_suite_hash() -> str:
    return str(pinning.load_released()["suite_hash"])


def _text(document: dict[str, Any], key: str) -> str:
    value = document.get(key)
    if not isinstance(value, str):
        raise ValueError(f"its {key} is not text")
    return value


def _obligations(document: dict[str, Any]) -> tuple[ObligationVerdict, ...]:
    listed = document.get("obligations")
    if not isinstance(listed, list) or not all(isinstance(o, dict) for o in listed):
        raise ValueError("its obligations are not a list of obligations")
    return tuple(
        ObligationVerdict(
            _text(o, "id"), _text(o, "title"), _text(o, "verdict"), _text(o, "reason")
        )
        for o in listed
    )


def read_summary(folder: Path) -> RunSummary:
    """The run in `folder`, or why its summary cannot be read."""
    path = folder / SUMMARY
    try:
        if path.is_symlink() or not path.is_file():
            return RunSummary(folder.name, folder, problem="it has no summary.json")
        if path.stat().st_size > SUMMARY_LIMIT:
            return RunSummary(
                folder.name, folder, problem="its summary.json is too large to be one"
            )
        document = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(document, dict):
            raise ValueError("it is not a JSON object")
        target = document.get("target")
        return RunSummary(
            id=folder.name,
            folder=folder,
            verdict=_text(document, "verdict"),
            reason=_text(document, "reason"),
            target=str(target.get("name", "")) if isinstance(target, dict) else "",
            jurisdiction=_text(document, "jurisdiction"),
            suite_hash=_text(document, "suite_hash"),
            started_at=_text(document, "started_at"),
            obligations=_obligations(document),
        )
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return RunSummary(folder.name, folder, problem=f"its summary.json cannot be read ({exc})")


def list_runs(runs: Path) -> list[RunSummary]:
    """Every run folder under `runs`, newest first; hidden folders and links are not runs."""
    if not runs.is_dir():
        return []
    folders = [
        f
        for f in runs.iterdir()
        if f.is_dir() and not f.is_symlink() and not f.name.startswith(".")
    ]
    return [read_summary(f) for f in sorted(folders, key=lambda f: f.name, reverse=True)]
