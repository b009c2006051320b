"""A planted person's forms are worked out once a run: the scenario's matcher and the run's
matcher over everything received (recipients/ledger.py) read the same forms."""

from __future__ import annotations

import random

from firewall_conformance.detect import variants
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.persons.personas import make_persona
from firewall_conformance.recipients.ledger import _run_matcher


def test_the_run_matcher_reuses_the_forms_the_scenario_matcher_worked_out(monkeypatch):
    worked_out: list[str] = []
    real_forms = variants.forms

    def counted(name: str, value: str):
        worked_out.append(name)
        return real_forms(name, value)

    monkeypatch.setattr(variants, "forms", counted)
    victim = make_persona("victim", random.Random(20261205))
    scenario = CanaryMatcher.for_personas([victim])
    once = len(worked_out)
    run = _run_matcher([(victim, None)], {})

    assert once > 0
    assert len(worked_out) == once
    assert run is not None and len(run) > 0 and len(scenario) > 0


def test_the_forms_handed_out_cannot_be_changed_by_a_reader():
    forms = variants.persona_forms(make_persona("witness", random.Random(7)))
    assert isinstance(forms, tuple) and all(isinstance(form, tuple) for form in forms)
