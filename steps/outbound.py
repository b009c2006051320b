"""Outbound feeds: what the system pushes, of its own accord, to recipients' endpoints."""

from __future__ import annotations

from pytest_bdd import parsers, then, when

from firewall_conformance.checks import outbound as check
from firewall_conformance.egress import push_received
from firewall_conformance.evidence import ScenarioEvidence, ScenarioState
from firewall_conformance.feeds import record_feeds
from firewall_conformance.session import RunSession
from firewall_conformance.targets.base import Target
from steps.vocabulary import EXTRA_TYPES


@when(
    parsers.parse(
        "the system's outbound feeds to {first:Recipient} and to {second:Recipient} are recorded",
        EXTRA_TYPES,
    )
)
def record(
    run: RunSession,
    target: Target,
    state: ScenarioState,
    first: str,
    second: str,
) -> None:
    state.feeds = record_feeds(
        target,
        [first, second],
        run.at_end,
        run.cleanup.problems,
        lambda capture: run.receive(push_received(capture)),
    )


@then(
    parsers.parse(
        "the victim, the witness and the suspect are all found in what {recipient:Recipient} received",
        EXTRA_TYPES,
    )
)
def feed_control(evidence: ScenarioEvidence, state: ScenarioState, recipient: str) -> None:
    assert state.feeds is not None, "a When step must record the feeds first"
    evidence.record(
        check.all_found(evidence, state.matcher, state.feeds, recipient, list(state.cast.values()))
    )


@then(
    parsers.parse(
        "{recipient:Recipient} received at least one push and nothing about the victim or the witness",
        EXTRA_TYPES,
    )
)
def feed_clean(evidence: ScenarioEvidence, state: ScenarioState, recipient: str) -> None:
    assert state.feeds is not None, "a When step must record the feeds first"
    evidence.record(check.none_protected(evidence, state.matcher, state.feeds, recipient))
