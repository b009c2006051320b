"""A run that stops at its first failure judges a whole-run claim as soon as what recipients
received breaks it (run/early_judgement.py, RunSession._judge_early), never to say COMPLIANT
early; and it runs the obligations it was told to run first before any other scenario, while
an ordinary run keeps its order (pytest_hooks.run_order)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest.mock import Mock

import pytest

from firewall_conformance.claims import egress
from firewall_conformance.model.results import ScenarioOutcome
from firewall_conformance.obligations.catalogue import load_catalogue
from firewall_conformance.recipients.ledger import INTERNAL, RESTRICTED_CLASS, Received
from firewall_conformance.run.early_judgement import KEPT_EARLY, RestrictedLeak
from firewall_conformance.run.pytest_hooks import JUDGED_EARLY, RunSession, run_order


@dataclass
class _Item:
    """What the run's hooks read of a collected scenario."""

    name: str
    obligation: str
    needs: tuple[str, ...] = ()
    whole_run: bool = False
    stash: dict[Any, Any] = field(default_factory=dict)
    session: Any = None

    def iter_markers(self, name: str) -> list[SimpleNamespace]:
        args = {"obligation": (self.obligation,), "needs": self.needs}.get(name, ())
        return [SimpleNamespace(args=(a,)) for a in args]

    def get_closest_marker(self, name: str) -> object | None:
        return object() if name == "whole_run" and self.whole_run else None


def _items() -> list[_Item]:
    return [
        _Item("watch", "FW-01", needs=("outbound",)),
        _Item("open", "FW-03"),
        _Item("disclose", "FW-01"),
        _Item("onward", "FW-10", whole_run=True),
        _Item("restricted", "FW-01", whole_run=True),
        _Item("log", "FW-04", whole_run=True),
    ]


def _order(first: frozenset[str], stopping: bool) -> list[str]:
    items = _items()
    return [i.name for i in sorted(items, key=lambda i: run_order(i, first, stopping))]  # type: ignore[arg-type]


def test_a_run_that_stops_runs_what_it_was_told_to_run_first_before_any_watch():
    assert _order(frozenset({"FW-03"}), stopping=True) == [
        "open", "watch", "disclose", "onward", "restricted", "log",
    ]  # fmt: skip
    assert _order(frozenset({"FW-01"}), stopping=True) == [
        "watch", "disclose", "open", "restricted", "onward", "log",
    ]  # fmt: skip


def test_a_run_that_does_not_stop_keeps_its_order():
    assert _order(frozenset({"FW-03"}), stopping=False) == [
        "watch", "open", "disclose", "onward", "restricted", "log",
    ]  # fmt: skip


def _session(stop_on: frozenset[str] | None) -> RunSession:
    session = RunSession(load_catalogue(), "uk", Mock(), Path("."), stop_on=stop_on)
    session.egress.plant("a scenario", session.egress.fresh_cast().values(), None)
    return session


def _to(session: RunSession, recipient: str, role: str, by: str = "a scenario") -> None:
    """The `role` planted by the scenario `by` sent to `recipient`, during `by`."""
    person = next(
        p.persona for p in session.egress.labelled() if (p.persona.role, p.scenario) == (role, by)
    )
    body = json.dumps({"name": person.full_name, "born": person.date_of_birth})
    session.egress.receive(Received.answer(recipient, "an answer", "answer", body, {}), by)


def test_the_judge_finds_a_breach_only_in_what_reached_immigration_enforcement():
    session, judge = _session(frozenset({"FW-01"})), RestrictedLeak()
    assert not judge(session.egress, "uk")  # nothing received: no judgement
    _to(session, INTERNAL, "victim")
    _to(session, RESTRICTED_CLASS, "suspect")
    assert not judge(session.egress, "uk")
    _to(session, RESTRICTED_CLASS, "witness")
    assert judge(session.egress, "uk")


