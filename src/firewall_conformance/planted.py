"""Test persons planted in a live target are written down before the run goes on, and struck
off once their removal is confirmed. A run that is interrupted (killed, Ctrl-C, power cut)
leaves the list behind in the reports folder; the next run against the same target removes
what is on it first, and says so.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from firewall_conformance.targets.base import SeededCase, Target

LEDGER_NAME = ".planted-personas.json"


class PlantedLedger:
    """The cases planted in one target and not yet confirmed removed, kept on disk."""

    def __init__(self, path: Path, target: str) -> None:
        self.path = path
        self.target = target

    def _read(self) -> list[dict[str, Any]]:
        try:
            entries = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return entries if isinstance(entries, list) else []

    def _write(self, entries: list[dict[str, Any]]) -> None:
        if not entries:
            self.path.unlink(missing_ok=True)
            return
        partial = self.path.with_suffix(".partial")
        partial.write_text(json.dumps(entries, indent=2), encoding="utf-8")
        os.replace(partial, self.path)

    def add(self, seeded: SeededCase) -> None:
        entry = {"target": self.target, "case_id": seeded.case_id, "persons": seeded.person_ids}
        self._write([*self._read(), entry])

    def discard(self, seeded: SeededCase) -> None:
        self._write(
            [
                e
                for e in self._read()
                if (e.get("target"), e.get("case_id")) != (self.target, seeded.case_id)
            ]
        )

    def leftovers(self) -> list[SeededCase]:
        """Cases an earlier run planted in this target and did not confirm removed."""
        return [
            SeededCase(str(e["case_id"]), {str(k): str(v) for k, v in e["persons"].items()})
            for e in self._read()
            if e.get("target") == self.target
            and isinstance(e.get("persons"), dict)
            and "case_id" in e
        ]


def remove_leftovers(
    ledger: PlantedLedger, target: Target, read_only: bool
) -> tuple[int, list[str]]:
    """Remove what an interrupted earlier run left planted; the count removed and notes."""
    leftovers = ledger.leftovers()
    if not leftovers:
        return 0, []
    persons = sum(len(s.person_ids) for s in leftovers)
    if read_only:
        return 0, [
            f"{persons} test persons planted by an interrupted earlier run are still in the "
            "target; read-only mode did not remove them. Run once without --read-only to do so."
        ]
    removed, notes = 0, []
    for seeded in leftovers:
        problems = target.remove_case(seeded)
        if problems:
            notes.append(
                "Test persons left by an interrupted earlier run could not be confirmed removed: "
                + "; ".join(problems)
            )
            continue
        ledger.discard(seeded)
        removed += len(seeded.person_ids)
    if removed:
        notes.insert(
            0,
            f"{removed} test persons left planted by an interrupted earlier run were removed "
            "before this run, and confirmed gone.",
        )
    return removed, notes
