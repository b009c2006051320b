"""Published statistics on disclosures to immigration enforcement."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from firewall_conformance.audit.log import AuditEntry
from firewall_conformance.claims import statistics as check
from firewall_conformance.model.evidence import ScenarioEvidence, ScenarioState
from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.model.results import Claim
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.base import Target
from steps.acts import SYSTEM
from steps.claims import PUBLISHED


@dataclass
class Publication:
    """What the statistics steps hand to each other: the period, the releases for it and for
    each of its quarters (first the whole period), the quarters the system declined, the audit
    log read with them, how many attempts had been made by then; then the period asked for the
    second time, the system's answer and the audit log read with it."""

    period: check.Period = ("", "")
    releases: list[tuple[check.Period, check.Release]] = field(default_factory=list)
    declined: list[tuple[check.Period, Attempt]] = field(default_factory=list)
    audit: list[AuditEntry] = field(default_factory=list)
    tried_before: int = 0
    asked_again: check.Period = ("", "")
    second: Attempt | None = None
    audit_after: list[AuditEntry] = field(default_factory=list)

    def first(self) -> check.Release:
        if not self.releases:
            raise Inconclusive("No statistics were published.")
        return self.releases[0][1]


@pytest.fixture
def publication() -> Publication:
    return Publication()


@SYSTEM.phrase(
    "publishes its statistics on disclosures to immigration enforcement for the "
    "last twelve complete months, and for each quarter of them"
)
def publish(target: Target, state: ScenarioState, publication: Publication) -> None:
    publication.period = check.period(datetime.now(UTC).date())
    year = target.publish_statistics(*publication.period)
    publication.releases = [(publication.period, check.parse_release(year))]
    for quarter in check.quarters(publication.period):
        attempt = target.publish_statistics(*quarter)
        if attempt.allowed:
            publication.releases.append((quarter, check.parse_release(attempt)))
        else:
            publication.declined.append((quarter, attempt))
    publication.audit = target.audit_log("disclose")
    publication.tried_before = len(state.tried)


@SYSTEM.phrase(
    "is asked again for its statistics, this time up to and including the month under way"
)
def publish_again(target: Target, publication: Publication) -> None:
    publication.first()
    publication.asked_again = (
        publication.period[0],
        check.this_month(datetime.now(UTC).date()),
    )
    publication.second = target.publish_statistics(*publication.asked_again)
    publication.audit_after = target.audit_log("disclose")


def _counts(target: Target, entries: list[AuditEntry]) -> Counter[check.Key]:
    return check.audit_counts(entries, target.recipient("immigration-enforcement").id)


def _counted(target: Target, publication: Publication) -> Counter[check.Key]:
    return _counts(target, publication.audit)


def _record(evidence: ScenarioEvidence, checks: list[Claim]) -> None:
    for found in checks:
        evidence.record(found)


@PUBLISHED.phrase("match the audit log in every number")
def matches_audit(target: Target, evidence: ScenarioEvidence, publication: Publication) -> None:
    counted = _counted(target, publication)
    _record(
        evidence,
        check.each_release(
            publication.releases,
            lambda release, asked: check.reconciled(
                release, counted, asked, control=asked == publication.period
            ),
        ),
    )
    if publication.declined:
        evidence.record(check.declined(publication.declined))


@PUBLISHED.phrase("suppress every count below the publication threshold")
def small_suppressed(target: Target, evidence: ScenarioEvidence, publication: Publication) -> None:
    counted = _counted(target, publication)
    _record(
        evidence,
        check.each_release(
            publication.releases,
            lambda release, asked: check.small_counts_suppressed(release, counted),
        ),
    )


@PUBLISHED.phrase("let no suppressed count be worked out from their totals")
def no_residual(evidence: ScenarioEvidence, publication: Publication) -> None:
    _record(
        evidence,
        check.each_release(
            publication.releases, lambda release, asked: check.no_residual_leak(release)
        ),
    )


@PUBLISHED.phrase("give no count below the threshold away when the two releases are compared")
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
