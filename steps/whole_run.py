"""Claims over the whole run: everything recipients received (the egress ledger), the audit log
as append-only evidence, and the harness's own books held to it."""

from __future__ import annotations

import pytest

from firewall_conformance.audit.books import pushes_received
from firewall_conformance.claims import audit as audit_check
from firewall_conformance.claims import egress as check
from firewall_conformance.model.evidence import ScenarioEvidence
from firewall_conformance.obligations.jurisdictions import jurisdiction
from firewall_conformance.recipients.ledger import INTERNAL
from firewall_conformance.run.pytest_hooks import RunSession
from firewall_conformance.targets.base import Target
from steps.acts import AUDITOR
from steps.claims import FOUND, LOGGED, NONE


def _end_the_run(run: RunSession) -> None:
    """End what was still being observed (recorders listening for pushes); then, if the run
    planted no one (read-only, or every plant refused), it did nothing of its own to judge:
    NOT TESTED, as the scenarios that could not plant are."""
    run.end_observations()
    if not run.egress.planted:
        pytest.skip(
            "Nobody was planted during the run (nothing is planted in read-only mode, and no "
            "scenario could plant), so there was nothing of the run's own to judge."
        )


@FOUND.phrase(
    "the planted people are found in what lawful recipients and the force's own staff received"
)
def lawful_control(run: RunSession, evidence: ScenarioEvidence) -> None:
    """Judged early (run/early_judgement.py), the claim can only find a breach, which needs no
    control; and the run's observations go on, for it is not the end of the run."""
    if run.judging_early:
        return
    _end_the_run(run)
    evidence.record(check.lawful_control(evidence, run.egress))


@NONE.phrase("nothing immigration enforcement received identifies a victim or a witness")
def restricted_clean(run: RunSession, evidence: ScenarioEvidence) -> None:
    caveat = jurisdiction(run.jurisdiction).status_only_exchange
    evidence.record(check.restricted_clean(evidence, run.egress, status_only_exchange=caveat))


@AUDITOR.phrase("reads the whole audit log once more, after every planted person was removed")
def read_log_at_the_end(run: RunSession, target: Target) -> None:
    _end_the_run(run)
    target.audit_log(whole=True)


@LOGGED.phrase("every entry seen on any earlier read of it, still unchanged and in its place")
def log_only_grew(run: RunSession, evidence: ScenarioEvidence) -> None:
    evidence.record(audit_check.log_only_grew(run.audit))


@NONE.phrase(
    "nothing a recipient free to use it onward received identifies a victim or a witness, "
    "or remarks on immigration status"
)
def onward_clean(run: RunSession, target: Target, evidence: ScenarioEvidence) -> None:
    classes = {e.received.recipient_class for e in run.egress.lawful()} - {INTERNAL}
    onward = {c for c in classes if target.recipient(c).onward_use}
    evidence.record(check.onward_clean(evidence, run.egress, onward))


@LOGGED.phrase(
    "everything the run did that it must record, refused or not, in exactly one complete "
    "entry of its own"
)
def acts_logged(run: RunSession, target: Target, evidence: ScenarioEvidence) -> None:
    pushes = pushes_received(run.egress.entries, lambda c: target.recipient(c).id)
    acts = [*run.books.acts, *pushes]
    evidence.attach("the harness's books (push bodies withheld)", [a.summary() for a in acts])
    evidence.record(audit_check.acts_logged(target.audit_log(), acts, target.audit_kinds()))
