"""Persons, cases and the recipient register: the POLE-style records the firewall guards.

Roles are held per case in ``involvements``: the same person can be a suspect in one
case and a victim in another, and every policy decision looks at all of them.
"""

import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from .db import digits, utc_now
from .schemas import Role

PERSON_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "nationality",
    "immigration_status",
    "passport_number",
    "home_office_reference",
    "phone",
    "email",
    "address",
)

_PERSON_COLUMNS = ", ".join(("person_id", *PERSON_FIELDS))


def insert_person(conn: sqlite3.Connection, person_id: str, details: Mapping[str, Any]) -> None:
    """Store a person; ``details`` maps each of ``PERSON_FIELDS`` to a string or None."""
    values = [person_id, *(details.get(field) for field in PERSON_FIELDS), utc_now()]
    conn.execute(
        f"INSERT INTO persons ({_PERSON_COLUMNS}, created_at)"
        f" VALUES ({', '.join('?' * len(values))})",
        values,
    )


def insert_case(
    conn: sqlite3.Connection,
    case_id: str,
    reference: str,
    offence: str,
    narrative: str | None,
    involvements: Iterable[tuple[str, str]],
) -> None:
    """Store a case with its (person_id, role) involvements; repeats are ignored."""
    conn.execute(
        "INSERT INTO cases (case_id, reference, offence, narrative, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (case_id, reference, offence, narrative, utc_now()),
    )
    conn.executemany(
        "INSERT OR IGNORE INTO involvements (case_id, person_id, role) VALUES (?, ?, ?)",
        [(case_id, person_id, role) for person_id, role in involvements],
    )


def delete_person(conn: sqlite3.Connection, person_id: str) -> bool:
    """Erase a person and their involvements; False if there was no such person."""
    return conn.execute("DELETE FROM persons WHERE person_id = ?", (person_id,)).rowcount > 0


def delete_case(conn: sqlite3.Connection, case_id: str) -> bool:
    """Erase a case and its involvements; False if there was no such case."""
    return conn.execute("DELETE FROM cases WHERE case_id = ?", (case_id,)).rowcount > 0


def unknown_person_ids(conn: sqlite3.Connection, person_ids: Iterable[str]) -> set[str]:
    """Those of ``person_ids`` that name no stored person."""
    return {
        person_id
        for person_id in person_ids
        if conn.execute("SELECT 1 FROM persons WHERE person_id = ?", (person_id,)).fetchone()
        is None
    }


def roles_held(
    conn: sqlite3.Connection, person_ids: Iterable[str]
) -> dict[str, list[dict[str, str]]]:
    """Each person's roles as ``[{"case_id", "role"}]``, across all cases."""
    held: dict[str, list[dict[str, str]]] = {person_id: [] for person_id in person_ids}
    if held:
        rows = conn.execute(
            "SELECT person_id, case_id, role FROM involvements"
            f" WHERE person_id IN ({', '.join('?' * len(held))})"
            " ORDER BY case_id, role",
            list(held),
        )
        for row in rows:
            held[row["person_id"]].append({"case_id": row["case_id"], "role": row["role"]})
    return held


def roles_in_case(conn: sqlite3.Connection, case_id: str, person_id: str) -> frozenset[Role]:
    """The roles one person holds in one case (empty when they are not in it): what a change
    of role, a statement's recorded role and a task are decided on."""
    rows = conn.execute(
        "SELECT role FROM involvements WHERE case_id = ? AND person_id = ?", (case_id, person_id)
    )
    return frozenset(row["role"] for row in rows)


def role_names(conn: sqlite3.Connection, person_ids: Iterable[str]) -> dict[str, set[str]]:
    """Each person's set of role names across all cases (what the firewall rules need)."""
    return {
        person_id: {held["role"] for held in roles}
        for person_id, roles in roles_held(conn, person_ids).items()
    }


def role_set(person: Mapping[str, Any]) -> set[str]:
    """The role names in a person record returned by ``get_persons`` or ``search_persons``."""
    return {held["role"] for held in person["roles"]}


