"""Waivers: loaded strictly, applied only in model/verdicts.py, never mistaken for compliance."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from firewall_conformance.inputs.documents import InvalidDocument
from firewall_conformance.model.results import (
    Claim,
    RunVerdict,
    ScenarioOutcome,
    ScenarioResult,
    Verdict,
)
from firewall_conformance.model.verdicts import obligation_result, run_verdict
from firewall_conformance.obligations.catalogue import load_catalogue
from firewall_conformance.obligations.waivers import load_waivers

CATALOGUE = load_catalogue()
EXPIRES = dt.date(2027, 3, 31)
TARGET = "Acme RMS staging"


def entry(**changes) -> dict:
    waiver = {
        "obligation": "FW-02",
        "scope": {"description": "Status-check gateway, batch channel only", "targets": [TARGET]},
        "justification": "The gateway is being replaced; batch checks are switched off by hand.",
        "approved_by": "J. Smith, Data Protection Officer",
        "expires": EXPIRES,
        "reference": "RISK-0042",
    }
    waiver.update(changes)
    return {k: v for k, v in waiver.items() if v is not None}


def load(tmp_path, *entries, today=EXPIRES, target=TARGET, jurisdiction="uk"):
    path = tmp_path / "waivers.yaml"
    path.write_text(yaml.safe_dump({"waivers": list(entries)}), encoding="utf-8")
    return load_waivers(
        path,
        today=today,
        target_name=target,
        jurisdiction=jurisdiction,
        known_obligations=[o.id for o in CATALOGUE.in_scope(jurisdiction)],
    )


def test_a_waiver_is_in_force_on_its_last_day(tmp_path):
    waivers = load(tmp_path, entry(), today=EXPIRES)
    assert [w.reference for w in waivers.in_force] == ["RISK-0042"]
    assert waivers.warnings == []


def test_a_waiver_is_ignored_the_day_after_it_expires_and_says_so(tmp_path):
    waivers = load(tmp_path, entry(), today=EXPIRES + dt.timedelta(days=1))
    assert waivers.in_force == []
    [warning] = waivers.warnings
    assert "RISK-0042" in warning and "expired on 2027-03-31" in warning


@pytest.mark.parametrize(
    "missing", ["justification", "approved_by", "expires", "reference", "scope"]
)
def test_an_incomplete_waiver_is_ignored_naming_the_missing_key(tmp_path, missing):
    waivers = load(tmp_path, entry(**{missing: None}))
    assert waivers.in_force == []
    [warning] = waivers.warnings
    assert "incomplete" in warning and missing in warning


def test_blank_justification_and_impossible_date_are_incomplete(tmp_path):
    waivers = load(tmp_path, entry(justification="   "), entry(expires="2027-02-30"))
    assert waivers.in_force == []
    assert len(waivers.warnings) == 2


def test_a_waiver_for_another_target_or_obligation_is_not_in_force(tmp_path):
    waivers = load(
        tmp_path,
        entry(scope={"description": "x", "targets": ["Other force"]}),
        entry(obligation="FW-99"),
    )
    assert waivers.in_force == []
    assert "not Acme RMS staging" in waivers.warnings[0]
    assert "no such obligation" in waivers.warnings[1]


def test_a_second_waiver_for_the_same_obligation_is_ignored(tmp_path):
    waivers = load(tmp_path, entry(), entry(reference="RISK-0043"))
    assert [w.reference for w in waivers.in_force] == ["RISK-0042"]
    assert "already waived by RISK-0042" in waivers.warnings[0]


def test_a_file_that_is_not_a_waivers_document_is_an_error(tmp_path):
    path = tmp_path / "waivers.yaml"
    path.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(InvalidDocument, match=r"waivers\.yaml"):
        load_waivers(
            path, today=EXPIRES, target_name=TARGET, jurisdiction="uk", known_obligations=[]
        )


def _obligation(outcome: ScenarioOutcome, waiver):
    scenario = ScenarioResult("s", "f", ("FW-02",), outcome, "why", [Claim("c", {"records": 1})])
    return obligation_result(CATALOGUE["FW-02"], "uk", [scenario], "not run", waiver)


@pytest.mark.parametrize("outcome", [ScenarioOutcome.BREACH, ScenarioOutcome.INCONCLUSIVE])
def test_a_waived_breach_or_inconclusive_becomes_waived_never_compliant(tmp_path, outcome):
    [waiver] = load(tmp_path, entry()).in_force
    result = _obligation(outcome, waiver)
    assert result.verdict is Verdict.WAIVED
    assert result.unwaived_verdict.value == outcome.value.upper()
    assert "RISK-0042" in result.reason and "J. Smith" in result.reason


def test_a_waiver_does_not_touch_compliant_or_not_tested(tmp_path):
    [waiver] = load(tmp_path, entry()).in_force
    assert _obligation(ScenarioOutcome.PASSED, waiver).verdict is Verdict.COMPLIANT
    assert _obligation(ScenarioOutcome.NOT_TESTED, waiver).verdict is Verdict.NOT_TESTED
    assert _obligation(ScenarioOutcome.PASSED, waiver).waiver is None


def test_a_run_with_a_waived_obligation_is_conformant_and_names_it(tmp_path):
    [waiver] = load(tmp_path, entry()).in_force
    passed = obligation_result(
        CATALOGUE["FW-01"],
        "uk",
        [
            ScenarioResult(
                "s", "f", ("FW-01",), ScenarioOutcome.PASSED, "", [Claim("c", {"records": 1})]
            )
        ],
        "",
    )
    verdict, reason = run_verdict([passed, _obligation(ScenarioOutcome.BREACH, waiver)])
    assert verdict is RunVerdict.CONFORMANT
    assert "FW-02 is not kept but waived" in reason


def test_an_invalid_waiver_is_described_in_words_not_regular_expressions(tmp_path):
    waivers = load(tmp_path, entry(obligation="FW-2", justification="   ", expires="31/03/2027"))
    [warning] = waivers.warnings
    assert "an obligation id such as FW-02" in warning
    assert "some text, not only spaces" in warning
    assert "a date written YYYY-MM-DD" in warning
    for regex in ("^", "\\d", "\\S", "{2}", "$"):
        assert regex not in warning, (regex, warning)
