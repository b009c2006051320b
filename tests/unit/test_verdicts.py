from dataclasses import replace

import pytest

from firewall_conformance.model.results import (
    Claim,
    RunVerdict,
    ScenarioOutcome,
    ScenarioResult,
    Verdict,
)
from firewall_conformance.model.verdicts import NOTHING_EXAMINED, obligation_result, run_verdict
from firewall_conformance.obligations.catalogue import load_catalogue

FW01 = load_catalogue()["FW-01"]
SEEN = [Claim("looked", {"records": 3})]


def scenario(outcome: ScenarioOutcome, checks=None, reason="why") -> ScenarioResult:
    return ScenarioResult(
        "s", "f", ("FW-01",), outcome, reason, checks if checks is not None else SEEN
    )


def verdict(*scenarios: ScenarioResult) -> Verdict:
    return obligation_result(FW01, "uk", list(scenarios), "not run").verdict


def test_all_passed_with_evidence_is_compliant():
    assert (
        verdict(scenario(ScenarioOutcome.PASSED), scenario(ScenarioOutcome.PASSED))
        is Verdict.COMPLIANT
    )


def test_breach_wins_over_everything():
    assert (
        verdict(
            scenario(ScenarioOutcome.PASSED),
            scenario(ScenarioOutcome.INCONCLUSIVE),
            scenario(ScenarioOutcome.BREACH),
        )
        is Verdict.BREACH
    )


def test_inconclusive_beats_passed():
    assert (
        verdict(scenario(ScenarioOutcome.PASSED), scenario(ScenarioOutcome.INCONCLUSIVE))
        is Verdict.INCONCLUSIVE
    )


def test_no_scenarios_is_not_tested():
    assert verdict() is Verdict.NOT_TESTED


def test_all_skipped_is_not_tested_with_the_catalogue_reason():
    result = obligation_result(FW01, "uk", [scenario(ScenarioOutcome.NOT_TESTED, [])], "not run")
    assert result.verdict is Verdict.NOT_TESTED
    assert FW01.not_tested_reason in result.reason


def test_scenarios_a_stopped_run_did_not_reach_are_not_tested_because_of_the_stop():
    # The catalogue's reason says what the profile lacks; a run stopped at its first failure
    # (`--stop-at-first-failure`) lacks nothing, so only the stop is given as the reason.
    stopped = replace(
        scenario(ScenarioOutcome.NOT_TESTED, [], reason="the run stopped"), not_reached=True
    )
    result = obligation_result(FW01, "uk", [stopped, stopped], "not run")
    assert result.verdict is Verdict.NOT_TESTED
    assert FW01.not_tested_reason not in result.reason
    assert result.reason == "[s] the run stopped [s] the run stopped"
    lacking = scenario(ScenarioOutcome.NOT_TESTED, [], reason="no capability")
    mixed = obligation_result(FW01, "uk", [stopped, lacking], "not run")
    assert FW01.not_tested_reason in mixed.reason


def test_partly_tested_is_inconclusive():
    assert (
        verdict(scenario(ScenarioOutcome.PASSED), scenario(ScenarioOutcome.NOT_TESTED, []))
        is Verdict.INCONCLUSIVE
    )


@pytest.mark.parametrize("checks", [[], [Claim("looked at nothing", {"records": 0})]])
def test_a_pass_that_examined_nothing_is_inconclusive(checks):
    result = obligation_result(FW01, "uk", [scenario(ScenarioOutcome.PASSED, checks)], "not run")
    assert result.verdict is Verdict.INCONCLUSIVE
    assert NOTHING_EXAMINED in result.reason


def _obligation(v: Verdict):
    result = obligation_result(FW01, "uk", [scenario(ScenarioOutcome.PASSED)], "")
    result.verdict = v
    return result


@pytest.mark.parametrize(
    ("verdicts", "expected", "exit_code"),
    [
        ([Verdict.COMPLIANT, Verdict.COMPLIANT], RunVerdict.CONFORMANT, 0),
        ([Verdict.COMPLIANT, Verdict.BREACH, Verdict.INCONCLUSIVE], RunVerdict.BREACH, 1),
        ([Verdict.COMPLIANT, Verdict.INCONCLUSIVE], RunVerdict.INCONCLUSIVE, 2),
        ([Verdict.COMPLIANT, Verdict.NOT_TESTED], RunVerdict.INCONCLUSIVE, 2),
        ([], RunVerdict.INCONCLUSIVE, 2),
    ],
)
def test_run_verdict_and_exit_code(verdicts, expected, exit_code):
    run, _ = run_verdict([_obligation(v) for v in verdicts])
    assert run is expected
    assert run.exit_code == exit_code


def test_harness_error_is_error_exit_3():
    run, reason = run_verdict([_obligation(Verdict.COMPLIANT)], harness_error="bad profile")
    assert (run, run.exit_code) == (RunVerdict.ERROR, 3)
    assert "bad profile" in reason
