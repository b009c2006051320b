"""Fingerprint submissions (FW-18).

Arrest prints of a suspect are checked against immigration records, as custody systems
do. Elimination prints (taken to tell a victim's or witness's prints apart from the
offender's) never are, and arrest prints of a person recorded as a victim or witness — a
counter-allegation arrest in a domestic-abuse case — are held for a person to review
(``policy.prints_routing``). Every submission is in the audit log, and so is every check.
"""

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from .. import policy, register
from ..audit import AuditEvent, append
from ..casework import person_in_case
from ..db import new_id, utc_now
from ..deps import Officer, Rms
from ..errors import AUTH_RESPONSES, NOT_FOUND
from ..records import get_recipient

router = APIRouter(prefix="/biometrics", tags=["biometrics"], responses=AUTH_RESPONSES)


class NewSubmission(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_id: str
    person_id: str
    kind: Literal["arrest", "elimination"]


class ImmigrationCheck(BaseModel):
    sent: bool
    held_for_review: bool


class Submission(BaseModel):
    submission_id: str
    kind: str
    immigration_check: ImmigrationCheck


@router.post("", status_code=201, responses=NOT_FOUND)
async def submit_prints(body: NewSubmission, user: Officer, rms: Rms) -> Submission:
    submission_id = new_id("B")
    with rms.db.transaction() as conn:
        involved = person_in_case(conn, body.case_id, body.person_id)
        routing = policy.prints_routing(body.kind, involved.roles, rms.faults)
        conn.execute(
            "INSERT INTO biometric_submissions (submission_id, case_id, person_id, kind,"
            " routing, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                submission_id,
                body.case_id,
                body.person_id,
                body.kind,
                routing,
                user.username,
                utc_now(),
            ),
        )
        subject = f"{submission_id},{body.case_id},{body.person_id}"
        append(
            conn,
            AuditEvent(
                user.username,
                "biometrics.submitted",
                "allowed",
                object=subject,
                detail=f"{body.kind} prints; {routing}",
            ),
        )
        if routing == "immigration-check":
            # Immigration records are checked through immigration enforcement's service.
            service = get_recipient(conn, register.restricted_recipient_id(conn))
            assert service is not None
            append(
                conn,
                AuditEvent(
                    user.username,
                    "biometrics.immigration-check",
                    "allowed",
                    object=subject,
                    recipient_id=service["recipient_id"],
                    recipient_class=service["recipient_class"],
                    purpose="suspect-identification",
                    detail=f"{body.kind} prints checked against immigration records",
                ),
            )
    return Submission(
        submission_id=submission_id,
        kind=body.kind,
        immigration_check=ImmigrationCheck(
            sent=routing == "immigration-check", held_for_review=routing == "held-for-review"
        ),
    )
