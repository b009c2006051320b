"""What has left the system: disclosures, status checks and bulk exports.

These tables are the system's own record of each release, kept even if the persons
involved are later erased; the audit log is the tamper-evident account of the same
events.
"""

import sqlite3
from collections.abc import Sequence
from typing import Any

from .db import utc_now


def insert_disclosure(
    conn: sqlite3.Connection,
    disclosure_id: str,
    recipient_id: str,
    purpose: str,
    legal_basis: str,
    person_ids: Sequence[str],
    disclosed_by: str,
) -> None:
    conn.execute(
        "INSERT INTO disclosures (disclosure_id, recipient_id, purpose, legal_basis,"
        " person_ids, disclosed_by, disclosed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            disclosure_id,
            recipient_id,
            purpose,
            legal_basis,
            ",".join(person_ids),
            disclosed_by,
            utc_now(),
        ),
    )


def insert_status_check(
    conn: sqlite3.Connection, check_id: str, person_id: str, purpose: str, requested_by: str
) -> None:
    conn.execute(
        "INSERT INTO status_checks (check_id, person_id, purpose, status, requested_by,"
        " requested_at) VALUES (?, ?, ?, 'submitted', ?, ?)",
        (check_id, person_id, purpose, requested_by, utc_now()),
    )


def insert_export(
    conn: sqlite3.Connection,
    export_id: str,
    recipient_id: str,
    export_format: str,
    purpose: str,
    legal_basis: str,
    record_count: int,
    file_name: str,
    created_by: str,
) -> None:
    conn.execute(
        "INSERT INTO exports (export_id, recipient_id, format, purpose, legal_basis,"
        " record_count, file_name, created_by, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            export_id,
            recipient_id,
            export_format,
            purpose,
            legal_basis,
            record_count,
            file_name,
            created_by,
            utc_now(),
        ),
    )


def get_export(conn: sqlite3.Connection, export_id: str) -> dict[str, Any] | None:
    """An export's stored metadata, or None."""
    row = conn.execute("SELECT * FROM exports WHERE export_id = ?", (export_id,)).fetchone()
    return None if row is None else dict(row)
