"""Published statistics on disclosures to immigration enforcement."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from pytest_bdd import then, when

from firewall_conformance.auditlog import AuditEntry
from firewall_conformance.checks import statistics as check
from firewall_conformance.evidence import ScenarioEvidence, ScenarioState
from firewall_conformance.outcomes import Inconclusive
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.base import Target


@dataclass
class Publication:
    """What the statistics steps hand to each other: the period, the first release, the audit
    log read with it, how many attempts had been made by then; then the period asked for the
    second time, the system's answer and the audit log read with it."""

    period: tuple[str, str] = ("", "")
    releases: list[check.Release] = field(default_factory=list)
    audit: list[AuditEntry] = field(default_factory=list)
    tried_before: int = 0
    asked_again: tuple[str, str] = ("", "")
    second: Attempt | None = None
    audit_after: list[AuditEntry] = field(default_factory=list)

    def first(self) -> check.Release:
        if not self.releases:
            raise Inconclusive("No statistics were published.")
        return self.releases[0]


@pytest.fixture
def publication() -> Publication:
    return Publication()


@when(
    "the system publishes its statistics on disclosures to immigration enforcement for the "
    "last twelve complete months"
)
def publish(target: Target, state: ScenarioState, publication: Publication) -> None:
    publication.period = check.period(datetime.now(UTC).date())
    publication.releases = [check.parse_release(target.publish_statistics(*publication.period))]
    publication.audit = target.audit_log()
    publication.tried_before = len(state.tried)


@when(
    "the system is asked again for its statistics, this time up to and including the month "
    "under way"
)
def publish_again(target: Target, publication: Publication) -> None:
    publication.first()
    publication.asked_again = (
        publication.period[0],
        check.this_month(datetime.now(UTC).date()),
    )
    publication.second = target.publish_statistics(*publication.asked_again)
    publication.audit_after = target.audit_log()


def _counts(target: Target, entries: list[AuditEntry]) -> Counter[check.Key]:
    return check.audit_counts(entries, target.recipient("immigration-enforcement").id)


def _counted(target: Target, publication: Publication) -> Counter[check.Key]:
    return _counts(target, publication.audit)


@then("every published number matches the audit log")
def matches_audit(target: Target, evidence: ScenarioEvidence, publication: Publication) -> None:
    evidence.record(
        check.reconciled(publication.first(), _counted(target, publication), publication.period)
    )


@then("every count below the publication threshold is suppressed")
def small_suppressed(target: Target, evidence: ScenarioEvidence, publication: Publication) -> None:
    evidence.record(
        check.small_counts_suppressed(publication.first(), _counted(target, publication))
    )


@then("no suppressed count can be worked out from the totals")
def no_residual(evidence: ScenarioEvidence, publication: Publication) -> None:
    evidence.record(check.no_residual_leak(publication.first()))


@then("comparing the two releases gives no count below the threshold away")
def no_difference(
    target: Target, evidence: ScenarioEvidence, state: ScenarioState, publication: Publication
) -> None:
    if publication.second is None:
        raise Inconclusive("The statistics were not asked for a second time.")
    made = [
        f"{'a disclosure' if t.attempt.allowed else 'a refused disclosure'} of {t.persona.label}"
        for t in state.tried[publication.tried_before :]
        if t.action == "disclose" and t.recipient == "immigration-enforcement"
    ]
    logged = check.new_months(
        _counted(target, publication), _counts(target, publication.audit_after)
    )
    evidence.record(
        check.no_difference_leak(
            publication.first(), publication.second, publication.asked_again, logged, made
        )
    )
