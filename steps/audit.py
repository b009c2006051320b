"""What the audit log shows."""

from __future__ import annotations

from pytest_bdd import then

from firewall_conformance.audit.log import ChainRule
from firewall_conformance.claims import audit as check
from firewall_conformance.model.evidence import ScenarioEvidence, ScenarioState
from firewall_conformance.model.outcomes import CapabilityMissing
from firewall_conformance.targets.base import Target
from steps.acts import AUDITOR
from steps.claims import LOGGED


@LOGGED.phrase(r"every (?:(?P<refused>refused) attempt|attempt, accepted or refused)")
def attempts_logged(
    evidence: ScenarioEvidence, target: Target, state: ScenarioState, refused: str | None
) -> None:
    attempts = [t for t in state.tried if not (refused and t.attempt.allowed)]
    evidence.record(
        check.attempts_logged(target.audit_log(*{t.action for t in attempts}), attempts)
    )


@LOGGED.phrase("exactly one complete entry for each of those disclosures")
def disclosures_logged(evidence: ScenarioEvidence, target: Target, state: ScenarioState) -> None:
    evidence.record(
        check.disclosures_logged(
            target.audit_log(*{channel for channel, _, _ in state.disclosures}), state.disclosures
        )
    )


@AUDITOR.phrase("reads the whole audit log")
def read_whole_log(target: Target, state: ScenarioState) -> None:
    _chain_rule(target)
    state.audit_raw = [dict(e.raw) for e in target.audit_log(whole=True)]


def _chain_rule(target: Target) -> ChainRule:
    rule = target.audit_chain_rule()
    if rule is None:
        raise CapabilityMissing("audit-log", "it declares no hash chain to verify the log by")
    return rule


@then("an altered copy of the log and a copy with an entry removed are both detected as tampered")
def tampering_detected(evidence: ScenarioEvidence, target: Target, state: ScenarioState) -> None:
    evidence.record(check.tampering_detected(state.audit_raw, _chain_rule(target)))


@then("the audit log itself is unbroken from its first entry to its last")
def chain_intact(evidence: ScenarioEvidence, target: Target, state: ScenarioState) -> None:
    evidence.record(check.chain_intact(state.audit_raw, _chain_rule(target)))