def test_the_judge_looks_again_only_at_what_arrived_since_with_the_planting_scenario_s_matcher():
    session, judge = _session(frozenset({"FW-01"})), RestrictedLeak()
    _to(session, RESTRICTED_CLASS, "suspect")
    assert not judge(session.egress, "uk")
    built = session.egress.scenario_matcher("a scenario")
    assert session.egress.scenario_matcher("x") is built  # x planted no one: the last who did
    session.egress.receive(Received.answer(RESTRICTED_CLASS, "c", "answer", "{}", {}), "y")
    assert not judge(session.egress, "uk")
    session.egress.plant("later", session.egress.fresh_cast().values(), None)
    assert session.egress.scenario_matcher("a scenario") is built
    assert session.egress.scenario_matcher("x") is not built
    _to(session, RESTRICTED_CLASS, "victim", by="later")
    assert judge(session.egress, "uk")
    assert not judge(session.egress, "uk")  # nothing arrived since: nothing more to say


def test_a_push_is_looked_at_for_everyone_planted_whichever_scenario_it_arrived_in():
    session = _session(frozenset({"FW-01"}))
    session.egress.plant("later", session.egress.fresh_cast().values(), None)
    victim = next(p.persona for p in session.egress.labelled() if p.persona.role == "victim")
    body = json.dumps({"contacts": [{"name": victim.full_name, "born": victim.date_of_birth}]})
    for kind in ("answer", "push"):
        received = Received.answer(RESTRICTED_CLASS, "a feed", kind, body, {})
        session.egress.receive(received, "later")
    answer, push = session.egress.reaching_restricted()
    assert not egress.signs_of_a_leak(session.egress, [answer])  # not whom «later» planted
    assert egress.signs_of_a_leak(session.egress, [push])


def test_status_data_on_a_victim_nobody_planted_is_a_sign_unless_such_exchange_is_lawful():
    session = _session(frozenset({"FW-01"}))
    body = json.dumps({"victims": [{"name": "Ann Other", "immigration_status": "overstayer"}]})
    session.egress.receive(Received.answer(RESTRICTED_CLASS, "c", "answer", body, {}), "y")
    reached = session.egress.reaching_restricted()
    assert egress.signs_of_a_leak(session.egress, reached)
    assert not egress.signs_of_a_leak(session.egress, reached, status_only_exchange=True)


def _judged(session: RunSession, after: str) -> list[str]:
    items = _items()
    holder = SimpleNamespace(items=items)
    for item in items:
        item.session = holder
    session._judge_early(next(i for i in items if i.name == after))  # type: ignore[arg-type]
    return [i.name for i in items]


def test_a_breach_on_the_ledger_brings_its_whole_run_claim_forward_under_the_stop():
    session = _session(frozenset({"FW-01", "FW-03", "FW-04", "FW-10"}))
    looked: list[str] = []
    session.look_early(lambda: _to(session, RESTRICTED_CLASS, "victim") or looked.append("x"))
    assert _judged(session, "watch") == [
        "watch", "restricted", "open", "disclose", "onward", "log",
    ]  # fmt: skip
    assert looked == ["x"]  # what a watch still running received was put on the ledger first
    assert session.judged_early == ("restricted", "watch")


@pytest.mark.parametrize("stop_on", [None, frozenset({"FW-03"})])
def test_no_claim_is_judged_early_without_the_stop_or_when_its_failure_would_not_stop(
    stop_on: frozenset[str] | None,
):
    session = _session(stop_on)
    _to(session, RESTRICTED_CLASS, "victim")
    assert _judged(session, "watch") == [i.name for i in _items()]
    assert session.judged_early is None


def test_a_clean_ledger_leaves_the_claim_to_the_end():
    session = _session(frozenset({"FW-01"}))
    _to(session, RESTRICTED_CLASS, "suspect")
    assert _judged(session, "disclose") == [i.name for i in _items()]


def test_a_claim_judged_early_that_passes_is_inconclusive_never_compliant():
    session = _session(frozenset({"FW-01"}))
    item = _Item("restricted", "FW-01", whole_run=True)
    item.stash[JUDGED_EARLY] = True
    report = SimpleNamespace(passed=True, skipped=False, duration=0.1)
    result = session._result(item, Mock(), report)  # type: ignore[arg-type]
    assert (result.outcome, result.reason) == (ScenarioOutcome.INCONCLUSIVE, KEPT_EARLY)
    del item.stash[JUDGED_EARLY]
    result = session._result(item, Mock(), report)  # type: ignore[arg-type]
    assert result.outcome is ScenarioOutcome.PASSED
