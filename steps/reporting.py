"""Reporting a crime and victim services, whatever a person's status or documents."""

from __future__ import annotations

import dataclasses

import pytest
from pytest_bdd import then, when

from firewall_conformance.canary_text import crime_report
from firewall_conformance.case_planting import remove_after_scenario
from firewall_conformance.checks import reporting as check
from firewall_conformance.evidence import ScenarioEvidence, ScenarioState, Tried
from firewall_conformance.personas import Persona
from firewall_conformance.session import RunSession
from firewall_conformance.targets.base import SeededCase, Target


def _report(
    request: pytest.FixtureRequest,
    run: RunSession,
    target: Target,
    state: ScenarioState,
    persona: Persona,
    document: str | None,
) -> None:
    state.cast[persona.label] = persona
    attempt = target.report_crime(crime_report(persona, document))
    detail = "with document" if document else "without document"
    case_id, person_id = (attempt.returned.get(k) for k in ("case_id", "person_id"))
    state.tried.append(Tried("report", persona, str(person_id or ""), attempt, detail=detail))
    if attempt.allowed:
        run.egress.plant(run.scenario, [persona], None)
    if attempt.allowed and case_id and person_id:
        seeded = SeededCase(str(case_id), {persona.label: str(person_id)})
        remove_after_scenario(run, seeded, request.addfinalizer)


@when("a victim who gives full details and an identity document reports a crime")
def report_with_documents(
    request: pytest.FixtureRequest, run: RunSession, target: Target, state: ScenarioState
) -> None:
    persona = run.egress.fresh_persona("victim", "the victim with full details")
    _report(request, run, target, state, persona, persona.passport_number)


@when(
    "a victim whose immigration status is unknown and who has no identity document reports a crime"
)
def report_without_documents(
    request: pytest.FixtureRequest, run: RunSession, target: Target, state: ScenarioState
) -> None:
    persona = dataclasses.replace(
        run.egress.fresh_persona("victim", "the victim with no documents"),
        immigration_status="unknown",
    )
    _report(request, run, target, state, persona, None)


@then("the system takes the report")
def report_taken(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    evidence.record(check.report_taken(state.tried_where(action="report")[-1], control=True))


@then("the system takes that report just the same")
def report_taken_without_documents(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    evidence.record(check.report_taken(state.tried_where(action="report")[-1], control=False))


@when("an officer refers that victim to victim services")
def refer_to_victim_services(target: Target, state: ScenarioState) -> None:
    report = state.tried_where(action="report")[-1]
    attempt = target.refer_to_victim_services(
        str(report.attempt.returned["case_id"]), report.person_id
    )
    state.tried.append(
        Tried("victim-services", report.persona, report.person_id, attempt, detail=report.detail)
    )


@then("the victim is referred to victim services")
def referred(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    evidence.record(
        check.victim_services_referral_made(state.tried_where(action="victim-services")[-1])
    )
