"""Claims about recipient-specific bulk exports."""

from __future__ import annotations

from collections.abc import Sequence

from firewall_conformance.claims import PROTECTED_ROLES
from firewall_conformance.claims._wording import located
from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.record import Finding
from firewall_conformance.detect.scan import ScanReport, scan_export
from firewall_conformance.model.evidence import ScenarioEvidence
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.model.results import Claim
from firewall_conformance.persons.personas import Persona
from firewall_conformance.targets.base import ExportFile
from firewall_conformance.wording.plural import agree, every, listing


def scan_fetched(
    evidence: ScenarioEvidence, matcher: CanaryMatcher, export: ExportFile
) -> ScanReport:
    """Scan one fetched export; an unreadable, empty or shorter-than-declared export is
    Inconclusive, because an absence found in it would prove nothing."""
    assert export.path is not None
    source = f"the {export.format} export for {export.recipient.recipient_class}"
    try:
        report = scan_export(matcher, export.path, export.format, source)
    except UnreadableExport as exc:
        raise Inconclusive(f"{source[0].upper()}{source[1:]} could not be read: {exc}.") from exc
    if report.records == 0:
        raise Inconclusive(
            f"{source[0].upper()}{source[1:]} held no records; an empty export proves nothing."
        )
    if export.declared_records is not None and export.declared_records != report.records:
        raise Inconclusive(
            f"The system said the {source} held {export.declared_records} records but "
            f"{report.records} could be read: it may be truncated."
        )
    evidence.found(report.findings, source)
    return report


def _totals(reports: Sequence[ScanReport]) -> dict[str, int]:
    return {
        "exports": len(reports),
        "records": sum(r.records for r in reports),
        "bytes": sum(r.bytes for r in reports),
    }


def all_found(
    evidence: ScenarioEvidence,
    matcher: CanaryMatcher,
    exports: Sequence[ExportFile],
    cast: Sequence[Persona],
) -> Claim:
    """Positive control: every persona is found in every lawful-recipient export."""
    if not exports:
        raise Inconclusive("No export for a lawful recipient was made.")
    reports = []
    for export in exports:
        if export.refused:
            raise Inconclusive(
                f"The control failed: the system refused a {export.format} export for the "
                f"{export.recipient.recipient_class} recipient."
            )
        report = scan_fetched(evidence, matcher, export)
        missing = [p.label for p in cast if p.label not in report.personas_found()]
        if missing:
            raise Inconclusive(
                f"The control failed: {listing(missing)} could not be found in {report.source}, "
                "so their absence elsewhere would show nothing."
            )
        reports.append(report)
    return Claim(
        claim=f"{listing([p.label for p in cast])} were found in every export for "
        f"{exports[0].recipient.recipient_class} ({listing([e.format for e in exports])})",
        examined=_totals(reports),
        control="lawful recipient",
    )


def _lawful_found(report: ScanReport, lawful: Sequence[Persona]) -> None:
    """Positive control within the export itself: what the recipient lawfully receives (the
    suspect) is found in it, so an export that holds nothing, or someone else's records (a
    stale file, another force's), cannot pass as clean."""
    missing = [p.label for p in lawful if p.label not in report.personas_found()]
    if missing:
        raise Inconclusive(
            f"The control failed: {listing(missing)}, whom immigration enforcement may lawfully "
            f"receive, could not be found in {report.source}, so the absence of the victim and "
            "the witness from it would show nothing."
        )


def none_protected(
    evidence: ScenarioEvidence,
    matcher: CanaryMatcher,
    exports: Sequence[ExportFile],
    cast: Sequence[Persona],
) -> Claim:
    """No export for the restricted recipient carries a victim or witness; each one made is
    first shown to hold the planted persons that recipient lawfully receives."""
    if not exports:
        raise Inconclusive("No export for immigration enforcement was attempted.")
    lawful = [p for p in cast if p.role not in PROTECTED_ROLES]
    if not lawful:
        raise Inconclusive(
            "No one immigration enforcement may lawfully receive was planted, so nothing could "
            "show that its exports hold what they should."
        )
    reports: list[ScanReport] = []
    leaks: list[Finding] = []
    refused = 0
    for export in exports:
        if export.refused:
            refused += 1
            continue
        report = scan_fetched(evidence, matcher, export)
        reports.append(report)
        leaks.extend(f for f in report.findings if f.role in PROTECTED_ROLES and f.identifying)
        if not leaks:
            _lawful_found(report, lawful)
    if leaks:
        who = listing(sorted({f.persona for f in leaks}))
        raise Breach(
            f"{who[0].upper()}{who[1:]} reached immigration enforcement in a "
            f"bulk export: {located(leaks)}."
        )
    formats = listing([e.format for e in exports])
    return Claim(
        claim=f"the exports for immigration enforcement ({formats}) held "
        f"{listing([p.label for p in lawful])} and nothing about the victim or the witness"
        + (f"; {refused} were refused outright" if refused else ""),
        examined={**_totals(reports), "refused exports": refused},
    )


def all_refused(
    evidence: ScenarioEvidence, matcher: CanaryMatcher, exports: Sequence[ExportFile]
) -> Claim:
    """Every export asked for with a barred purpose was refused outright; any that was made is
    a breach, and the reason names the victims and witnesses found in it."""
    if not exports:
        raise Inconclusive("No export for a barred purpose was attempted.")
    made = [e for e in exports if not e.refused]
    if made:
        leaks = [
            f
            for export in made
            for f in scan_fetched(evidence, matcher, export).findings
            if f.role in PROTECTED_ROLES and f.identifying
        ]
        held = f": it held {located(leaks)}" if leaks else ""
        raise Breach(
            f"The system made {listing([e.format for e in made])} exports for "
            f"{made[0].recipient.recipient_class} for a purpose that is barred for the data of "
            f"victims and witnesses, instead of refusing them{held}."
        )
    return Claim(
        claim=f"{every(len(exports), 'exports')} for {exports[0].recipient.recipient_class} "
        f"({listing([e.format for e in exports])}) for the barred purpose "
        f"{agree(len(exports), 'was', 'were')} refused",
        examined={"exports": len(exports), "refused exports": len(exports)},
    )
