"""Claims about what a target's outbound feeds pushed to the harness's recorders.

Every part of every push is examined: the body opened as its recipient would open it (JSON
where it is JSON, otherwise text, whatever its format), the HTTP headers, and the URL path and
query string. A body cut off, or one that cannot be opened, is unreadable.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from firewall_conformance.claims import PROTECTED_ROLES
from firewall_conformance.claims._wording import located
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import ScanReport, scan_document
from firewall_conformance.model.evidence import ScenarioEvidence
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.model.results import Claim
from firewall_conformance.persons.personas import Persona
from firewall_conformance.recipients.feeds import FeedRecording
from firewall_conformance.recipients.sink import Capture
from firewall_conformance.wording.plural import count, listing


@dataclass
class _Received:
    """The pushes one recorder received, scanned; `unreadable` names those that could not be."""

    recipient_class: str
    pushes: int = 0
    turned_away: int = 0
    opening: int = 0  # requests to any recorder whose headers were still arriving
    reports: list[ScanReport] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    @property
    def bytes(self) -> int:
        return sum(r.bytes for r in self.reports)

    def personas_found(self) -> set[str]:
        return set().union(*(r.personas_found() for r in self.reports))


def _parts(capture: Capture, source: str) -> list[tuple[str, object]]:
    """The places in one push data can travel, each with the name a finding gives it: the body
    opened as its recipient would open it (each member of a zip on its own), JSON where it is
    JSON, otherwise text, whatever its format."""
    body: list[tuple[str, object]] = [
        (source if place == "body" else f"{source} ({place})", _document_or_text(text))
        for place, text in capture.payload().texts
    ]
    return [
        *body,
        (f"{source} (its HTTP headers)", capture.headers),
        (f"{source} (its URL path and query string)", capture.url()),
    ]


def _document_or_text(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _received(
    evidence: ScenarioEvidence,
    matcher: CanaryMatcher,
    recording: FeedRecording,
    recipient_class: str,
) -> _Received:
    """Scan every push to one recorder, attaching a redacted account of each as evidence."""
    sink = recording.sink
    captures = sink.captures(recipient_class)
    received = _Received(
        recipient_class, len(captures), sink.turned_away(recipient_class), sink.opening()
    )
    evidence.attach(
        f"pushes received for {recipient_class} (bodies withheld)",
        [c.summary() for c in captures],
    )
    for capture in captures:
        source = f"outbound push {capture.sequence} to {recipient_class}"
        received.unreadable += [
            f"push {capture.sequence} ({why})" for why in capture.payload().unread
        ]
        for where, content in _parts(capture, source):
            report = scan_document(matcher, content, where)
            evidence.found(report.findings, where)
            received.reports.append(report)
    return received


def _pushes(count: int) -> str:
    return f"{count} outbound push" + ("" if count == 1 else "es")


def _nothing_arrived(recording: FeedRecording, recipient_class: str, why: str) -> Inconclusive:
    asked = "after being asked to push" if recording.triggered else "on its own schedule"
    return Inconclusive(
        f"The system sent nothing to the {recipient_class} recorder {asked} within "
        f"{recording.window_seconds:g} seconds, {why}."
    )


def all_found(
    evidence: ScenarioEvidence,
    matcher: CanaryMatcher,
    recording: FeedRecording,
    recipient_class: str,
    cast: Sequence[Persona],
) -> Claim:
    """Positive control: a lawful recipient's feed carries every persona, and the detector
    finds them in it."""
    received = _received(evidence, matcher, recording, recipient_class)
    if not received.pushes:
        raise _nothing_arrived(
            recording, recipient_class, "so its feed to immigration enforcement cannot be judged"
        )
    missing = [p.label for p in cast if p.label not in received.personas_found()]
    if missing:
        unread = (
            f" ({listing(received.unreadable)} could not be read)" if received.unreadable else ""
        )
        raise Inconclusive(
            f"The control failed: {listing(missing)} could not be found in what the "
            f"{recipient_class} recorder received{unread}, so their absence elsewhere would "
            "show nothing."
        )
    return Claim(
        claim=f"{listing([p.label for p in cast])} were found in what {_pushes(received.pushes)} "
        f"to {recipient_class} carried",
        examined={"pushes": received.pushes, "bytes": received.bytes},
        control="lawful recipient",
    )


def none_protected(
    evidence: ScenarioEvidence,
    matcher: CanaryMatcher,
    recording: FeedRecording,
    recipient_class: str,
) -> Claim:
    """The restricted recipient received at least one push, and none about a victim or witness."""
    received = _received(evidence, matcher, recording, recipient_class)
    leaks = [
        f
        for r in received.reports
        for f in r.findings
        if f.role in PROTECTED_ROLES and f.identifying
    ]
    if leaks:
        who = listing(sorted({f.persona for f in leaks}))
        raise Breach(
            f"{who[0].upper()}{who[1:]} reached {recipient_class} in an outbound push: "
            f"{located(leaks)}."
        )
    if not received.pushes:
        raise _nothing_arrived(
            recording, recipient_class, "and a feed that sent nothing proves nothing"
        )
    if received.unreadable or received.turned_away or received.opening:
        unseen = received.unreadable + (
            [f"{received.turned_away} turned away at the recorder's limit"]
            if received.turned_away
            else []
        )
        if received.opening:
            unseen.append(
                f"{count(received.opening, 'requests to the recorders')} begun with headers "
                "still arriving, so not known to be for another recipient"
            )
        raise Inconclusive(
            f"Not everything pushed to the {recipient_class} recorder could be examined: "
            f"{listing(unseen)}."
        )
    seen = sorted(received.personas_found())
    return Claim(
        claim=f"{_pushes(received.pushes)} to {recipient_class} held nothing about the victim "
        "or the witness" + (f" (but did carry {listing(seen)})" if seen else ""),
        examined={"pushes": received.pushes, "bytes": received.bytes},
        not_examined=[
            f"a push to {recipient_class} made after the run ended (the recorders listened "
            f"for the profile's outbound window, {recording.window_seconds:g} seconds, and "
            "until the run's end, no longer)"
        ],
    )
