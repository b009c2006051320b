"""Planting the suite's cases: what is seeded, what the run learns of it, and that the case is
removed after the scenario, whatever happens in it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import cast

from firewall_conformance.model.evidence import ScenarioState
from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.obligations.catalogue import load_catalogue
from firewall_conformance.persons import case_planting
from firewall_conformance.persons.personas import Persona
from firewall_conformance.run.pytest_hooks import RunSession
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.base import SeededCase, Target


class Seeder:
    """A stand-in target that seeds cases and records what it was asked to remove."""

    def __init__(self) -> None:
        self.seeded: list[tuple[list[Persona], str, str]] = []
        self.removed: list[str] = []

    def capabilities(self) -> frozenset[str]:
        return frozenset({"seed-case"})

    def seed_case(self, personas: list[Persona], offence: str, narrative: str) -> SeededCase:
        self.seeded.append((personas, offence, narrative))
        ids = {p.label: f"P-{n}" for n, p in enumerate(personas)}
        return SeededCase(f"C-{len(self.seeded)}", ids, reference=f"EXS/{len(self.seeded)}")

    def remove_case_once(self, seeded: SeededCase) -> list[str]:
        self.removed.append(seeded.case_id)
        return []


def _run(tmp_path: Path) -> tuple[RunSession, Seeder]:
    seeder = Seeder()
    run = RunSession(load_catalogue(), "uk", cast(Target, seeder), tmp_path)
    run.scenario = "a scenario"
    return run, seeder


def test_an_assault_is_planted_with_the_three_named_and_removed_on_exit(tmp_path: Path) -> None:
    run, seeder = _run(tmp_path)
    state, on_exit = ScenarioState(), list[Callable[[], None]]()
    case_planting.plant_assault(run, cast(Target, seeder), state, on_exit.append)
    ((personas, offence, narrative),) = seeder.seeded
    assert offence == case_planting.ASSAULT
    assert sorted(state.cast) == ["suspect", "victim", "witness"]
    assert all(p.full_name in narrative for p in personas)
    assert state.seeded is not None and state.seeded.case_id == "C-1"
    assert len(run.egress.planted) == 3
    assert seeder.removed == []
    (remove,) = on_exit
    remove()
    assert seeder.removed == ["C-1"] and run.cleanup.removed == 3


def test_a_domestic_abuse_victim_has_an_unknown_status(tmp_path: Path) -> None:
    run, seeder = _run(tmp_path)
    state, on_exit = ScenarioState(), list[Callable[[], None]]()
    case_planting.plant_domestic_abuse(run, cast(Target, seeder), state, on_exit.append)
    ((_, offence, narrative),) = seeder.seeded
    assert offence == case_planting.DOMESTIC_ABUSE
    assert state.cast["victim"].immigration_status == "unknown"
    assert state.cast["suspect"].immigration_status != "unknown"
    assert "not known" in narrative and len(on_exit) == 1


def test_a_case_the_system_made_itself_is_removed_by_the_remover_given(tmp_path: Path) -> None:
    run, _ = _run(tmp_path)
    gone: list[str] = []
    on_exit = list[Callable[[], None]]()
    seeded = SeededCase("C-9", {"the victim": "P-9"})
    case_planting.remove_after_scenario(
        run, seeded, on_exit.append, lambda s: gone.append(s.case_id) or []
    )
    assert (run.cleanup.planted, run.cleanup.removed) == (1, 0)
    on_exit[0]()
    assert gone == ["C-9"] and run.cleanup.removed == 1


class ErasingTarget:
    """A stand-in target whose retention review erased some persons; one it cannot tell about."""

    def __init__(self, erased: set[str], unknown: set[str]) -> None:
        self.erased, self.unknown = erased, unknown
        self.asked_to_remove: list[SeededCase] = []

    def open_record(self, account: str, person_id: str) -> Attempt:
        if person_id in self.unknown:
            raise Inconclusive("the record could not be read")
        missing = person_id in self.erased
        return Attempt(not missing, "not found (404)" if missing else "ok (200)", missing=missing)

    def remove_case(self, seeded: SeededCase) -> list[str]:
        self.asked_to_remove.append(seeded)
        return []


def test_persons_the_review_erased_count_as_removed_and_the_rest_are_removed() -> None:
    target = ErasingTarget(erased={"P-1", "P-2"}, unknown={"P-3"})
    seeded = SeededCase("C-1", {"victim": "P-1", "witness": "P-2", "suspect": "P-3", "x": "P-4"})
    assert case_planting.leaving_erased(cast(Target, target))(seeded) == []
    (asked,) = target.asked_to_remove
    assert asked == SeededCase("C-1", {"suspect": "P-3", "x": "P-4"})