def get_persons(conn: sqlite3.Connection, person_ids: Iterable[str]) -> list[dict[str, Any]]:
    """Full records (all fields and roles) of the stored persons among ``person_ids``."""
    rows = [
        conn.execute(
            f"SELECT {_PERSON_COLUMNS} FROM persons WHERE person_id = ?", (pid,)
        ).fetchone()
        for pid in person_ids
    ]
    return _with_roles(conn, [row for row in rows if row is not None])


# How each search field compares what was asked with a stored person: a name part as a
# case-folded substring, a date or a number as the whole value. `name` is any part of
# "given family"; `document_number` is a passport number or a Home Office reference; `case_id`
# finds the persons recorded in a case.
_SEARCH_RULES = {
    "name": (
        "(instr(casefold(coalesce(given_name, '')), :name) > 0"
        " OR instr(casefold(family_name), :name) > 0"
        " OR instr(casefold(coalesce(given_name || ' ', '') || family_name), :name) > 0)"
    ),
    "family_name": "instr(casefold(family_name), :family_name) > 0",
    "given_name": "instr(casefold(coalesce(given_name, '')), :given_name) > 0",
    "date_of_birth": "date_of_birth = :date_of_birth",
    "phone": "digits(phone) = :phone",
    "document_number": (
        "(casefold(passport_number) = :document_number"
        " OR casefold(home_office_reference) = :document_number)"
    ),
    "case_id": "person_id IN (SELECT person_id FROM involvements WHERE case_id = :case_id)",
}
SEARCH_FIELDS = tuple(_SEARCH_RULES)


def _search_value(field: str, text: str) -> str:
    if field == "phone":
        return digits(text)
    if field in ("date_of_birth", "case_id"):
        return text.strip()
    return text.strip().casefold()


def search_persons(conn: sqlite3.Connection, criteria: Mapping[str, str]) -> list[dict[str, Any]]:
    """Persons meeting every one of ``criteria`` (search field -> text; see _SEARCH_RULES).

    Matching of names is case-insensitive with Unicode case folding, so "Łucja" finds "ŁUCJA".
    """
    if not criteria:
        raise ValueError("a search needs at least one criterion")
    where = " AND ".join(_SEARCH_RULES[field] for field in criteria)
    rows = conn.execute(
        f"SELECT {_PERSON_COLUMNS} FROM persons WHERE {where}"
        " ORDER BY casefold(family_name), casefold(given_name), person_id",
        {field: _search_value(field, text) for field, text in criteria.items()},
    ).fetchall()
    return _with_roles(conn, rows)


def _with_roles(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[dict[str, Any]]:
    roles = roles_held(conn, [row["person_id"] for row in rows])
    return [{**dict(row), "roles": roles[row["person_id"]]} for row in rows]


def list_recipients(conn: sqlite3.Connection) -> list[dict[str, str]]:
    """The recipient register, ordered by id."""
    rows = conn.execute(
        "SELECT recipient_id, name, recipient_class FROM recipients ORDER BY recipient_id"
    )
    return [dict(row) for row in rows]


def get_recipient(conn: sqlite3.Connection, recipient_id: str) -> dict[str, str] | None:
    """One registered recipient, or None."""
    row = conn.execute(
        "SELECT recipient_id, name, recipient_class FROM recipients WHERE recipient_id = ?",
        (recipient_id,),
    ).fetchone()
    return None if row is None else dict(row)


def involvements(conn: sqlite3.Connection) -> tuple[list[sqlite3.Row], dict[str, set[str]]]:
    """Every (case, person, role) row with the person's fields, in a stable order, and each
    person's role names across all cases — what exports and feeds filter by policy."""
    rows = conn.execute(
        "SELECT c.case_id, c.reference AS case_reference, c.offence, i.role, p.person_id, "
        + ", ".join(f"p.{field}" for field in PERSON_FIELDS)
        + " FROM involvements i JOIN cases c USING (case_id) JOIN persons p USING (person_id)"
        " ORDER BY c.reference, c.case_id, i.role, p.person_id"
    ).fetchall()
    return rows, role_names(conn, {row["person_id"] for row in rows})
