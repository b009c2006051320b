"""Looking up person records with and without a reason, and who may read the log."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from pytest_bdd import then

from firewall_conformance.claims import record_access as check
from firewall_conformance.model.evidence import ScenarioEvidence, ScenarioState, Tried
from firewall_conformance.persons import canary_text
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.base import Target
from firewall_conformance.targets.search_fields import by_name, search_value
from steps.acts import ACCOUNT_ACTS
from steps.claims import LOGGED, REFUSED
from steps.vocabulary import ACCOUNT, one_of

NO_REASON = "no reason given"


@dataclass
class LogReading:
    """How many entries the auditor read, and the answer to another account's attempt."""

    auditor_entries: int = 0
    attempt: Attempt | None = None
    account: str = ""


@pytest.fixture
def log_reading() -> LogReading:
    return LogReading()


def _look_up(
    target: Target, state: ScenarioState, account: str, action: str, reason: str | None
) -> None:
    victim, person_id = state.cast["victim"], state.person_id("victim")
    searched = ""
    if action == "search":
        field = by_name(target.search_fields())
        searched = search_value(victim, field)
        attempt = target.search_persons(account, searched, reason, field=field)
    else:
        attempt = target.open_record(account, person_id, reason)
    state.tried.append(
        Tried(
            action,
            victim,
            person_id,
            attempt,
            account=account,
            detail=reason or NO_REASON,
            searched=searched,
        )
    )


@ACCOUNT_ACTS.phrase("searches for the victim by name and opens their record, giving a reason")
def look_up_with_reason(target: Target, state: ScenarioState, account: str) -> None:
    reason = canary_text.look_up_reason()
    _look_up(target, state, account, "search", reason)
    _look_up(target, state, account, "open-record", reason)


# The look-ups an account may make of the victim, as the scenario says them.
LOOK_UPS = {
    "searches for the victim by name": "search",
    "tries to open the victim's record": "open-record",
}


@ACCOUNT_ACTS.phrase(rf"{one_of('how', LOOK_UPS)} without giving a reason")
def look_up_without_reason(target: Target, state: ScenarioState, account: str, how: str) -> None:
    _look_up(target, state, account, LOOK_UPS[how], None)


def _with_reason(state: ScenarioState) -> list[Tried]:
    return [t for t in state.tried if t.detail != NO_REASON]


def _without_reason(state: ScenarioState) -> list[Tried]:
    return [t for t in state.tried if t.detail == NO_REASON]


@then("both look-ups succeed and the audit log shows who made each, when, and the reason given")
def logged_with_reason(
    evidence: ScenarioEvidence, target: Target, state: ScenarioState, log_reading: LogReading
) -> None:
    entries = target.audit_log(*{t.action for t in _with_reason(state)})
    log_reading.auditor_entries = len(entries)
    evidence.record(check.logged_with_reason(entries, _with_reason(state)))


@REFUSED.phrase("both look-ups without a reason")
def refused_without_reason(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    evidence.record(check.refused_without_reason(_without_reason(state)))


@LOGGED.phrase("both refused look-ups")
def refusals_logged(evidence: ScenarioEvidence, target: Target, state: ScenarioState) -> None:
    evidence.record(
        check.refusals_logged(
            target.audit_log(*{t.action for t in _without_reason(state)}), _without_reason(state)
        )
    )


@ACCOUNT_ACTS.phrase("tries to read the audit log")
def read_log(target: Target, log_reading: LogReading, account: str) -> None:
    log_reading.attempt = target.audit_log_as(account)
    log_reading.account = account


@REFUSED.phrase(rf"{ACCOUNT}'s reading of the audit log")
def reading_refused(
    evidence: ScenarioEvidence, target: Target, log_reading: LogReading, account: str
) -> None:
    """The control is the auditor's reading: the scenario's own, or one made here."""
    assert log_reading.attempt is not None, "a When step must try to read the log first"
    assert account == log_reading.account, f"the {account} did not try to read the log"
    if not log_reading.auditor_entries:
        log_reading.auditor_entries = len(target.audit_log())
    evidence.record(
        check.log_closed(log_reading.attempt, log_reading.account, log_reading.auditor_entries)
    )
