"""Claims over everything recipients received during the whole run (the egress ledger)."""

from __future__ import annotations

from pytest_bdd import then

from firewall_conformance.checks import egress as check
from firewall_conformance.evidence import ScenarioEvidence
from firewall_conformance.session import RunSession


@then("the planted people are found in what lawful recipients and the force's own staff received")
def lawful_control(run: RunSession, evidence: ScenarioEvidence) -> None:
    evidence.record(check.lawful_control(evidence, run.egress))


@then("nothing immigration enforcement received identifies a victim or a witness")
def restricted_clean(run: RunSession, evidence: ScenarioEvidence) -> None:
    evidence.record(check.restricted_clean(evidence, run.egress))
