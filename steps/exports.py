"""Recipient-specific bulk exports."""

from __future__ import annotations

from pytest_bdd import parsers, then, when

from firewall_conformance.checks import exports as check
from firewall_conformance.evidence import ScenarioEvidence, ScenarioState
from firewall_conformance.session import RunSession
from firewall_conformance.targets.base import Target
from steps.vocabulary import EXTRA_TYPES


@when(
    parsers.parse(
        "the system exports its records for {recipient:Recipient} in every format it offers",
        EXTRA_TYPES,
    )
)
def export_every_format(
    run: RunSession, target: Target, state: ScenarioState, recipient: str
) -> None:
    state.last_exports = [
        target.export(recipient, fmt, run.workdir) for fmt in target.export_formats()
    ]
    recipient_id = target.recipient(recipient).id
    state.disclosures.extend(
        ("export", [e.export_id], recipient_id)
        for e in state.last_exports
        if not e.refused and e.export_id
    )


@then("the victim, the witness and the suspect are all found in those exports")
def all_found(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    evidence.record(
        check.all_found(evidence, state.matcher, state.last_exports, list(state.cast.values()))
    )


@then("those exports contain nothing about the victim or the witness")
def none_protected(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    evidence.record(check.none_protected(evidence, state.matcher, state.last_exports))
