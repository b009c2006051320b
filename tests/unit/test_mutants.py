"""The mutant registry: enough mutants, every obligation and class covered, names checked,
and no mutant active unless named."""

from __future__ import annotations

import pytest

from firewall_conformance.obligations.catalogue import load_catalogue
from firewall_conformance.reference.mutants import CLASSES, MUTANTS, check_mutants
from firewall_conformance.reference.mutants.scoring import run_first, stopping_options
from firewall_conformance.reference.server import ReferenceServer


def test_at_least_sixty_mutants_across_every_obligation_and_class():
    assert len(MUTANTS) >= 60
    assert {o for m in MUTANTS.values() for o in m.breaches} == {
        o.id for o in load_catalogue().obligations
    }
    assert {m.kind for m in MUTANTS.values()} == set(CLASSES)


def test_every_mutant_does_something_and_says_what():
    for m in MUTANTS.values():
        assert m.mutators and m.description and m.breaches, m.name


def test_unknown_mutant_is_refused():
    with pytest.raises(ValueError, match="no-such-bug"):
        check_mutants(["no-such-bug"])
    with pytest.raises(ValueError):
        ReferenceServer(mutants=["no-such-bug"])


def test_no_mutant_by_default():
    assert ReferenceServer().mutants == ()


def test_what_exercises_a_mutant_is_an_obligation_it_does_not_breach():
    known = {o.id for o in load_catalogue().obligations}
    for m in MUTANTS.values():
        assert set(m.exercised_by) <= known - set(m.breaches), m.name


def test_a_stopped_run_takes_first_what_the_mutant_breaches_then_what_exercises_it():
    """Before: a leak added to a lawful disclosure's answer was first seen after FW-21's or
    FW-14's scenario, late in a run that took only FW-01 first (20 to 27 scenarios ran)."""
    assert run_first(MUTANTS["passport-alone-in-disclosure"]) == ("FW-01", "FW-21", "FW-14")
    assert run_first(MUTANTS["cyrillic-in-case-file"]) == ("FW-01", "FW-07")
    assert run_first(MUTANTS["outbound-second-push"]) == ("FW-01",)
    combined = MUTANTS["disclosure-leak-and-unlogged"]
    assert run_first(combined) == ("FW-01", "FW-04", "FW-21", "FW-14")


def test_a_mutant_seen_only_at_the_end_is_run_on_what_it_takes_first_alone():
    """Before: its run took the whole suite while the outbound window passed (about 5 CPU-s,
    where its own obligations take about 1)."""
    assert stopping_options(MUTANTS["outbound-pushes-unlogged"]) == [
        "--stop-at-first-failure",
        *("--run-first", "FW-04", "--run-first", "FW-01"),
        *("--obligation", "FW-04", "--obligation", "FW-01"),
    ]
    assert "--obligation" in stopping_options(MUTANTS["late-push-and-unlogged"])
    assert "--obligation" not in stopping_options(MUTANTS["push-dripped-past-the-window"])
