"""Notices telling a person that their data was disclosed to immigration enforcement (FW-15).

New York's Vehicle and Traffic Law 201(12)(a) requires that the person be told within three
days, naming the agency that asked. This system sends the notice when the disclosure is made,
and records when it was due, so a late notice would show.
"""

import sqlite3
from collections.abc import Iterable, Mapping, Set
from datetime import datetime, timedelta
from typing import Any

from .db import new_id, utc_now

NOTICE_DAYS = 3
WEEKLY_BATCH_DAYS = 7


def notify(
    conn: sqlite3.Connection,
    person_ids: Iterable[str],
    recipient: Mapping[str, Any],
    disclosure_id: str,
    disclosed_at: str,
    faults: Set[str],
) -> None:
    """Send (and record) a notice to each person, naming the recipient agency."""
    batched = "FW-15/notice" in faults  # the fault: notices wait for the weekly print run
    days = WEEKLY_BATCH_DAYS if batched else NOTICE_DAYS
    due = datetime.fromisoformat(disclosed_at.replace("Z", "+00:00")) + timedelta(days=days)
    due_by = due.isoformat(timespec="microseconds").replace("+00:00", "Z")
    conn.executemany(
        "INSERT INTO subject_notices (notice_id, person_id, recipient_id, agency, disclosure_id,"
        " disclosed_at, due_by, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                new_id("N"),
                person_id,
                recipient["recipient_id"],
                recipient["name"],
                disclosure_id,
                disclosed_at,
                due_by,
                None if batched else utc_now(),
            )
            for person_id in person_ids
        ],
    )


def notices_for(conn: sqlite3.Connection, person_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT notice_id, recipient_id, agency, disclosure_id, disclosed_at, due_by, sent_at"
        " FROM subject_notices WHERE person_id = ? ORDER BY disclosed_at, notice_id",
        (person_id,),
    )
    return [dict(row) for row in rows]
