"""Removing what the run planted, within bounds.

A target that cannot delete, or whose delete hangs, must not turn a run into a retry storm:
each planted case gets one attempt when its scenario ends and at most one more at the end of
the run, and all attempts together stop once the clean-up's own time budget is spent. Whatever
is not confirmed removed is named (which persons, where, why) and stays on the planted ledger
for `firewall-conformance cleanup` or the next run.

Planted records carry no mark of the harness (a system could keep the firewall for those
alone), so the run's evidence names each one instead: `planted_records` goes into the signed
summary, for the force's auditors and anyone cleaning up after the run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from firewall_conformance.model.outcomes import CapabilityMissing, Inconclusive
from firewall_conformance.persons.planted import PlantedLedger, Remover
from firewall_conformance.targets.base import SeededCase
from firewall_conformance.wording.plural import count

# Seconds all removal attempts of one run may take together; a deadline does not shorten it.
BUDGET_SECONDS = 30.0


@dataclass
class Left:
    """A planted case whose removal was not confirmed, and why."""

    seeded: SeededCase
    scenario: str
    remover: Remover
    problems: list[str]

    def describe(self) -> str:
        persons = ", ".join(f"{label} (id {pid})" for label, pid in self.seeded.person_ids.items())
        return f"{persons} of «{self.scenario}» in case {self.seeded.case_id}: " + "; ".join(
            self.problems
        )


@dataclass
class Cleanup:
    """Planted personas, their bounded removal, and what could not be confirmed removed."""

    remover: Remover  # the target's own removal (the runner's sends without retries)
    ledger: PlantedLedger | None = None  # a live target's: survives an interrupted run
    budget: float = BUDGET_SECONDS
    planted: int = 0
    planted_records: list[dict[str, Any]] = field(default_factory=list)
    removed: int = 0
    problems: list[str] = field(default_factory=list)  # other clean-up (recipients, feeds)
    left: list[Left] = field(default_factory=list)
    spent: float = 0.0
    _retried: bool = False

    def remember(self, seeded: SeededCase, scenario: str) -> None:
        self.planted += len(seeded.person_ids)
        self.planted_records.append(
            {
                "scenario": scenario,
                "case_id": seeded.case_id,
                "case_reference": seeded.reference,
                "persons": dict(seeded.person_ids),
            }
        )
        if self.ledger is not None:
            self.ledger.add(seeded)

    def forget(self, seeded: SeededCase) -> None:
        """Removal of `seeded` was confirmed."""
        self.removed += len(seeded.person_ids)
        if self.ledger is not None:
            self.ledger.discard(seeded)

    def remove(self, seeded: SeededCase, scenario: str, remover: Remover | None = None) -> None:
        """The first attempt at removing a case; a failure is kept for one retry."""
        entry = Left(seeded, scenario, remover or self.remover, [])
        if self._attempt(entry):
            return
        self.left.append(entry)

    def retry(self) -> None:
        """One more attempt for every case not yet confirmed removed, within the budget."""
        if self._retried:
            return
        self._retried = True
        for entry in list(self.left):
            if self._attempt(entry):
                self.left.remove(entry)

    def _attempt(self, entry: Left) -> bool:
        if self.spent >= self.budget:
            what = "not retried" if entry.problems else "not tried"
            entry.problems.append(
                f"{what}: the clean-up's time budget of {self.budget:g} seconds was spent"
            )
            return False
        started = time.monotonic()
        try:
            problems = entry.remover(entry.seeded)
        except (Inconclusive, CapabilityMissing) as exc:
            problems = [str(exc)]
        finally:
            self.spent += time.monotonic() - started
        if problems:
            entry.problems = problems
            return False
        self.forget(entry.seeded)
        return True

    def notes(self) -> list[str]:
        """Plain-English notes on what the run leaves behind, loud enough to act on."""
        notes = []
        if self.left:
            persons = sum(len(e.seeded.person_ids) for e in self.left)
            notes.append(
                f"CLEAN-UP INCOMPLETE: {count(persons, 'test persons')} planted by this run could not be "
                f"confirmed removed (one attempt each and one retry, {self.spent:.0f} of "
                f"{self.budget:g} seconds spent): " + " | ".join(e.describe() for e in self.left)
            )
        if self.problems:
            notes.append(
                "Clean-up of other test material was not confirmed: " + "; ".join(self.problems)
            )
        return notes

    @property
    def left_persons(self) -> int:
        return sum(len(e.seeded.person_ids) for e in self.left)
