"""Subject access: what a person can learn about who received their data (FW-15).

The response is built from the audit log, the one complete record of what left the system:
every allowed disclosure, exceptional disclosure and export that names the person, with its
recipient. Recipients of the restricted class (immigration enforcement) are listed like any
other; they are withheld only where a restriction of the right of access has been recorded
for the person (Data Protection Act 2018 s.45(4)), and the response then says so.
"""

import sqlite3
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from .. import policy
from ..audit import AuditEvent, append
from ..db import new_id, utc_now
from ..deps import Officer, Rms
from ..errors import AUTH_RESPONSES, NOT_FOUND, not_found
from ..notices import notices_for
from ..records import get_persons

router = APIRouter(prefix="/persons", tags=["subject access"], responses=AUTH_RESPONSES)

# The log actions that record personal data leaving the system.
EGRESS_ACTIONS = ("disclosure", "exceptional-disclosure", "export")

Text = Annotated[str, Field(min_length=1, max_length=500)]


class ReceivedBy(BaseModel):
    recipient_id: str
    name: str | None
    recipient_class: str | None
    channel: str
    at: str


class SubjectAccess(BaseModel):
    person_id: str
    recipients: list[ReceivedBy]
    restricted: bool
    restriction_note: str | None


class Notice(BaseModel):
    notice_id: str
    recipient_id: str
    agency: str
    disclosure_id: str
    disclosed_at: str
    due_by: str
    sent_at: str | None


class NoticeList(BaseModel):
    items: list[Notice]


class NewRestriction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Text
    approved_by: Text


class Restriction(NewRestriction):
    restriction_id: str


def _received_by(conn: sqlite3.Connection, person_id: str) -> list[ReceivedBy]:
    rows = conn.execute(
        "SELECT a.recipient_id, r.name, a.recipient_class, a.action, a.at FROM audit_log a"
        " LEFT JOIN recipients r USING (recipient_id)"
        f" WHERE a.outcome = 'allowed' AND a.action IN ({', '.join('?' * len(EGRESS_ACTIONS))})"
        " AND instr(',' || a.object || ',', ',' || ? || ',') > 0 ORDER BY a.seq",
        (*EGRESS_ACTIONS, person_id),
    )
    return [
        ReceivedBy(
            recipient_id=row["recipient_id"],
            name=row["name"],
            recipient_class=row["recipient_class"],
            channel=row["action"],
            at=row["at"],
        )
        for row in rows
    ]


@router.get("/{person_id}/subject-access", responses=NOT_FOUND)
async def subject_access(person_id: str, user: Officer, rms: Rms) -> SubjectAccess:
    """Answer a subject access request for the person: who received their data, and when."""
    with rms.db.transaction() as conn:
        if not get_persons(conn, [person_id]):
            not_found(f"no person with id {person_id!r}")
        restriction = conn.execute(
            "SELECT reason FROM access_restrictions WHERE person_id = ? ORDER BY recorded_at",
            (person_id,),
        ).fetchone()
        restricted = restriction is not None
        received = [
            r
            for r in _received_by(conn, person_id)
            if policy.subject_may_see(r.recipient_class, restricted, rms.faults)
        ]
        append(
            conn,
            AuditEvent(
                user.username,
                "subject-access",
                "allowed",
                object=person_id,
                detail=f"recipients listed={len(received)}; restricted={restricted}",
            ),
        )
    return SubjectAccess(
        person_id=person_id,
        recipients=received,
        restricted=restricted,
        restriction_note=(
            "Some recipients are withheld under a recorded restriction of the right of access."
            if restricted
            else None
        ),
    )


@router.post("/{person_id}/access-restrictions", status_code=201, responses=NOT_FOUND)
async def record_restriction(
    person_id: str, body: NewRestriction, user: Officer, rms: Rms
) -> Restriction:
    """Record a restriction of the person's right of access, with its reason and approver."""
    restriction_id = new_id("A")
    with rms.db.transaction() as conn:
        if not get_persons(conn, [person_id]):
            not_found(f"no person with id {person_id!r}")
        conn.execute(
            "INSERT INTO access_restrictions (restriction_id, person_id, reason, approved_by,"
            " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
            (restriction_id, person_id, body.reason, body.approved_by, user.username, utc_now()),
        )
        append(
            conn,
            AuditEvent(
                user.username,
                "access-restriction.recorded",
                "allowed",
                object=f"{restriction_id},{person_id}",
                detail=f"approved_by={body.approved_by}",
            ),
        )
    return Restriction(restriction_id=restriction_id, **body.model_dump())


@router.get("/{person_id}/notices", responses=NOT_FOUND)
async def notices(person_id: str, user: Officer, rms: Rms) -> NoticeList:
    """The notices sent to the person about disclosures to immigration enforcement."""
    with rms.db.transaction() as conn:
        if not get_persons(conn, [person_id]):
            not_found(f"no person with id {person_id!r}")
        return NoticeList(items=[Notice(**n) for n in notices_for(conn, person_id)])
