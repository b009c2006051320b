"""Recipient-specific bulk exports (FW-01, FW-04, FW-08).

The export file is written when the export is created, so what the recipient
downloads is exactly what was decided, filtered and audited at that moment. An
export whose purpose is barred for the records it would hold is refused and the
refusal audited, like a refused disclosure.
"""

import sqlite3
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse

from .. import policy, register
from ..audit import AuditEvent, append
from ..bulk_export import MEDIA_TYPES, export_records, file_name, write_file
from ..db import new_id
from ..deps import Officer, Rms
from ..egress import get_export, insert_export
from ..errors import AUTH_RESPONSES, NOT_FOUND, forbidden, not_found, unknown_ids
from ..records import get_recipient
from ..schemas import Export, NewExport

router = APIRouter(prefix="/exports", tags=["exports"], responses=AUTH_RESPONSES)

_FILE_CONTENT = {media_type: {"schema": {"type": "string"}} for media_type in MEDIA_TYPES.values()}


@router.post("", status_code=201)
async def create_export(body: NewExport, user: Officer, rms: Rms) -> Export:
    export_id = new_id("E")
    register.gate(rms, user.username, "export", body.recipient_id, body.purpose, body.legal_basis)
    with rms.db.transaction() as conn:
        recipient = get_recipient(conn, body.recipient_id)
        if recipient is None:
            raise unknown_ids([(("body", "recipient_id"), body.recipient_id)], "recipient")
        recipient_class = recipient["recipient_class"]
        records = export_records(
            conn,
            export_id,
            lambda roles: policy.may_export(recipient_class, roles, rms.faults),
            policy.export_fields(recipient_class, rms.faults),
        )
        record_roles = {record["role"] for record in records}
        refused = not policy.may_export_for(body.purpose, record_roles, rms.faults)
        if refused:
            _audit_refusal(conn, user.username, body, recipient_class, records)
        else:
            name = file_name(export_id, body.format)
            write_file(rms.exports_dir / name, body.format, records)
            insert_export(
                conn,
                export_id,
                body.recipient_id,
                body.format,
                body.purpose,
                body.legal_basis,
                len(records),
                name,
                user.username,
            )
            if "FW-04" not in rms.faults:  # the fault: bulk exports bypass the audit log
                person_ids = dict.fromkeys(record["person_id"] for record in records)
                append(
                    conn,
                    AuditEvent(
                        user.username,
                        "export",
                        "allowed",
                        object=",".join([export_id, *person_ids]),
                        recipient_id=body.recipient_id,
                        recipient_class=recipient_class,
                        purpose=body.purpose,
                        legal_basis=body.legal_basis,
                        detail=f"format={body.format}; record_count={len(records)}",
                    ),
                )
    if refused:
        forbidden(
            f"refused: an export for {body.purpose} may not hold the records of victims or"
            " witnesses"
        )
    return Export(
        export_id=export_id,
        recipient_id=body.recipient_id,
        format=body.format,
        record_count=len(records),
        file_path=f"/api/v1/exports/{export_id}/file",
    )


def _audit_refusal(
    conn: sqlite3.Connection,
    username: str,
    body: NewExport,
    recipient_class: str,
    records: list[dict[str, Any]],
) -> None:
    """Log a refused export against the victims and witnesses it would have held."""
    protected = dict.fromkeys(
        r["person_id"] for r in records if r["role"] in policy.PROTECTED_ROLES
    )
    append(
        conn,
        AuditEvent(
            username,
            "export",
            "refused",
            object=",".join(protected),
            recipient_id=body.recipient_id,
            recipient_class=recipient_class,
            purpose=body.purpose,
            legal_basis=body.legal_basis,
            detail=f"refused: {len(protected)} victim(s) or witness(es) for purpose {body.purpose}",
        ),
    )


@router.get(
    "/{export_id}/file",
    response_class=FileResponse,
    responses={200: {"description": "The export file", "content": _FILE_CONTENT}, **NOT_FOUND},
)
async def download_export(export_id: str, user: Officer, rms: Rms) -> FileResponse:
    with rms.db.transaction() as conn:
        export = get_export(conn, export_id)
    if export is None:
        not_found(f"no export with id {export_id!r}")
    return FileResponse(
        rms.exports_dir / export["file_name"],
        media_type=MEDIA_TYPES[export["format"]],
        filename=export["file_name"],
    )
