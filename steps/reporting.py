"""Reporting a crime and victim services, whatever a person's status or documents."""

from __future__ import annotations

import dataclasses

import pytest
from pytest_bdd import parsers, when

from firewall_conformance.claims import reporting as check
from firewall_conformance.model.evidence import ScenarioEvidence, ScenarioState, Tried
from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.persons.canary_text import crime_report
from firewall_conformance.persons.case_planting import remove_after_scenario
from firewall_conformance.run.pytest_hooks import RunSession
from firewall_conformance.targets.answers import CrimeReport
from firewall_conformance.targets.base import SeededCase, Target
from steps.acts import OFFICER
from steps.claims import ACCEPTED
from steps.vocabulary import one_of
from steps.wiring import last_tried

WITH_DOCUMENT = "with document"
# Who reports, as the scenario says it: the persona's label, and whether they give their
# passport and their immigration status (a victim who gives neither is the one at risk).
REPORTERS = {
    "who gives full details and an identity document": ("the victim with full details", True),
    "whose immigration status is unknown and who has no identity document": (
        "the victim with no documents",
        False,
    ),
}


@when(parsers.re(rf"a victim {one_of('who', REPORTERS)} reports a crime"))
def report_crime(
    request: pytest.FixtureRequest, run: RunSession, target: Target, state: ScenarioState, who: str
) -> None:
    label, documented = REPORTERS[who]
    persona = run.egress.fresh_persona("victim", label)
    if not documented:
        persona = dataclasses.replace(persona, immigration_status="unknown")
    state.cast[persona.label] = persona
    document = persona.passport_number if documented else None
    attempt = target.report_crime(crime_report(persona, document))
    detail = WITH_DOCUMENT if document else "without document"
    report = attempt.accepted_answer(CrimeReport)
    person_id = report.person_id if report else None
    state.tried.append(Tried("report", persona, person_id or "", attempt, detail=detail))
    if attempt.allowed:
        run.egress.plant(run.scenario, [persona], None)
    if report and report.case_id and person_id:
        seeded = SeededCase(report.case_id, {persona.label: person_id})
        remove_after_scenario(run, seeded, request.addfinalizer)


@ACCEPTED.phrase("the report")
def report_taken(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    """The report with a document is the control; the one without is the claim."""
    report = last_tried(state, "report")
    evidence.record(check.report_taken(report, control=report.detail == WITH_DOCUMENT))


@OFFICER.phrase("refers that victim to victim services")
def refer_to_victim_services(target: Target, state: ScenarioState) -> None:
    report = last_tried(state, "report")
    recorded = report.attempt.accepted_answer(CrimeReport)
    case_id = recorded.case_id if recorded else None
    if not case_id:
        raise Inconclusive(
            f"The crime report of {report.persona.label} recorded no case, so there was none "
            "to refer them to victim services from."
        )
    attempt = target.refer_to_victim_services(case_id, report.person_id)
    state.tried.append(
        Tried("victim-services", report.persona, report.person_id, attempt, detail=report.detail)
    )


@ACCEPTED.phrase("the referral to victim services")
def referred(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    evidence.record(check.victim_services_referral_made(last_tried(state, "victim-services")))
