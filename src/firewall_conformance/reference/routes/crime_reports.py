"""Reporting a crime, and referral to victim services (FW-20).

Anyone can report a crime and be referred for support: neither step asks for an identity
document or looks at immigration status (``policy.identity_document_required``). A report
records the reporter as the victim in a new case, raising the usual tasks.
"""

import secrets

from fastapi import APIRouter
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict

from .. import policy
from ..audit import AuditEvent, append
from ..casework import insert_referral, person_in_case, raise_tasks
from ..db import new_id
from ..deps import Officer, Rms
from ..errors import AUTH_RESPONSES, NOT_FOUND
from ..records import insert_case, insert_person
from ..schemas import IsoDate, RequiredText, Text

router = APIRouter(tags=["crime reports"], responses=AUTH_RESPONSES)


class Reporter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    given_name: Text | None = None
    family_name: RequiredText
    date_of_birth: IsoDate | None = None
    nationality: Text | None = None
    immigration_status: Text | None = None
    identity_document: Text | None = None
    phone: Text | None = None
    email: Text | None = None
    address: Text | None = None


class NewCrimeReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    offence: RequiredText
    account: Text | None = None
    reporter: Reporter


class CrimeReportTaken(BaseModel):
    case_id: str
    reference: str
    person_id: str


class NewVictimServicesReferral(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_id: str
    person_id: str


class VictimServicesReferral(BaseModel):
    referral_id: str


@router.post("/crime-reports", status_code=201)
async def report_crime(body: NewCrimeReport, user: Officer, rms: Rms) -> CrimeReportTaken:
    reporter = body.reporter
    with rms.db.transaction() as conn:
        refused = not reporter.identity_document and policy.identity_document_required(
            reporter.nationality, reporter.immigration_status, rms.faults
        )
        if refused:
            append(
                conn,
                AuditEvent(
                    user.username,
                    "crime-report.received",
                    "refused",
                    detail="no identity document",
                ),
            )
        else:
            person_id, case_id = new_id("P"), new_id("C")
            reference = f"EXC/RPT/{secrets.token_hex(4).upper()}"
            details = reporter.model_dump()
            details["passport_number"] = details.pop("identity_document")
            insert_person(conn, person_id, details)
            insert_case(
                conn, case_id, reference, body.offence, body.account, [(person_id, "victim")]
            )
            raise_tasks(conn, user.username, case_id, [(person_id, "victim")], rms.faults)
            append(
                conn,
                AuditEvent(
                    user.username,
                    "crime-report.received",
                    "allowed",
                    object=f"{case_id},{person_id}",
                ),
            )
    if refused:
        # Raised after the transaction, so the refusal stays in the audit log.
        raise RequestValidationError(
            [
                {
                    "type": "missing",
                    "loc": ("body", "reporter", "identity_document"),
                    "msg": "an identity document number is required for this reporter",
                    "input": None,
                }
            ]
        )
    return CrimeReportTaken(case_id=case_id, reference=reference, person_id=person_id)


@router.post("/victim-services/referrals", status_code=201, responses=NOT_FOUND)
async def refer_to_victim_services(
    body: NewVictimServicesReferral, user: Officer, rms: Rms
) -> VictimServicesReferral:
    with rms.db.transaction() as conn:
        involved = person_in_case(conn, body.case_id, body.person_id)
        person = involved.person
        payload = {
            "case_reference": involved.case["reference"],
            "offence": involved.case["offence"],
            "person": {
                field: person[field]
                for field in ("given_name", "family_name", "phone", "email", "address")
            },
        }
        referral_id = insert_referral(
            conn, body.case_id, body.person_id, "victim-services", payload, user.username
        )
        append(
            conn,
            AuditEvent(
                user.username,
                "referral",
                "allowed",
                object=f"{referral_id},{body.case_id},{body.person_id}",
                recipient_class="victim-services",
                purpose="victim support",
                legal_basis="Code of Practice for Victims of Crime",
                detail="referral to victim services",
            ),
        )
    return VictimServicesReferral(referral_id=referral_id)
