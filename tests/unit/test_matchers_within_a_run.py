"""The matchers a run builds: each planted person's forms worked out once, a scenario's matcher
always covering its whole cast, and every one reading values with the engine quickest to
build, and the chunks of a large download with the fastest.

A run builds some 35 matchers (one per scenario, one for everyone planted so far); building
them, not scanning with them, was a tenth of a run's CPU (issue 17)."""

from __future__ import annotations

import random

import pytest

import firewall_conformance.detect.engines as engines
import firewall_conformance.detect.matcher as matcher_module
import firewall_conformance.detect.variants as variants
from firewall_conformance.detect.engines import AHO_CORASICK, ENGINE_VARIABLE, HYPERSCAN, available
from firewall_conformance.detect.normalise import fold_text
from firewall_conformance.model.evidence import ScenarioState
from firewall_conformance.persons.personas import make_persona
from firewall_conformance.recipients.ledger import EgressLedger


def test_a_person_the_ledger_relabels_has_her_forms_worked_out_once(monkeypatch):
    worked_out = []
    original = variants._persona_forms

    def counted(persona):
        worked_out.append(persona.family_name)
        return original(persona)

    monkeypatch.setattr(variants, "_persona_forms", counted)
    victim = make_persona("victim", random.Random())
    ledger = EgressLedger()
    ledger.plant("a scenario", [victim], "REF-1")
    relabelled = ledger.labelled()[0].persona
    assert relabelled.label != victim.label
    assert variants.persona_forms(victim) == variants.persona_forms(relabelled)
    assert ledger.matcher() is not None
    assert worked_out == [victim.family_name], "the forms were worked out again for a new label"


def test_a_scenario_matcher_covers_a_person_who_joined_the_cast_after_it_was_built():
    rng = random.Random()
    victim, witness = make_persona("victim", rng), make_persona("witness", rng)
    state = ScenarioState(cast={"victim": victim})
    assert state.matcher.value_hits(victim.family_name)
    state.cast["witness"] = witness
    found = {hit.persona for hit in state.matcher.value_hits(witness.family_name)}
    assert found == {witness.label}, "the matcher built before the witness joined missed her"


def test_a_scenario_matcher_is_built_once_while_its_cast_stays_the_same():
    state = ScenarioState(cast={"victim": make_persona("victim", random.Random())})
    assert state.matcher is state.matcher


def test_matchers_made_during_a_run_read_values_with_the_engine_quickest_to_build(monkeypatch):
    built: list[str] = []

    def counted(name: str, literals: list[str]) -> engines.LiteralEngine:
        built.append(name)
        return engines.build(name, literals)

    monkeypatch.delenv(ENGINE_VARIABLE, raising=False)
    monkeypatch.setattr(matcher_module, "build", counted)
    rng = random.Random()
    victim, witness = make_persona("victim", rng), make_persona("witness", rng)
    state = ScenarioState(cast={"victim": victim})
    ledger = EgressLedger()
    ledger.plant("a scenario", [witness], None)
    run_matcher = ledger.matcher()
    assert run_matcher is not None
    assert state.matcher.value_hits(victim.family_name)
    assert run_matcher.value_hits(witness.family_name)
    assert built == [AHO_CORASICK, AHO_CORASICK]
    # Files too, until they have run past QUICK_CHUNK_BYTES: then the fastest engine there is.
    chunk = fold_text(f"a record of {victim.full_name}\n").encode()
    assert state.matcher.offsets(chunk) and run_matcher.offsets(chunk) == []
    assert built == [AHO_CORASICK, AHO_CORASICK]
    monkeypatch.setattr(matcher_module, "QUICK_CHUNK_BYTES", 2 * len(chunk))
    assert state.matcher.offsets(chunk) == state.matcher.offsets(chunk)
    assert built[2:] == ([HYPERSCAN] if HYPERSCAN in available() else [])


@pytest.mark.skipif(HYPERSCAN not in available(), reason="Hyperscan is not installed here")
def test_an_engine_forced_through_the_environment_still_wins(monkeypatch):
    monkeypatch.setenv(ENGINE_VARIABLE, HYPERSCAN)
    built: list[str] = []
    monkeypatch.setattr(
        matcher_module,
        "build",
        lambda name, literals: built.append(name) or engines.build(name, literals),
    )
    victim = make_persona("victim", random.Random())
    assert ScenarioState(cast={"victim": victim}).matcher.value_hits(victim.family_name)
    assert built == [HYPERSCAN]
