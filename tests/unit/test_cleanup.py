"""Clean-up is bounded: one attempt per case, at most one retry, within a time budget."""

from __future__ import annotations

import time

from firewall_conformance.run.cleanup import Cleanup
from firewall_conformance.targets.base import SeededCase


def _case(n: int) -> SeededCase:
    return SeededCase(f"case-{n}", {"victim": f"p{n}v", "witness": f"p{n}w"})


def test_a_failing_removal_is_tried_once_then_retried_once_and_named():
    calls: list[str] = []

    def refuse(seeded: SeededCase) -> list[str]:
        calls.append(seeded.case_id)
        return ["the system refused to remove victim"]

    cleanup = Cleanup(remover=refuse)
    for n in range(3):
        cleanup.remember(_case(n), "a scenario")
        cleanup.remove(_case(n), f"scenario {n}")
    cleanup.retry()
    cleanup.retry()  # the end of the run retries once, however often it is asked
    assert calls == ["case-0", "case-1", "case-2"] * 2
    assert cleanup.planted == 6 and cleanup.removed == 0 and cleanup.left_persons == 6
    (note,) = cleanup.notes()
    assert note.startswith("CLEAN-UP INCOMPLETE: 6 test persons")
    assert "victim (id p1v), witness (id p1w) of «scenario 1» in case case-1" in note
    assert "the system refused to remove victim" in note


def test_a_retry_that_succeeds_removes_the_case():
    answers = [["timed out"], []]
    cleanup = Cleanup(remover=lambda seeded: answers.pop(0))
    cleanup.remember(_case(1), "a scenario")
    cleanup.remove(_case(1), "s")
    assert cleanup.left_persons == 2
    cleanup.retry()
    assert cleanup.left_persons == 0 and cleanup.removed == 2 and cleanup.notes() == []


def test_once_the_budget_is_spent_nothing_more_is_tried():
    calls: list[str] = []

    def hang(seeded: SeededCase) -> list[str]:
        calls.append(seeded.case_id)
        time.sleep(0.2)
        return ["took longer than 10 seconds"]

    cleanup = Cleanup(remover=hang, budget=0.3)
    for n in range(5):
        cleanup.remove(_case(n), "s")
    cleanup.retry()
    assert calls == ["case-0", "case-1"]
    assert cleanup.left_persons == 10
    assert "not tried: the clean-up's time budget of 0.3 seconds was spent" in cleanup.notes()[0]
