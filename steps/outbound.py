"""Outbound feeds: what the system pushes, of its own accord, to recipients' endpoints."""

from __future__ import annotations

from firewall_conformance.claims import PROTECTED_ROLES
from firewall_conformance.claims import outbound as check
from firewall_conformance.model.evidence import ScenarioEvidence, ScenarioState
from firewall_conformance.recipients.feeds import record_feeds
from firewall_conformance.recipients.ledger import push_received
from firewall_conformance.run.pytest_hooks import RunSession
from firewall_conformance.targets.base import Target
from steps.acts import RECORDED
from steps.claims import RECEIVES, RECEIVES_NOTHING, on
from steps.vocabulary import RECIPIENTS, one_of, recipient
from steps.wiring import Acts, naming


@RECORDED.phrase(
    rf"the system's outbound feeds to {one_of('first', RECIPIENTS)} and to "
    rf"{one_of('second', RECIPIENTS)} are recorded"
)
def record(
    run: RunSession, target: Target, state: ScenarioState, acts: Acts, first: str, second: str
) -> None:
    acts.made("feed")
    state.feeds = record_feeds(
        target,
        [recipient(first), recipient(second)],
        run.at_end,
        run.cleanup.problems,
        lambda capture: run.receive(push_received(capture)),
        run.look_early,
    )


@on(RECEIVES, "feed")
def feed_control(
    evidence: ScenarioEvidence, state: ScenarioState, party: str, roles: list[str]
) -> None:
    naming(roles, tuple(state.cast), "receives the details")
    assert state.feeds is not None, "a When step must record the feeds first"
    evidence.record(
        check.all_found(evidence, state.matcher, state.feeds, party, list(state.cast.values()))
    )


@on(RECEIVES_NOTHING, "feed")
def feed_clean(
    evidence: ScenarioEvidence, state: ScenarioState, party: str, roles: list[str]
) -> None:
    """Nothing counts as clean unless at least one push reached the recipient (the check)."""
    naming(roles, PROTECTED_ROLES, "receives nothing")
    assert state.feeds is not None, "a When step must record the feeds first"
    evidence.record(check.none_protected(evidence, state.matcher, state.feeds, party))
