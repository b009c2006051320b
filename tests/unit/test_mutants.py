"""The mutant registry: enough mutants, every obligation and class covered, names checked,
and no mutant active unless named."""

from __future__ import annotations

import pytest

from firewall_conformance.obligations.catalogue import load_catalogue
from firewall_conformance.reference.mutants import CLASSES, MUTANTS, check_mutants
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
