"""A run's scenarios run with the heap built before them frozen out of the cyclic garbage
collector, which walked all of it at every full collection (0.3 s of a run's CPU, issue 17),
and with young objects collected less often; both are undone when they end, so a process
running several runs still frees their cycles on Python's own schedule."""

from __future__ import annotations

import gc
from pathlib import Path
from types import SimpleNamespace

import firewall_conformance.run.runner as runner
from firewall_conformance.run.frozen_heap import YOUNG_COLLECTION_EVERY, FrozenHeap


def test_the_heap_is_frozen_while_the_session_runs_and_thawed_when_it_ends():
    heap = FrozenHeap()
    assert gc.get_freeze_count() == 0
    heap.pytest_sessionstart()
    frozen = gc.get_freeze_count()
    kept = [[] for _ in range(1000)]
    heap.pytest_collection_finish()
    assert frozen > 0 and gc.get_freeze_count() >= frozen + len(kept)
    heap.pytest_sessionfinish()
    assert gc.get_freeze_count() == 0


def test_young_objects_are_collected_less_often_while_the_session_runs():
    heap = FrozenHeap()
    before = gc.get_threshold()
    heap.pytest_sessionstart()
    try:
        assert gc.get_threshold()[0] >= YOUNG_COLLECTION_EVERY > before[0]
        assert gc.get_threshold()[1:] == before[1:]
    finally:
        heap.pytest_sessionfinish()
    assert gc.get_threshold() == before


def test_a_run_s_suite_runs_with_the_frozen_heap_plugin(monkeypatch, tmp_path: Path):
    given: list[object] = []

    def main(args: list[str], plugins: list[object]) -> int:
        given.extend(plugins)
        return 0

    monkeypatch.setattr(runner.pytest, "main", main)
    session = SimpleNamespace(target=SimpleNamespace(provides=lambda group: True))
    runner._run_pytest(session, tmp_path, None)  # type: ignore[arg-type]
    assert any(isinstance(plugin, FrozenHeap) for plugin in given), "the heap is never frozen"
