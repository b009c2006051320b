"""Test persons planted in a live target are written down before the run goes on, and struck
off once their removal is confirmed. A run that is interrupted (killed, Ctrl-C, power cut)
leaves the list behind in the reports folder; the next run against the same target removes
what is on it first, and says so, as does `firewall-conformance cleanup`. Each pass tries each
case once, within a time budget, so a target that cannot delete is not asked again and again.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from firewall_conformance.model.outcomes import CapabilityMissing, Inconclusive
from firewall_conformance.targets.base import SeededCase
from firewall_conformance.wording.plural import count

Remover = Callable[[SeededCase], list[str]]

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


@dataclass
class Removal:
    """What one pass over the ledger removed, and what it left, with why."""

    removed: list[SeededCase] = field(default_factory=list)
    left: list[tuple[SeededCase, list[str]]] = field(default_factory=list)

    @property
    def removed_persons(self) -> int:
        return sum(len(s.person_ids) for s in self.removed)

    @property
    def left_persons(self) -> int:
        return sum(len(s.person_ids) for s, _ in self.left)


def remove_listed(ledger: PlantedLedger, remove: Remover, budget: float) -> Removal:
    """One attempt at removing each case on the ledger for this target, while `budget`
    seconds last; a case confirmed removed is struck off."""
    removal = Removal()
    started = time.monotonic()
    for seeded in ledger.leftovers():
        if time.monotonic() - started >= budget:
            removal.left.append((seeded, [f"not tried: the {budget:g}-second budget was spent"]))
            continue
        try:
            problems = remove(seeded)
        except (Inconclusive, CapabilityMissing) as exc:
            problems = [str(exc)]
        if problems:
            removal.left.append((seeded, problems))
            continue
        ledger.discard(seeded)
        removal.removed.append(seeded)
    return removal


def remove_leftovers(
    ledger: PlantedLedger, remove: Remover, read_only: bool, budget: float
) -> tuple[int, list[str]]:
    """Remove what an earlier run left planted; the count removed and notes."""
    leftovers = ledger.leftovers()
    if not leftovers:
        return 0, []
    persons = sum(len(s.person_ids) for s in leftovers)
    if read_only:
        return 0, [
            f"{count(persons, 'test persons')} planted by an earlier run are still in the "
            "target; read-only mode did not remove them. Run once without --read-only to do so."
        ]
    removal = remove_listed(ledger, remove, budget)
    notes = [
        "Test persons left by an earlier run could not be confirmed removed: " + "; ".join(problems)
        for _, problems in removal.left
    ]
    if removal.removed:
        notes.insert(
            0,
            f"{count(removal.removed_persons, 'test persons')} left planted by an interrupted "
            "earlier run were removed before this run, and confirmed gone.",
        )
    return removal.removed_persons, notes
