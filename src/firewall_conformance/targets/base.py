"""The small typed interface every target adapter implements: one method per capability,
in three groups a system may or may not be (a live system, an audit source, a holder of
exports already sent).

Scenarios speak only to this interface, so the same suite runs over the declarative HTTP
adapter, an export bundle or a vendor's own Python adapter class. An adapter subclasses
`adapter.Adapter`, which answers CapabilityMissing for whatever it does not provide, and says
which groups it provides; the run asks it (`provides`), never which class it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Protocol

from firewall_conformance.audit.log import AuditEntry, ChainRule
from firewall_conformance.offline.reading import ExtractReading
from firewall_conformance.persons.personas import Persona
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.operations import Operations
from firewall_conformance.targets.profile import Recipient
from firewall_conformance.targets.surface import Operation
from firewall_conformance.targets.ways_of_asking import Asking, Askings

__all__ = [
    "CAPABILITIES",
    "JUSTIFICATION",
    "Attempt",
    "AuditSource",
    "ExportFile",
    "Group",
    "HeldExports",
    "LiveSystem",
    "SeededCase",
    "Target",
]

CAPABILITIES = (
    "seed-case",
    "search",
    "open-record",
    "disclose",
    "status-check",
    "export",
    "outbound",
    "audit-log",
    "tasks",
    "mail",
    "biometrics",
    "referrals",
    "crime-reports",
    "case-actions",
    "recipient-register",
    "exceptional-disclosure",
    "subject-access",
    "case-roles",
    "case-material",
    "case-file",
    "statistics",
    "retention",
)

# The justification the harness gives for looking up a person record (FW-05), unless a
# scenario asks for a look-up without one: an officer's everyday words, not the harness's name,
# which a system could serve apart. The run's evidence names what the run planted.
JUSTIFICATION = "Enquiry in connection with an ongoing investigation"


@dataclass
class ExportFile:
    """A fetched export; `path` is None when the target refused to make it."""

    path: Path | None
    format: str
    recipient: Recipient
    declared_records: int | None
    export_id: str | None
    refused: bool = False


@dataclass
class SeededCase:
    case_id: str
    person_ids: dict[str, str]
    reference: str | None = None  # the case reference officers quote, when the target gave one


class Group(Enum):
    """What a system may be to the suite. A live system is asked to act; an audit source is
    read for its log; a holder of exports hands over what was already sent. A run over a target
    that is no live system runs the scenarios written for export bundles (obligations/modes.py)."""

    LIVE_SYSTEM = "live system"
    AUDIT_SOURCE = "audit source"
    HELD_EXPORTS = "held exports"


class LiveSystem(Operations, Protocol):
    """A system the suite asks to act: plant a case, search, disclose, export, push...
    The domain operations (operations.py) are built on one primitive, `operate`."""

    def seed_case(self, personas: list[Persona], offence: str, narrative: str) -> SeededCase: ...

    def remove_case(self, seeded: SeededCase) -> list[str]:
        """Remove a planted case and its persons; return any problems seen."""

    def search_fields(self) -> list[str]:
        """The search fields (search_fields.SEARCH_FIELDS) the target's search accepts."""

    def search_persons(
        self,
        account: str,
        text: str,
        reason: str | None = JUSTIFICATION,
        field: str = "full_name",
    ) -> Attempt:
        """Search by one field (a full name unless said), giving `reason` as the
        justification (None: give none)."""

    def published_askings(self, capability: str) -> Askings:
        """The other ways the system's published interface offers of asking the read
        `capability` maps (ways_of_asking.py): each parameter it takes that the profile leaves
        unset; Askings.unlooked says why none were looked for."""

    def search_asked(
        self, account: str, asking: Asking, text: str, field: str = "full_name"
    ) -> Attempt:
        """The search by `field` for `text`, asked as `asking` says (a criterion asking looks
        for `text` by its own parameter instead), with the usual justification. Every answer
        is returned, `allowed` only for a success, its body JSON or text; of a paged search,
        the first page."""

    def open_record(
        self, account: str, person_id: str, reason: str | None = JUSTIFICATION
    ) -> Attempt:
        """Open a record by id, giving `reason` as the justification (None: give none)."""

    def open_record_as_written(
        self,
        account: str,
        path_text: str,
        reason: str | None = JUSTIFICATION,
        accept: str | None = None,
        query: tuple[tuple[str, str], ...] = (),
    ) -> Attempt:
        """Open a record by an id written into the path exactly as given (another spelling
        of an id), asking for the `accept` format if given, with `query` added; every answer
        is returned, `allowed` only for a success."""

    def disclose(self, recipient_class: str, person_ids: list[str]) -> Attempt: ...

    def status_check_purposes(self) -> list[str]: ...

    def status_check(self, person_id: str, purpose: str) -> Attempt: ...

    def export_formats(self) -> list[str]: ...

    def export(
        self, recipient_class: str, fmt: str, directory: Path, purpose: str | None = None
    ) -> ExportFile:
        """Export for a recipient; `purpose` (a harness purpose name) overrides the recipient's
        own, and raises CapabilityMissing when the profile does not say how to ask for it."""

    def outbound_window(self) -> float:
        """How long, in seconds, to watch for the target's outbound pushes."""

    def outbound_quiet(self) -> float | None:
        """Seconds without a push after which the watch may end early (None: never)."""

    def set_outbound_endpoint(self, recipient_class: str, url: str) -> None:
        """Have the target push the recipient's outbound feed to `url`."""

    def clear_outbound_endpoint(self, recipient_class: str) -> list[str]:
        """Stop the recipient's outbound feed; return any problems seen."""

    def trigger_outbound(self) -> bool:
        """Ask the target to push its feeds now; False when it only pushes on its own schedule."""

    def published_operations(self) -> list[Operation]:
        """The operations the system's own API description lists; CapabilityMissing when the
        profile names none."""

    def mapped_requests(self) -> list[tuple[str, str]]:
        """The method and path template of every request the adapter knows how to send."""

    def read_as(self, account: str, path: str, query: Mapping[str, str] | None = None) -> Attempt:
        """GET any path as `account`, with `query` as its query parameters: the answer,
        refusals included, its body as JSON or text; Inconclusive when the credentials were not
        accepted or the system failed (5xx)."""

    def remove_case_once(self, seeded: SeededCase) -> list[str]:
        """`remove_case` with each request sent once: clean-up bounds its own retries
        (run/cleanup.py)."""

    def as_another_client(self) -> LiveSystem:
        """The same system, asked by the same accounts from another kind of client (another
        User-Agent, headers, look-up reason): a system that answers the harness's own client
        otherwise than an officer's is seen by asking both (FW-03)."""


