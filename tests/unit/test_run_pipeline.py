"""The run is one pipeline: `plan` settles everything decidable before the target is touched,
`decide` turns what the scenarios saw into a frozen result. Both are pure — the same input
gives an equal output, nothing is written and nothing is sent — so a verdict can be reasoned
about, and tested, apart from the run that gathered its evidence (issue 17)."""

from __future__ import annotations

import dataclasses
import socket
from pathlib import Path

import pytest

from firewall_conformance.model.results import (
    Claim,
    RunVerdict,
    ScenarioOutcome,
    ScenarioResult,
    Verdict,
)
from firewall_conformance.obligations.modes import Scope
from firewall_conformance.obligations.waivers import Waivers
from firewall_conformance.run.decide import Seen, Stamp, decide
from firewall_conformance.run.errors import HarnessError
from firewall_conformance.run.options import RunOptions
from firewall_conformance.run.plan import plan

STAMP = Stamp(
    run_id="20261205T000000Z-abcdef",
    started="2026-12-05T00:00:00Z",
    finished="2026-12-05T00:01:00Z",
)


@pytest.fixture
def offline_world(monkeypatch, tmp_path):
    """No connection can be made, and the working folder is empty, so anything written shows."""

    def refused(*args, **kwargs):
        raise AssertionError("a pure stage tried to open a connection")

    monkeypatch.setattr(socket.socket, "connect", refused)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _written(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


def test_plan_is_pure(offline_world):
    options = RunOptions(reports=offline_world / "reports", obligations=["FW-02"])
    first, second = plan(options), plan(options)
    assert first == second
    assert _written(offline_world) == []
    assert [o.id for o in first.in_scope][:2] == ["FW-01", "FW-02"]
    assert first.offline is False and first.options.obligations == ("FW-02",)


def test_plan_knows_an_offline_run_before_the_bundle_is_opened(offline_world):
    assert plan(RunOptions(bundle=offline_world)).offline is True


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"scope": "everything"}, "--scope everything: choose one of all, answerable"),
        ({"engine": "gpu"}, "--engine gpu: choose one of embedded, spark"),
        ({"obligations": ["FW-99"]}, "--obligation FW-99 is not in scope for uk"),
        ({"deadline": 0}, "--deadline 0: give a number of seconds above 0"),
        ({"cleanup_budget": -1}, "--cleanup-budget -1: give a number of seconds above 0"),
        ({"master": "local[2]"}, "--master applies to --engine spark only"),
    ],
)
def test_plan_refuses_what_cannot_run_before_anything_is_touched(offline_world, options, says):
    with pytest.raises(HarnessError, match=r"^" + says.replace("[", r"\[").replace("]", r"\]")):
        plan(RunOptions(reports=offline_world / "reports", **options))
    assert _written(offline_world) == []


def _seen(run_plan, outcome: ScenarioOutcome) -> Seen:
    checks = [Claim("no status reached immigration enforcement", {"records": 3})]
    scenario = ScenarioResult("a scenario", "x.feature", ("FW-02",), outcome, "why", checks)
    scope = Scope.of("all", False, frozenset({"seed-case"}), run_plan.in_scope, ["FW-02"])
    return Seen(
        scenarios=(scenario,),
        scope=scope,
        waivers=Waivers(),
        identity={"name": "a target", "base_url": "http://127.0.0.1:1"},
        personas={"planted": 3, "removed": 3},
        leftover_notes=("a leftover note",),
        scenario_notes=("a scenario note",),
        target_notes=(),
        declared_notes=(),
    )


def test_decide_is_pure_and_its_result_frozen(offline_world):
    run_plan = plan(RunOptions(reports=offline_world / "reports", obligations=["FW-02"]))
    seen = _seen(run_plan, ScenarioOutcome.PASSED)
    first, second = decide(run_plan, seen, STAMP), decide(run_plan, seen, STAMP)
    assert first == second
    assert _written(offline_world) == []
    assert first.verdict is RunVerdict.CONFORMANT
    assert {o.obligation.id: o.verdict for o in first.obligations}["FW-02"] is Verdict.COMPLIANT
    assert first.notes == ("a leftover note", "a scenario note")
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.verdict = RunVerdict.BREACH  # type: ignore[misc]
    with pytest.raises(AttributeError):
        first.notes.append("a note added after the verdict")  # type: ignore[attr-defined]


def test_decide_a_breach(offline_world):
    run_plan = plan(RunOptions(reports=offline_world / "reports", obligations=["FW-02"]))
    assert (
        decide(run_plan, _seen(run_plan, ScenarioOutcome.BREACH), STAMP).verdict
        is RunVerdict.BREACH
    )


def test_the_clean_up_may_take_thirty_seconds_unless_the_run_is_told_otherwise():
    assert RunOptions().cleanup_budget == 30.0
    assert RunOptions(cleanup_budget=5).cleanup_budget == 5
