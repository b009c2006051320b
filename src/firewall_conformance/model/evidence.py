"""What one scenario did and saw, gathered as it runs, for verdicts and for the reports."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import Finding
from firewall_conformance.model.results import Claim
from firewall_conformance.persons.personas import Persona
from firewall_conformance.recipients.feeds import FeedRecording
from firewall_conformance.targets.base import Attempt, ExportFile, SeededCase
from firewall_conformance.targets.surface import Read, SurfacePlan

Attach = Callable[[str, Any], None]


@dataclass(frozen=True)
class Exchange:
    """One request to the target and its answer, redacted, as it goes into the evidence. Any
    adapter may record them (Opening.on_exchange), not the HTTP adapter alone."""

    action: str
    method: str
    url: str
    status: int | None
    request_headers: dict[str, str]
    request_body: str
    response_body: str
    seconds: float
    error: str | None = None


@dataclass
class Tried:
    """One thing the harness asked the target to do about one persona."""

    action: str
    persona: Persona
    person_id: str
    attempt: Attempt
    account: str = "investigator"
    recipient: str | None = None
    detail: str = ""
    searched: str = ""  # what a search was for (a refused one is known in the log by it)
    into: str = ""  # the search field a detail typed on its own went into


@dataclass
class ScenarioEvidence:
    """Checks, findings and HTTP exchanges of one scenario; `attach` sends them to the report."""

    attach: Attach = field(default=lambda name, content: None, repr=False)
    checks: list[Claim] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)

    def record(self, check: Claim) -> Claim:
        self.checks.append(check)
        self.attach(f"check: {check.claim}", asdict(check))
        return check

    def found(self, findings: Iterable[Finding], label: str) -> None:
        batch = list(findings)
        if batch:
            self.findings.extend(batch)
            self.attach(f"findings: {label}", [f.to_json() for f in batch])


@dataclass
class ScenarioState:
    """What the steps of one scenario hand to each other."""

    cast: dict[str, Persona] = field(default_factory=dict)
    seeded: SeededCase | None = None
    tried: list[Tried] = field(default_factory=list)
    disclosures: list[tuple[str, list[str], str]] = field(default_factory=list)
    last_exports: list[ExportFile] = field(default_factory=list)
    feeds: FeedRecording | None = None
    surface: SurfacePlan | None = None
    surface_reads: dict[str, list[Read]] = field(default_factory=dict)  # by account
    audit_raw: list[dict[str, Any]] = field(default_factory=list)
    # The last matcher built and the cast it was built for.
    _matcher: tuple[tuple[Persona, ...], CanaryMatcher] | None = field(default=None, repr=False)

    @property
    def matcher(self) -> CanaryMatcher:
        """The canary matcher for this scenario's cast as it stands: built once, and again only
        when someone has joined the cast since (a step may plant a person after an earlier
        step scanned)."""
        cast = tuple(self.cast.values())
        if self._matcher is None or self._matcher[0] != cast:
            self._matcher = (cast, CanaryMatcher.for_personas(cast, quick=True))
        return self._matcher[1]

    def tried_where(self, *, action: str, **match: Any) -> list[Tried]:
        """Attempts of one kind, optionally narrowed by account, recipient or role."""
        role = match.pop("role", None)
        return [
            t
            for t in self.tried
            if t.action == action
            and (role is None or t.persona.role in role)
            and all(getattr(t, k) == v for k, v in match.items())
        ]

    def person_id(self, role: str) -> str:
        assert self.seeded is not None, "a Given step must plant the cast first"
        return self.seeded.person_ids[self.cast[role].label]