class AuditSource(Protocol):
    """A system whose audit log can be read."""

    def audit_log(self, *kinds: str, whole: bool = False) -> list[AuditEntry]:
        """Every entry of the log; Inconclusive when a kind looked for is not mapped
        (auditlog.require_kinds). A source read in pages may keep the pages an earlier read
        gave before its last one, unless `whole`: a change to them shows on the next whole
        read, which the run holds to every entry it saw (audit/history.py)."""

    def audit_log_as(self, account: str) -> Attempt:
        """Ask for the first page of the audit log as `account`; a refusal is an answer."""

    def audit_chain_rule(self) -> ChainRule | None: ...

    def audit_kinds(self) -> frozenset[str]:
        """The kinds of request (disclose, export, outbound-push, ...) the profile says which
        log actions record: only those can be looked for in the log."""


class HeldExports(Protocol):
    """Exports already sent, handed over rather than asked for."""

    def held_exports(self) -> list[ExtractReading]:
        """Extracts already sent, as handed over in an export bundle ('held-exports');
        a live target raises CapabilityMissing."""


class Target(LiveSystem, AuditSource, HeldExports, Protocol):
    """Everything the suite asks of a system: the groups above, and what every target answers
    whatever it provides."""

    def capabilities(self) -> frozenset[str]: ...

    def recipient(self, recipient_class: str) -> Recipient:
        """The real recipient behind a recipient class: one asked to receive, or one that
        received an export a bundle holds."""

    def reachable(self) -> str | None:
        """None when the target answers; otherwise why not, in plain English."""

    def provides(self, group: Group) -> bool:
        """Whether the target is this kind of system at all; `capabilities` says which of
        the group's capabilities it has."""

    def secrets_to_mask(self) -> list[str]:
        """Every secret the target holds or was handed during the run (tokens, session
        cookies), to be masked in every artefact."""

    def run_notes(self) -> list[str]:
        """What the run's summary should say about how the target was read."""

    def close(self) -> None:
        """Close the connections it holds open, once the run is done with it: a server that
        stops waits for its clients' idle connections (over TLS, a second each stop)."""
