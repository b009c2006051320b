"""Recipient-specific bulk exports."""

from __future__ import annotations

from functools import partial

from firewall_conformance.claims import PROTECTED_ROLES
from firewall_conformance.claims import audit as audit_check
from firewall_conformance.claims import exports as check
from firewall_conformance.model.evidence import ScenarioEvidence, ScenarioState
from firewall_conformance.run.pytest_hooks import RunSession
from firewall_conformance.targets.asking_again import asked_again_if_refused
from firewall_conformance.targets.base import Target
from steps.acts import SYSTEM
from steps.claims import LOGGED, RECEIVES, RECEIVES_NOTHING, REFUSED, on
from steps.vocabulary import PURPOSE, RECIPIENT, RECIPIENT_WORDS
from steps.wiring import Acts, naming


@SYSTEM.phrase(
    rf"exports its records for {RECIPIENT}(?:, stating the purpose {PURPOSE},)? "
    "in every format it offers"
)
def export_every_format(
    run: RunSession,
    target: Target,
    state: ScenarioState,
    acts: Acts,
    recipient: str,
    purpose: str | None,
) -> None:
    """With a purpose stated, an export is asked again if refused, as a refusal is what the
    scenario may expect; without one, each export made is a disclosure the log must hold."""
    acts.made("export")
    if purpose:
        state.last_exports = [
            asked_again_if_refused(
                partial(target.export, recipient, fmt, run.workdir, purpose), lambda e: e.refused
            )
            for fmt in target.export_formats()
        ]
        return
    state.last_exports = [
        target.export(recipient, fmt, run.workdir) for fmt in target.export_formats()
    ]
    recipient_id = target.recipient(recipient).id
    state.disclosures.extend(
        ("export", [e.export_id], recipient_id)
        for e in state.last_exports
        if not e.refused and e.export_id
    )


def _for(party: str, state: ScenarioState) -> None:
    assert all(e.recipient.recipient_class == party for e in state.last_exports), (
        f"the exports just made were not all for {RECIPIENT_WORDS.get(party, party)}"
    )


@on(RECEIVES, "export")
def all_found(
    evidence: ScenarioEvidence, state: ScenarioState, party: str, roles: list[str]
) -> None:
    naming(roles, tuple(state.cast), "receives the details")
    _for(party, state)
    evidence.record(
        check.all_found(evidence, state.matcher, state.last_exports, list(state.cast.values()))
    )


@on(RECEIVES_NOTHING, "export")
def none_protected(
    evidence: ScenarioEvidence, state: ScenarioState, party: str, roles: list[str]
) -> None:
    naming(roles, PROTECTED_ROLES, "receives nothing")
    _for(party, state)
    evidence.record(
        check.none_protected(evidence, state.matcher, state.last_exports, list(state.cast.values()))
    )


@REFUSED.phrase("every one of those exports")
def all_refused(evidence: ScenarioEvidence, state: ScenarioState) -> None:
    evidence.record(check.all_refused(evidence, state.matcher, state.last_exports))


@LOGGED.phrase("every refused export with its purpose")
def refusals_logged(target: Target, evidence: ScenarioEvidence, state: ScenarioState) -> None:
    protected = [state.person_id(role) for role in ("victim", "witness")]
    refused = [e for e in state.last_exports if e.refused]
    evidence.record(
        audit_check.refused_exports_logged(target.audit_log("export"), refused, protected)
    )
