"""Casework around a person in a case: the tasks the system raises by itself, and the
records of referrals made to other bodies (FW-16, FW-18, FW-19, FW-20, FW-23).

The firewall rules these follow live in ``policy.py``; this module only stores and reads.
"""

import json
import sqlite3
from collections.abc import Iterable, Set
from dataclasses import dataclass
from typing import Any

from . import policy, register
from .audit import AuditEvent, append
from .db import new_id, utc_now
from .errors import not_found, unknown_ids
from .records import get_persons, get_recipient, role_set, roles_in_case

# What each kind of task says and which team it lands with.
TASKS: dict[str, tuple[str, str]] = {
    "victim-needs-assessment": ("Victim needs assessment", "Victim Care Unit"),
    "witness-care-contact": ("Witness care: first contact", "Witness Care Unit"),
    "suspect-enquiries": ("Trace, arrest and interview the suspect", "Investigating officer"),
    policy.IE_REFERRAL_TASK: (
        "Refer to Immigration Enforcement",
        "Home Office Immigration Enforcement (police contact line)",
    ),
}
# Tasks addressed outside the force are notified to that recipient, and the audit log says so.
# Only the referral task is; its recipient is the register's immigration-enforcement entry.
EXTERNAL_TASKS = frozenset({policy.IE_REFERRAL_TASK})


@dataclass(frozen=True)
class PersonInCase:
    """A person, the case, the person's roles in that case and across all cases."""

    person: dict[str, Any]
    case: dict[str, Any]
    roles_here: frozenset[str]
    roles: frozenset[str]

    @property
    def domestic_abuse(self) -> bool:
        return self.case["offence"].strip().casefold() in policy.DOMESTIC_ABUSE_OFFENCES


def person_in_case(conn: sqlite3.Connection, case_id: str, person_id: str) -> PersonInCase:
    """The person as involved in the case; 404 when the case is unknown, 422 when the person
    is unknown or has no role in it."""
    case = conn.execute(
        "SELECT case_id, reference, offence FROM cases WHERE case_id = ?", (case_id,)
    ).fetchone()
    if case is None:
        not_found(f"no case with id {case_id!r}")
    found = get_persons(conn, [person_id])
    here = roles_in_case(conn, case_id, person_id)
    if not found or not here:
        raise unknown_ids([(("body", "person_id"), person_id)], "person in this case")
    return PersonInCase(found[0], dict(case), here, frozenset(role_set(found[0])))


def raise_tasks(
    conn: sqlite3.Connection,
    actor: str,
    case_id: str,
    involvements: Iterable[tuple[str, str]],
    faults: Set[str],
) -> None:
    """Raise the tasks each new (person, role) in a case calls for, and log each one."""
    for person_id, role in involvements:
        nationality = conn.execute(
            "SELECT nationality FROM persons WHERE person_id = ?", (person_id,)
        ).fetchone()["nationality"]
        for kind in policy.tasks_for(role, nationality, faults):
            title, assigned_to = TASKS[kind]
            task_id = new_id("T")
            conn.execute(
                "INSERT INTO tasks (task_id, case_id, person_id, kind, title, assigned_to,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (task_id, case_id, person_id, kind, title, assigned_to, utc_now()),
            )
            recipient = (
                get_recipient(conn, register.restricted_recipient_id(conn))
                if kind in EXTERNAL_TASKS
                else None
            )
            append(
                conn,
                AuditEvent(
                    actor,
                    "task.created",
                    "allowed",
                    object=f"{task_id},{case_id},{person_id}",
                    recipient_id=recipient["recipient_id"] if recipient else None,
                    recipient_class=recipient["recipient_class"] if recipient else None,
                    detail=f"{kind}; assigned to {assigned_to}",
                ),
            )


def case_tasks(conn: sqlite3.Connection, case_id: str) -> list[dict[str, Any]]:
    """Every task raised on a case, oldest first."""
    rows = conn.execute(
        "SELECT task_id, case_id, person_id, kind, title, assigned_to, created_at FROM tasks"
        " WHERE case_id = ? ORDER BY created_at, task_id",
        (case_id,),
    )
    return [dict(row) for row in rows]


def insert_referral(
    conn: sqlite3.Connection,
    case_id: str,
    person_id: str,
    scheme: str,
    payload: dict[str, Any],
    referred_by: str,
) -> str:
    """Keep a referral with its payload exactly as sent; return its id."""
    referral_id = new_id("R")
    conn.execute(
        "INSERT INTO referrals (referral_id, case_id, person_id, scheme, payload, referred_by,"
        " referred_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            referral_id,
            case_id,
            person_id,
            scheme,
            json.dumps(payload, ensure_ascii=False),
            referred_by,
            utc_now(),
        ),
    )
    return referral_id
