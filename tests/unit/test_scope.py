"""A scoped run's verdict covers only what was selected, and says so in its first line
(issue 16, item 2): nothing outside the scope is ever counted, kept or otherwise."""

from __future__ import annotations

from types import SimpleNamespace

from firewall_conformance.model.results import ObligationResult, RunVerdict, Verdict, headline
from firewall_conformance.model.verdicts import run_verdict
from firewall_conformance.obligations.catalogue import load_catalogue
from firewall_conformance.obligations.modes import Scope, deselect

IN_SCOPE = load_catalogue().in_scope("uk")
IDS = [o.id for o in IN_SCOPE]


def _scope(kind: str = "all", selected: tuple[str, ...] = (), capabilities=frozenset()) -> Scope:
    return Scope.of(kind, False, frozenset(capabilities), IN_SCOPE, selected)


def _result(obligation_id: str, verdict: Verdict) -> ObligationResult:
    [obligation] = [o for o in IN_SCOPE if o.id == obligation_id]
    return ObligationResult(obligation, "law", verdict, "why", [])


def test_selected_obligations_alone_count():
    scope = _scope(selected=("FW-03",))
    assert [i for i in IDS if scope.counts(i)] == ["FW-03"]
    assert scope.outside() == [i for i in IDS if i != "FW-03"]


def test_an_unrestricted_run_counts_everything():
    scope = _scope()
    assert all(scope.counts(i) for i in IDS) and scope.outside() == []


def test_answerable_and_selected_narrow_together():
    everything = frozenset(c for o in IN_SCOPE for c in o.capabilities)
    scope = _scope("answerable", ("FW-03", "FW-05"), everything)
    assert scope.outside() == [i for i in IDS if i not in ("FW-03", "FW-05")]


def test_a_scoped_run_of_one_kept_obligation_is_conformant():
    scope = _scope(selected=("FW-03",))
    results = [_result(i, Verdict.COMPLIANT if i == "FW-03" else Verdict.NOT_TESTED) for i in IDS]
    verdict, reason = run_verdict([o for o in results if scope.counts(o.obligation.id)])
    assert verdict is RunVerdict.CONFORMANT
    assert "The 1 obligation in scope was tested and kept" in reason


def test_a_selected_obligation_not_tested_keeps_the_run_inconclusive():
    scope = _scope(selected=("FW-03",))
    results = [_result(i, Verdict.NOT_TESTED) for i in IDS]
    verdict, _ = run_verdict([o for o in results if scope.counts(o.obligation.id)])
    assert verdict is RunVerdict.INCONCLUSIVE


def test_the_headline_names_the_scope():
    outside = [i for i in IDS if i != "FW-03"]
    assert headline(RunVerdict.CONFORMANT, ["FW-03"], outside) == (
        f"CONFORMANT for FW-03 only; {len(outside)} obligations not in this run's scope"
    )
    assert headline(RunVerdict.BREACH, IDS[:2], IDS[2:3]) == (
        f"BREACH for {IDS[0]} and {IDS[1]} only; 1 obligation not in this run's scope"
    )
    assert headline(RunVerdict.INCONCLUSIVE, IDS[:5], IDS[5:]).startswith(
        "INCONCLUSIVE for 5 obligations only; "
    )
    assert headline(RunVerdict.CONFORMANT, IDS, []) == "CONFORMANT"


def test_scenarios_left_out_of_the_run_are_reported_deselected_and_counted():
    """One way of leaving scenarios out, for the mode filter and `--obligation` alike (they
    were two copies)."""
    reported: list[list[str]] = []
    config = SimpleNamespace(
        hook=SimpleNamespace(pytest_deselected=lambda items: reported.append(items))
    )
    items = ["FW-01 a", "FW-03 b", "FW-01 c"]
    assert deselect(config, items, lambda item: item.startswith("FW-01")) == 1
    assert items == ["FW-01 a", "FW-01 c"] and reported == [["FW-03 b"]]
    assert deselect(config, items, lambda item: True) == 0 and len(reported) == 1
