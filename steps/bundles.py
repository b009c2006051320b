"""Export bundles handed to an inspector: the extracts each recipient was sent, and the log."""

from __future__ import annotations

from pytest_bdd import given, then

from firewall_conformance.claims import export_bundles as check
from firewall_conformance.model.evidence import ScenarioEvidence
from firewall_conformance.obligations.jurisdictions import jurisdiction
from firewall_conformance.offline.reading import ExtractReading
from firewall_conformance.run.pytest_hooks import RunSession
from firewall_conformance.targets.base import Target
from steps.claims import FOUND, LOGGED


@given("the extracts handed over in the bundle", target_fixture="extracts")
def extracts(target: Target) -> list[ExtractReading]:
    return target.held_exports()


@FOUND.phrase(
    "the status details of victims and witnesses are found in the extracts for lawful "
    "recipients, in every format immigration enforcement was sent"
)
def lawful_control(evidence: ScenarioEvidence, extracts: list[ExtractReading]) -> None:
    evidence.record(check.lawful_control(extracts))


@then(
    "the extracts for immigration enforcement hold no victim or witness and none of their "
    "status details"
)
def restricted_clean(
    evidence: ScenarioEvidence, run: RunSession, extracts: list[ExtractReading]
) -> None:
    caveat = jurisdiction(run.jurisdiction).status_only_exchange
    evidence.record(check.restricted_clean(extracts, status_only_exchange=caveat))


@LOGGED.phrase("exactly one complete entry for each extract")
def extracts_logged(
    evidence: ScenarioEvidence, target: Target, extracts: list[ExtractReading]
) -> None:
    evidence.record(check.extracts_logged(target.audit_log(*check.DISCLOSURE_KINDS), extracts))


@LOGGED.phrase("who, when, to whom, why and on what basis for every disclosure")
def disclosures_complete(evidence: ScenarioEvidence, target: Target) -> None:
    evidence.record(check.disclosures_complete(target.audit_log(*check.DISCLOSURE_KINDS)))
