"""Retention of victims' and witnesses' data (FW-22).

Storage limitation (Data Protection Act 2018 s.39): data about a victim or a witness is kept
for RETENTION_YEARS after the case closes, then reviewed and erased. A person is erased only
when every case they are involved in holds them as a victim or witness and closed before the
cut-off: someone still needed in an open case, or held as a suspect, stays. Every erasure is
logged (s.62) with the person erased, never their details.

The review runs "now" and erases only what is already due, so running it early is the same
as running it on its schedule: what is not yet due stays untouched.
"""

import sqlite3
from collections.abc import Set
from datetime import date

from .audit import AuditEvent, append
from .db import utc_now
from .policy import PROTECTED_ROLES
from .records import delete_person

RETENTION_YEARS = 6


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def record_closure(conn: sqlite3.Connection, case_id: str, closed_on: date, actor: str) -> None:
    """Record (or correct) the date a case was closed; retention counts from it."""
    conn.execute(
        "INSERT INTO case_closures (case_id, closed_on, recorded_by, recorded_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (case_id) DO UPDATE"
        " SET closed_on = excluded.closed_on, recorded_by = excluded.recorded_by,"
        " recorded_at = excluded.recorded_at",
        (case_id, closed_on.isoformat(), actor, utc_now()),
    )
    append(
        conn,
        AuditEvent(
            actor, "case.closed", "allowed", object=case_id, detail=f"closed_on={closed_on}"
        ),
    )


def due(conn: sqlite3.Connection, cutoff: date) -> list[sqlite3.Row]:
    """Persons whose every involvement is a victim or witness role in a case closed before
    ``cutoff``, with the cases and the latest closure date."""
    protected = {f"role{n}": role for n, role in enumerate(sorted(PROTECTED_ROLES))}
    among = ", ".join(f":{name}" for name in protected)
    return conn.execute(
        "SELECT i.person_id, group_concat(i.case_id) AS case_ids,"
        " max(cc.closed_on) AS closed_on"
        " FROM involvements i LEFT JOIN case_closures cc USING (case_id)"
        " GROUP BY i.person_id"
        f" HAVING sum(i.role IN ({among}) AND cc.closed_on < :cutoff) = count(*)",
        {"cutoff": cutoff.isoformat(), **protected},
    ).fetchall()


def review(
    conn: sqlite3.Connection, actor: str, review_id: str, today: date, faults: Set[str]
) -> list[str]:
    """Erase every victim and witness past retention on ``today``; return who was erased."""
    erased = []
    for person in due(conn, years_before(today, RETENTION_YEARS)):
        delete_person(conn, person["person_id"])
        erased.append(person["person_id"])
        if "FW-22" not in faults:  # the fault: the batch job never writes to the audit log
            append(
                conn,
                AuditEvent(
                    actor,
                    "retention.erasure",
                    "allowed",
                    object=person["person_id"],
                    detail=(
                        f"review {review_id}: victim or witness in case(s) {person['case_ids']}"
                        f" closed {person['closed_on']}, kept {RETENTION_YEARS} years"
                    ),
                ),
            )
    append(
        conn,
        AuditEvent(
            actor,
            "retention.review",
            "allowed",
            object=review_id,
            detail=f"as_of={today}; retention={RETENTION_YEARS} years; erased={len(erased)}",
        ),
    )
    return erased
