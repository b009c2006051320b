"""Registering, approving, certifying and retiring recipients (FW-11, FW-12).

A new recipient or integration is registered *pending*: it has no class and no approval,
and ``register.gate`` refuses every disclosure, export or feed to it. Approval names the
class and the person accountable for it, and is logged with that approver. A recipient
outside the restricted class also needs its signed certification ("no immigration use, no
onward disclosure") on the register, with its date, before data flows. Every change to the
register is written to the audit log.
"""

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Response
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from ..audit import AuditEvent, append
from ..db import new_id, utc_now
from ..deps import AnyUser, Officer, Rms
from ..errors import AUTH_RESPONSES, NOT_FOUND, not_found
from ..register import CERTIFICATION_TEXT, UNCLASSIFIED, Standing, standing

router = APIRouter(prefix="/recipients", tags=["recipient register"], responses=AUTH_RESPONSES)

Name = Annotated[str, Field(min_length=1, max_length=200)]
RecipientClass = Annotated[str, Field(pattern=r"^[a-z][a-z-]*[a-z]$", max_length=60)]

DEFAULT_CLASS = "partner-agency"  # only the FW-12 fault gives a new recipient a class


def _calendar_date(value: str) -> str:
    date.fromisoformat(value)
    return value


IsoDate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(_calendar_date)]


class NewRecipient(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name


class Approval(BaseModel):
    """The class a recipient is placed in, and who is accountable for approving it."""

    model_config = ConfigDict(extra="forbid")

    recipient_class: RecipientClass
    approved_by: Name


class Certification(BaseModel):
    """The recipient's signed undertakings; both must be given."""

    model_config = ConfigDict(extra="forbid")

    no_immigration_use: Literal[True]
    no_onward_disclosure: Literal[True]
    signed_by: Name
    signed_on: IsoDate
    valid_until: IsoDate


class CertificateEntry(BaseModel):
    signed_by: str | None
    signed_on: str
    valid_until: str | None
    text: str | None


class RegisterEntry(BaseModel):
    recipient_id: str
    name: str
    recipient_class: str
    status: Literal["pending", "approved", "retired"]
    approved_by: str | None
    approved_at: str | None
    certification: CertificateEntry | None


def _entry(conn: Any, recipient_id: str) -> Standing:
    found = standing(conn, recipient_id)
    if found is None:
        not_found(f"no recipient with id {recipient_id!r} in the register")
    return found


@router.post("", status_code=201)
async def register_recipient(body: NewRecipient, user: Officer, rms: Rms) -> RegisterEntry:
    recipient_id = new_id("R")
    if "FW-12" in rms.faults:  # the fault: registered as approved by default, with a default class
        recipient_class, status, approved_by = DEFAULT_CLASS, "approved", user.username
    else:
        recipient_class, status, approved_by = UNCLASSIFIED, "pending", None
    with rms.db.transaction() as conn:
        now = utc_now()
        conn.execute(
            "INSERT INTO recipients (recipient_id, name, recipient_class) VALUES (?, ?, ?)",
            (recipient_id, body.name, recipient_class),
        )
        conn.execute(
            "INSERT INTO recipient_register (recipient_id, status, registered_by, registered_at,"
            " approved_by, approved_at) VALUES (?, ?, ?, ?, ?, ?)",
            (recipient_id, status, user.username, now, approved_by, approved_by and now),
        )
        append(
            conn,
            AuditEvent(
                user.username,
                "recipient.registered",
                "allowed",
                object=recipient_id,
                recipient_id=recipient_id,
                recipient_class=recipient_class,
                detail=f"status={status}",
            ),
        )
        return RegisterEntry(**_entry(conn, recipient_id).to_json())


@router.get("/{recipient_id}", responses=NOT_FOUND)
async def read_register_entry(recipient_id: str, user: AnyUser, rms: Rms) -> RegisterEntry:
    with rms.db.transaction() as conn:
        return RegisterEntry(**_entry(conn, recipient_id).to_json())


@router.put("/{recipient_id}/approval", responses=NOT_FOUND)
async def approve_recipient(
    recipient_id: str, body: Approval, user: Officer, rms: Rms
) -> RegisterEntry:
    """Classify and approve; a retired recipient stays retired."""
    with rms.db.transaction() as conn:
        found = _entry(conn, recipient_id)
        if found.status != "retired":
            conn.execute(
                "UPDATE recipients SET recipient_class = ? WHERE recipient_id = ?",
                (body.recipient_class, recipient_id),
            )
            conn.execute(
                "UPDATE recipient_register SET status = 'approved', approved_by = ?,"
                " approved_at = ? WHERE recipient_id = ?",
                (body.approved_by, utc_now(), recipient_id),
            )
        append(
            conn,
            AuditEvent(
                user.username,
                "recipient.approved",
                "refused" if found.status == "retired" else "allowed",
                object=recipient_id,
                recipient_id=recipient_id,
                recipient_class=body.recipient_class,
                detail=f"approved_by={body.approved_by}",
            ),
        )
        return RegisterEntry(**_entry(conn, recipient_id).to_json())


@router.put("/{recipient_id}/certification", responses=NOT_FOUND)
async def certify_recipient(
    recipient_id: str, body: Certification, user: Officer, rms: Rms
) -> RegisterEntry:
    """Record the recipient's signed certification and the dates it covers."""
    with rms.db.transaction() as conn:
        found = _entry(conn, recipient_id)
        conn.execute(
            "UPDATE recipient_register SET certified_by = ?, certified_on = ?,"
            " certified_until = ?, certification = ? WHERE recipient_id = ?",
            (
                body.signed_by,
                body.signed_on,
                body.valid_until,
                CERTIFICATION_TEXT,
                recipient_id,
            ),
        )
        append(
            conn,
            AuditEvent(
                user.username,
                "recipient.certified",
                "allowed",
                object=recipient_id,
                recipient_id=recipient_id,
                recipient_class=found.recipient_class,
                detail=f"signed_by={body.signed_by}; from={body.signed_on}; until={body.valid_until}",
            ),
        )
        return RegisterEntry(**_entry(conn, recipient_id).to_json())


@router.delete("/{recipient_id}", status_code=204, response_class=Response, responses=NOT_FOUND)
async def retire_recipient(recipient_id: str, user: Officer, rms: Rms) -> Response:
    """Retire, never delete: what was sent to the recipient must stay explainable."""
    with rms.db.transaction() as conn:
        found = _entry(conn, recipient_id)
        conn.execute(
            "UPDATE recipient_register SET status = 'retired', retired_at = ?"
            " WHERE recipient_id = ?",
            (utc_now(), recipient_id),
        )
        conn.execute("DELETE FROM outbound_endpoints WHERE recipient_id = ?", (recipient_id,))
        append(
            conn,
            AuditEvent(
                user.username,
                "recipient.retired",
                "allowed",
                object=recipient_id,
                recipient_id=recipient_id,
                recipient_class=found.recipient_class,
            ),
        )
    return Response(status_code=204)
