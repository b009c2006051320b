"""Finding and opening person records, by account."""

from __future__ import annotations

from pytest_bdd import parsers, then, when

from firewall_conformance.checks import access as check
from firewall_conformance.evidence import ScenarioEvidence, ScenarioState, Tried
from firewall_conformance.targets.base import Target
from steps.vocabulary import EXTRA_TYPES


@when(parsers.parse("{account:Account} searches for {roles:Roles} by name", EXTRA_TYPES))
def search(target: Target, state: ScenarioState, account: str, roles: list[str]) -> None:
    for role in roles:
        persona, person_id = state.cast[role], state.person_id(role)
        attempt = target.search_persons(account, persona.full_name)
        state.tried.append(Tried("search", persona, person_id, attempt, account=account))


@when(parsers.parse("{account:Account} opens the records of {roles:Roles}", EXTRA_TYPES))
@when(parsers.parse("{account:Account} tries to open the records of {roles:Roles}", EXTRA_TYPES))
def open_records(target: Target, state: ScenarioState, account: str, roles: list[str]) -> None:
    for role in roles:
        person_id = state.person_id(role)
        attempt = target.open_record(account, person_id)
        state.tried.append(
            Tried("open-record", state.cast[role], person_id, attempt, account=account)
        )


@then("the investigator finds all three")
def investigator_finds(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    evidence.record(
        check.found_by_search(evidence, state.tried_where(action="search", account="investigator"))
    )


@then("the immigration officer finds neither of them")
def immigration_officer_finds_nothing(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    searches = state.tried_where(action="search", account="immigration_officer")
    evidence.record(check.not_found_by_search(evidence, state.matcher, searches))


@then("both records open for the investigator")
def investigator_opens(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    reads = state.tried_where(action="open-record", account="investigator")
    evidence.record(check.opened(evidence, state.matcher, reads))


@then("both records stay closed to the immigration officer")
def immigration_officer_refused(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    reads = state.tried_where(action="open-record", account="immigration_officer")
    evidence.record(check.stayed_closed(evidence, state.matcher, reads))
