"""Data minimisation: what exports and disclosures carry, against the approved fields."""

from __future__ import annotations

from pytest_bdd import parsers, then

from firewall_conformance.claims import minimisation as check
from firewall_conformance.model.evidence import ScenarioEvidence, ScenarioState
from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.targets.base import Target
from steps.claims import DISCLOSURE_CARRIES, NONE
from steps.vocabulary import CONVERTERS, RECIPIENT, ROLE
from steps.wiring import last_tried


@then(
    parsers.re(rf"every status-revealing detail in those exports is one approved for {RECIPIENT}"),
    converters=CONVERTERS,
)
def status_details_approved(
    target: Target, evidence: ScenarioEvidence, state: ScenarioState, recipient: str
) -> None:
    evidence.record(
        check.status_fields_approved(
            state.matcher,
            state.last_exports,
            target.recipient(recipient),
            list(state.cast.values()),
        )
    )


@NONE.phrase(
    "no document number, nationality or immigration status of the victim or the witness "
    "appears anywhere else in those exports"
)
def no_protected_status(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    if not state.last_exports:
        raise Inconclusive("No export was made.")
    evidence.record(
        check.no_protected_status(
            state.matcher,
            state.last_exports,
            state.last_exports[0].recipient,
            list(state.cast.values()),
        )
    )


@DISCLOSURE_CARRIES.phrase(rf"every detail approved for {RECIPIENT}, with the {ROLE}'s details")
def carries_approved(
    target: Target, evidence: ScenarioEvidence, state: ScenarioState, recipient: str, role: str
) -> None:
    tried = last_tried(state, "disclose", recipient=recipient)
    assert tried.persona.role == role, f"the last disclosure to {recipient} was not of the {role}"
    evidence.record(
        check.carries_approved(evidence, state.matcher, tried, target.recipient(recipient))
    )


@DISCLOSURE_CARRIES.phrase(rf"no detail that is not approved for {RECIPIENT}")
def carries_nothing_else(
    target: Target, evidence: ScenarioEvidence, state: ScenarioState, recipient: str
) -> None:
    tried = last_tried(state, "disclose", recipient=recipient)
    evidence.record(check.carries_nothing_else(state.matcher, tried, target.recipient(recipient)))
