"""The HTTP contract as pydantic models, so ``/openapi.json`` documents it exactly.

Request bodies forbid unknown fields: a client that sends a field this system does not
hold gets a 422 instead of silently losing data it thinks it stored.
"""

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from .audit import AuditOutcome

Role = Literal["victim", "witness", "suspect", "informant"]
Purpose = Literal[
    "prosecution", "safeguarding", "crime-prevention", "immigration-control", "statistics"
]
StatusCheckPurpose = Literal[
    "suspect-identification", "identity-verification", "deportation-liaison"
]
ExportFormat = Literal["csv", "ndjson"]

Text = Annotated[str, Field(max_length=1000)]
RequiredText = Annotated[str, Field(min_length=1, max_length=1000)]


def _calendar_date(value: str) -> str:
    date.fromisoformat(value)
    return value


IsoDate = Annotated[
    str,
    Field(pattern=r"^\d{4}-\d{2}-\d{2}$", examples=["1987-03-14"]),
    AfterValidator(_calendar_date),
]


class ErrorMessage(BaseModel):
    """Body of every 401, 403 and 404 response."""

    detail: str


class Health(BaseModel):
    status: Literal["ok"]
    system: str
    version: str


class PersonDetails(BaseModel):
    """Everything the RMS holds about a person apart from ids and roles."""

    given_name: Text | None = None
    family_name: RequiredText
    date_of_birth: IsoDate | None = None
    nationality: Text | None = None
    immigration_status: Text | None = None
    passport_number: Text | None = None
    home_office_reference: Text | None = None
    phone: Text | None = None
    email: Text | None = None
    address: Text | None = None


class NewPerson(PersonDetails):
    model_config = ConfigDict(extra="forbid")


class PersonCreated(BaseModel):
    person_id: str


class RoleHeld(BaseModel):
    """A person's role in one case."""

    case_id: str
    role: Role


class PersonSummary(BaseModel):
    person_id: str
    given_name: str | None
    family_name: str
    date_of_birth: str | None
    roles: list[RoleHeld]


class Person(PersonDetails):
    """A full person record."""

    person_id: str
    roles: list[RoleHeld]


class PersonSearchResult(BaseModel):
    items: list[PersonSummary]
    total: int


class Involvement(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person_id: str
    role: Role


class NewCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reference: RequiredText
    offence: RequiredText
    narrative: Annotated[str, Field(max_length=20000)] | None = None
    involvements: list[Involvement] = []


class CaseCreated(BaseModel):
    case_id: str


class Case(BaseModel):
    """A case as officers read it: its account and who is involved in which role."""

    case_id: str
    reference: str
    offence: str
    narrative: str | None
    involvements: list[Involvement]


class Recipient(BaseModel):
    recipient_id: str
    name: str
    recipient_class: str


class RecipientList(BaseModel):
    items: list[Recipient]


class NewDisclosure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person_ids: Annotated[list[str], Field(min_length=1)]
    recipient_id: str
    purpose: Purpose
    legal_basis: RequiredText


class Disclosure(BaseModel):
    disclosure_id: str
    recipient_id: str
    persons: list[Person]


class NewStatusCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person_id: str
    purpose: StatusCheckPurpose


class StatusCheck(BaseModel):
    check_id: str
    status: Literal["submitted"]


class NewExport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    recipient_id: str
    format: ExportFormat
    purpose: Purpose
    legal_basis: RequiredText


class Export(BaseModel):
    export_id: str
    recipient_id: str
    format: ExportFormat
    record_count: int
    file_path: str


class NewOutboundEndpoint(BaseModel):
    """Where and on what terms a recipient's outbound feed is pushed."""

    model_config = ConfigDict(extra="forbid")

    url: Annotated[str, Field(pattern=r"^https?://[^\s/]+(/\S*)?$", max_length=2000)]
    purpose: Purpose
    legal_basis: RequiredText


class OutboundEndpoint(NewOutboundEndpoint):
    recipient_id: str


class Push(BaseModel):
    """One batch pushed to one recipient, and whether it was delivered."""

    push_id: str
    recipient_id: str
    record_count: int
    delivered: bool
    detail: str


class PushRun(BaseModel):
    items: list[Push]


class AuditEntry(BaseModel):
    """One link of the hash chain; see the ``audit`` module for the hash rule."""

    seq: int
    at: str
    actor: str
    action: str
    outcome: AuditOutcome
    object: str | None
    recipient_id: str | None
    recipient_class: str | None
    purpose: str | None
    legal_basis: str | None
    detail: str | None
    prev_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class AuditPage(BaseModel):
    items: list[AuditEntry]
    next_after: int | None
