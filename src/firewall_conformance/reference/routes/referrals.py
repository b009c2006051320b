"""Safeguarding (MASH) and modern-slavery (National Referral Mechanism) referrals (FW-19).

These bodies sit beside immigration enforcement, so a referral carries only what they need
to keep the person safe (``policy.referral_fields``) and is stamped "not for immigration
use". The payload is returned exactly as sent and kept with the referral.
"""

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from .. import policy
from ..audit import AuditEvent, append
from ..casework import insert_referral, person_in_case
from ..deps import Officer, Rms
from ..errors import AUTH_RESPONSES, NOT_FOUND

HANDLING_MARKER = (
    "NOT FOR IMMIGRATION USE. Shared for safeguarding only: no use for immigration "
    "purposes and no onward disclosure to immigration enforcement."
)
SCHEMES = {
    "mash": ("mash", "Exampleshire Multi-Agency Safeguarding Hub"),
    "nrm": (None, "National Referral Mechanism (Single Competent Authority)"),
}

router = APIRouter(prefix="/referrals", tags=["referrals"], responses=AUTH_RESPONSES)


class NewReferral(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_id: str
    person_id: str
    scheme: Literal["mash", "nrm"]


class Referral(BaseModel):
    referral_id: str
    payload: dict[str, Any]


@router.post("", status_code=201, responses=NOT_FOUND)
async def refer(body: NewReferral, user: Officer, rms: Rms) -> Referral:
    recipient_id, recipient_name = SCHEMES[body.scheme]
    with rms.db.transaction() as conn:
        involved = person_in_case(conn, body.case_id, body.person_id)
        payload = {
            "handling": HANDLING_MARKER,
            "scheme": body.scheme,
            "to": recipient_name,
            "case_reference": involved.case["reference"],
            "offence": involved.case["offence"],
            "role": sorted(involved.roles_here),
            "person": {
                field: involved.person[field] for field in policy.referral_fields(rms.faults)
            },
        }
        referral_id = insert_referral(
            conn, body.case_id, body.person_id, body.scheme, payload, user.username
        )
        append(
            conn,
            AuditEvent(
                user.username,
                "referral",
                "allowed",
                object=f"{referral_id},{body.case_id},{body.person_id}",
                recipient_id=recipient_id,
                recipient_class="safeguarding",
                purpose="safeguarding",
                legal_basis="Data Protection Act 2018 s.35(2)(b)",
                detail=f"{body.scheme} referral to {recipient_name}",
            ),
        )
    return Referral(referral_id=referral_id, payload=payload)
