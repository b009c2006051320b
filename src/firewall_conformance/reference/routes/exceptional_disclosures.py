"""Exceptional disclosures about a person, each on a recorded basis (FW-13).

An ordinary disclosure of a victim or witness to immigration enforcement is always refused
(``routes/disclosures.py``). The one way round it is an *exceptional* disclosure, and it
needs a basis record from a fixed list, recorded beforehand against that very person:
informed consent, a judicial warrant or court order, or a safeguarding need signed off by a
supervisor. The disclosure's audit entry names the basis record and who signed it off, and
the person is sent a notice naming the recipient (``notices.py``).
"""

import sqlite3
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from .. import policy, register
from ..audit import AuditEvent, append
from ..db import new_id, utc_now
from ..deps import Officer, Rms
from ..errors import AUTH_RESPONSES, NOT_FOUND, forbidden, not_found, unknown_ids
from ..notices import notify
from ..records import get_persons, get_recipient
from ..schemas import Person, Purpose

router = APIRouter(tags=["exceptional disclosures"], responses=AUTH_RESPONSES)

Text = Annotated[str, Field(min_length=1, max_length=500)]


class NewBasis(BaseModel):
    """A record that can justify an exceptional disclosure about one person."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["consent", "warrant", "safeguarding"]
    reference: Text  # the consent form, the warrant or order, the safeguarding decision
    # Who signed it off (for safeguarding: a supervisor). An officer may record a safeguarding
    # need before a supervisor has signed it off; no disclosure may rest on it until then.
    approved_by: Text | None = None


class Basis(NewBasis):
    basis_id: str
    person_id: str


class NewExceptionalDisclosure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person_id: str
    recipient_id: str
    basis_id: Text
    purpose: Purpose
    legal_basis: Text


class ExceptionalDisclosure(BaseModel):
    disclosure_id: str
    recipient_id: str
    basis_id: str
    approved_by: str | None
    person: Person


@router.post("/persons/{person_id}/disclosure-bases", status_code=201, responses=NOT_FOUND)
async def record_basis(person_id: str, body: NewBasis, user: Officer, rms: Rms) -> Basis:
    basis_id = new_id("B")
    with rms.db.transaction() as conn:
        if not get_persons(conn, [person_id]):
            not_found(f"no person with id {person_id!r}")
        conn.execute(
            "INSERT INTO disclosure_bases (basis_id, person_id, kind, reference, approved_by,"
            " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                basis_id,
                person_id,
                body.kind,
                body.reference,
                body.approved_by,
                user.username,
                utc_now(),
            ),
        )
        append(
            conn,
            AuditEvent(
                user.username,
                "disclosure-basis.recorded",
                "allowed",
                object=f"{basis_id},{person_id}",
                detail=f"kind={body.kind}; approved_by={body.approved_by}",
            ),
        )
    return Basis(basis_id=basis_id, person_id=person_id, **body.model_dump())


def _basis(conn: sqlite3.Connection, basis_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT basis_id, person_id, kind, reference, approved_by FROM disclosure_bases"
        " WHERE basis_id = ?",
        (basis_id,),
    ).fetchone()
    return None if row is None else dict(row)


@router.post("/exceptional-disclosures", status_code=201)
async def disclose_exceptionally(
    body: NewExceptionalDisclosure, user: Officer, rms: Rms
) -> ExceptionalDisclosure:
    register.gate(
        rms, user.username, "exceptional-disclosure", body.recipient_id, body.purpose,
        body.legal_basis,
    )  # fmt: skip
    with rms.db.transaction() as conn:
        recipient = get_recipient(conn, body.recipient_id)
        if recipient is None:
            raise unknown_ids([(("body", "recipient_id"), body.recipient_id)], "recipient")
        found = get_persons(conn, [body.person_id])
        if not found:
            raise unknown_ids([(("body", "person_id"), body.person_id)], "person")
        basis = _basis(conn, body.basis_id)
        refusal = policy.exceptional_disclosure_refusal(basis, body.person_id, rms.faults)
        disclosure_id = None if refusal else new_id("X")
        approver = basis["approved_by"] if basis else None
        if disclosure_id is not None:
            now = utc_now()
            conn.execute(
                "INSERT INTO exceptional_disclosures (disclosure_id, person_id, recipient_id,"
                " basis_id, purpose, legal_basis, disclosed_by, disclosed_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    disclosure_id,
                    body.person_id,
                    body.recipient_id,
                    body.basis_id,
                    body.purpose,
                    body.legal_basis,
                    user.username,
                    now,
                ),
            )
            if recipient["recipient_class"] == policy.RESTRICTED_RECIPIENT_CLASS:
                notify(conn, [body.person_id], recipient, disclosure_id, now, rms.faults)
        append(
            conn,
            AuditEvent(
                user.username,
                "exceptional-disclosure",
                "refused" if refusal else "allowed",
                object=",".join(
                    [body.person_id] if disclosure_id is None else [disclosure_id, body.person_id]
                ),
                recipient_id=body.recipient_id,
                recipient_class=recipient["recipient_class"],
                purpose=body.purpose,
                legal_basis=body.legal_basis,
                detail=(
                    f"refused: {refusal}; basis={body.basis_id}"
                    if refusal
                    else f"basis={body.basis_id}; kind={basis['kind'] if basis else 'unchecked'}; "
                    f"approved_by={approver}"
                ),
            ),
        )
    if disclosure_id is None:
        forbidden(f"refused: {refusal}")
    return ExceptionalDisclosure(
        disclosure_id=disclosure_id,
        recipient_id=body.recipient_id,
        basis_id=body.basis_id,
        approved_by=approver,
        person=Person.model_validate(found[0]),
    )
