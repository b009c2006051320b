"""Cases and the per-case roles (involvements) of persons in them.

Reading a case is for officers only: its narrative names the victim and the witness, so an
embedded immigration officer is refused it like any other route that is not theirs (FW-03).
"""

from fastapi import APIRouter, Response

from ..audit import AuditEvent, append
from ..casework import raise_tasks
from ..db import new_id
from ..deps import Officer, Rms
from ..errors import AUTH_RESPONSES, NOT_FOUND, not_found, unknown_ids
from ..records import delete_case, insert_case, unknown_person_ids
from ..schemas import Case, CaseCreated, Involvement, NewCase

router = APIRouter(prefix="/cases", tags=["cases"], responses=AUTH_RESPONSES)


@router.post("", status_code=201)
async def create_case(body: NewCase, user: Officer, rms: Rms) -> CaseCreated:
    case_id = new_id("C")
    with rms.db.transaction() as conn:
        person_ids = [involvement.person_id for involvement in body.involvements]
        unknown = unknown_person_ids(conn, person_ids)
        if unknown:
            raise unknown_ids(
                [
                    (("body", "involvements", index, "person_id"), person_id)
                    for index, person_id in enumerate(person_ids)
                    if person_id in unknown
                ],
                "person",
            )
        insert_case(
            conn,
            case_id,
            body.reference,
            body.offence,
            body.narrative,
            [(involvement.person_id, involvement.role) for involvement in body.involvements],
        )
        append(
            conn,
            AuditEvent(
                user.username,
                "case.created",
                "allowed",
                object=case_id,
                detail=f"involvements={len(body.involvements)}",
            ),
        )
        raise_tasks(
            conn,
            user.username,
            case_id,
            [(involvement.person_id, involvement.role) for involvement in body.involvements],
            rms.faults,
        )
    return CaseCreated(case_id=case_id)


@router.get("/{case_id}", responses=NOT_FOUND)
async def read_case(case_id: str, user: Officer, rms: Rms) -> Case:
    with rms.db.transaction() as conn:
        case = conn.execute(
            "SELECT case_id, reference, offence, narrative FROM cases WHERE case_id = ?", (case_id,)
        ).fetchone()
        involved = conn.execute(
            "SELECT person_id, role FROM involvements WHERE case_id = ? ORDER BY role, person_id",
            (case_id,),
        ).fetchall()
        if case is not None:
            append(conn, AuditEvent(user.username, "case.read", "allowed", object=case_id))
    if case is None:
        not_found(f"no case with id {case_id!r}")
    return Case(**dict(case), involvements=[Involvement(**dict(row)) for row in involved])


@router.delete("/{case_id}", status_code=204, response_class=Response, responses=NOT_FOUND)
async def erase_case(case_id: str, user: Officer, rms: Rms) -> Response:
    """Erase a case and its involvements; the persons stay, with their other cases."""
    with rms.db.transaction() as conn:
        erased = delete_case(conn, case_id)
        if erased:
            append(conn, AuditEvent(user.username, "case.erased", "allowed", object=case_id))
    if not erased:
        not_found(f"no case with id {case_id!r}")
    return Response(status_code=204)
