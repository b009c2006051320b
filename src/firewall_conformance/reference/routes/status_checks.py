"""Immigration status checks with the Home Office (FW-02).

A check may only be started on a suspect. A person known only as a victim or witness
is refused whatever purpose is given, because a check "just to verify identity" is
still a check that reveals the person to immigration enforcement.
"""

from fastapi import APIRouter

from .. import policy
from ..audit import AuditEvent, append
from ..db import new_id
from ..deps import Officer, Rms
from ..egress import insert_status_check
from ..errors import AUTH_RESPONSES, forbidden, unknown_ids
from ..records import get_persons, role_set
from ..register import restricted_recipient_id
from ..schemas import NewStatusCheck, StatusCheck

router = APIRouter(prefix="/status-checks", tags=["status checks"], responses=AUTH_RESPONSES)


@router.post("", status_code=201)
async def request_status_check(body: NewStatusCheck, user: Officer, rms: Rms) -> StatusCheck:
    with rms.db.transaction() as conn:
        found = get_persons(conn, [body.person_id])
        if not found:
            raise unknown_ids([(("body", "person_id"), body.person_id)], "person")
        roles = role_set(found[0])
        allowed = policy.may_start_status_check(roles, body.purpose, rms.faults)
        check_id = new_id("S") if allowed else None
        if check_id is not None:
            insert_status_check(conn, check_id, body.person_id, body.purpose, user.username)
        append(
            conn,
            AuditEvent(
                user.username,
                "status-check",
                "allowed" if allowed else "refused",
                object=body.person_id if check_id is None else f"{check_id},{body.person_id}",
                recipient_id=restricted_recipient_id(conn),
                recipient_class=policy.RESTRICTED_RECIPIENT_CLASS,
                purpose=body.purpose,
                detail=f"roles={','.join(sorted(roles)) or 'none'}",
            ),
        )
    if check_id is None:
        forbidden("refused: status checks may only be started on a suspect")
    return StatusCheck(check_id=check_id, status="submitted")
