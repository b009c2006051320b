"""What an officer can do about a person in a case, and referral to immigration
enforcement (FW-23).

Only a suspect can be referred to immigration enforcement. A domestic-abuse victim whose
status is only doubted or unknown is offered signposting to independent immigration advice
instead (Safe to share?, recommendation 1); the refused referral and the signposting are
both written to the audit log.
"""

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from .. import policy, register
from ..audit import AuditEvent, append
from ..casework import insert_referral, person_in_case
from ..deps import Officer, Rms
from ..errors import AUTH_RESPONSES, NOT_FOUND, forbidden
from ..records import get_recipient

ADVICE_SERVICE = "an OISC-regulated independent immigration adviser"

router = APIRouter(tags=["case actions"], responses=AUTH_RESPONSES)


class PersonInCaseBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_id: str
    person_id: str


class Actions(BaseModel):
    case_id: str
    person_id: str
    actions: dict[str, dict[str, Any]]


class Done(BaseModel):
    referral_id: str | None = None
    signposting_id: str | None = None


def _may_refer(involved: Any, faults: frozenset[str]) -> bool:
    return policy.may_refer_to_immigration_enforcement(
        involved.roles, involved.person["immigration_status"], involved.domestic_abuse, faults
    )


@router.get("/cases/{case_id}/persons/{person_id}/actions", responses=NOT_FOUND)
async def actions(case_id: str, person_id: str, user: Officer, rms: Rms) -> Actions:
    with rms.db.transaction() as conn:
        involved = person_in_case(conn, case_id, person_id)
    refer = _may_refer(involved, rms.faults)
    signpost = policy.may_signpost(involved.roles)
    return Actions(
        case_id=case_id,
        person_id=person_id,
        actions={
            "refer-to-immigration-enforcement": {
                "offered": refer,
                "label": "Refer to Immigration Enforcement",
                **({} if refer else {"why_not": "victims and witnesses are never referred"}),
            },
            "signpost-independent-advice": {
                "offered": signpost,
                "label": f"Signpost to {ADVICE_SERVICE}",
            },
        },
    )


@router.post("/immigration-referrals", status_code=201, responses=NOT_FOUND)
async def refer_to_immigration_enforcement(body: PersonInCaseBody, user: Officer, rms: Rms) -> Done:
    with rms.db.transaction() as conn:
        involved = person_in_case(conn, body.case_id, body.person_id)
        allowed = _may_refer(involved, rms.faults)
        recipient = get_recipient(conn, register.restricted_recipient_id(conn))
        assert recipient is not None
        referral_id = None
        if allowed:
            payload = {
                "case_reference": involved.case["reference"],
                "person": {
                    field: involved.person[field]
                    for field in ("given_name", "family_name", "date_of_birth", "nationality")
                },
            }
            referral_id = insert_referral(
                conn, body.case_id, body.person_id, "immigration", payload, user.username
            )
        append(
            conn,
            AuditEvent(
                user.username,
                "immigration-referral",
                "allowed" if allowed else "refused",
                object=",".join(filter(None, (referral_id, body.case_id, body.person_id))),
                recipient_id=recipient["recipient_id"],
                recipient_class=recipient["recipient_class"],
                purpose="immigration-control",
                detail=f"roles={','.join(sorted(involved.roles))}",
            ),
        )
    if not allowed:
        forbidden(
            "refused: victims and witnesses are not referred to immigration enforcement; "
            "signpost them to independent immigration advice"
        )
    return Done(referral_id=referral_id)


@router.post("/signposting", status_code=201, responses=NOT_FOUND)
async def signpost(body: PersonInCaseBody, user: Officer, rms: Rms) -> Done:
    with rms.db.transaction() as conn:
        involved = person_in_case(conn, body.case_id, body.person_id)
        offered = policy.may_signpost(involved.roles)
        signposting_id = None
        if offered:
            signposting_id = insert_referral(
                conn,
                body.case_id,
                body.person_id,
                "independent-advice",
                {"service": ADVICE_SERVICE, "case_reference": involved.case["reference"]},
                user.username,
            )
        append(
            conn,
            AuditEvent(
                user.username,
                "signposting",
                "allowed" if offered else "refused",
                object=",".join(filter(None, (signposting_id, body.case_id, body.person_id))),
                detail=f"signposted to {ADVICE_SERVICE}",
            ),
        )
    if not offered:
        forbidden("signposting is offered to victims and witnesses")
    return Done(signposting_id=signposting_id)
