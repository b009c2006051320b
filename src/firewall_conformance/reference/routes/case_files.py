"""Work on one case: who is in it and in what role, what was recorded, and the case file
sent to another agency (FW-06, FW-07, FW-10).

Roles are held per case, and so is everything recorded about a person: each statement,
address or intelligence entry keeps the role its subject held in the case when it was
recorded. That is what lets the firewall hold after a change of role: a victim who later
becomes a suspect can be disclosed as a suspect, but what they said as a victim stays behind.

A case file is a disclosure of one case to one recipient. It holds that case only, never the
person's other cases (FW-06); the prosecution service gets it whole, and every other
recipient, who may use it onward, gets no victim or witness and only redacted free text
(FW-10). Immigration enforcement also gets none of the material gathered from anyone while
they were a victim or a witness (FW-07). Every case file, role change and refusal is audited.
"""

import sqlite3
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from .. import policy, register
from ..audit import AuditEvent, append
from ..casework import raise_tasks
from ..db import new_id, utc_now
from ..deps import Officer, Rms
from ..errors import AUTH_RESPONSES, NOT_FOUND, forbidden, not_found, unknown_ids
from ..records import (
    PERSON_FIELDS,
    get_persons,
    get_recipient,
    role_set,
    roles_in_case,
    unknown_person_ids,
)
from ..schemas import Person, Purpose, RequiredText, Role, RoleHeld

router = APIRouter(prefix="/cases", tags=["case files"], responses={**AUTH_RESPONSES, **NOT_FOUND})

MaterialKind = Literal["statement", "refuge-address", "intelligence"]
FreeText = Annotated[str, Field(min_length=1, max_length=5000)]
OptionalText = Annotated[str, Field(max_length=1000)] | None
# What a recipient other than the prosecution service learns about a person in the file.
_FILED_FOR_ANYONE = ("given_name", "family_name", "date_of_birth")


class NewInvolvement(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person_id: str
    role: Role


class InvolvementAdded(BaseModel):
    case_id: str
    person_id: str
    role: Role


class NewMaterial(BaseModel):
    """A statement, address or intelligence entry; `person_id` is whom it is about or from
    (null for an entry about the case as a whole)."""

    model_config = ConfigDict(extra="forbid")

    person_id: str | None = None
    kind: MaterialKind
    text: FreeText


class MaterialRecorded(BaseModel):
    material_id: str
    role_at_time: Role | None


class NewRoleChange(BaseModel):
    """A change of role; `reason` and `approved_by` may be left out here only so that a
    request without them is refused and audited rather than rejected as malformed."""

    model_config = ConfigDict(extra="forbid")

    person_id: str
    from_role: Role
    to_role: Role
    reason: OptionalText = None
    approved_by: OptionalText = None


class RoleChange(BaseModel):
    change_id: str
    case_id: str
    person_id: str
    from_role: Role
    to_role: Role
    reason: str
    approved_by: str


class NewCaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    recipient_id: str
    purpose: Purpose
    legal_basis: RequiredText


class FiledCase(BaseModel):
    case_id: str
    reference: str
    offence: str
    narrative: str | None


class FiledMaterial(BaseModel):
    material_id: str
    case_id: str
    person_id: str | None
    role_at_time: Role | None
    kind: MaterialKind
    text: str
    recorded_at: str


class CaseFile(BaseModel):
    file_id: str
    recipient_id: str
    cases: list[FiledCase]
    persons: list[Person]
    material: list[FiledMaterial]


def _case(conn: sqlite3.Connection, case_id: str) -> sqlite3.Row:
    row = conn.execute(
        "SELECT case_id, reference, offence, narrative FROM cases WHERE case_id = ?", (case_id,)
    ).fetchone()
    if row is None:
        not_found(f"no case with id {case_id!r}")
    return row


def _require_person(conn: sqlite3.Connection, person_id: str, where: tuple[str, ...]) -> None:
    if unknown_person_ids(conn, [person_id]):
        raise unknown_ids([(where, person_id)], "person")


@router.post("/{case_id}/involvements", status_code=201)
async def add_involvement(
    case_id: str, body: NewInvolvement, user: Officer, rms: Rms
) -> InvolvementAdded:
    """Record an existing person in this case in a role (their other cases are untouched).
    A role new to the case raises the tasks it calls for, as it would when the case is made."""
    with rms.db.transaction() as conn:
        _case(conn, case_id)
        _require_person(conn, body.person_id, ("body", "person_id"))
        added = conn.execute(
            "INSERT OR IGNORE INTO involvements (case_id, person_id, role) VALUES (?, ?, ?)",
            (case_id, body.person_id, body.role),
        ).rowcount
        append(
            conn,
            AuditEvent(
                user.username,
                "case.involvement-added",
                "allowed",
                object=f"{case_id},{body.person_id}",
                detail=f"role={body.role}",
            ),
        )
        if added:
            raise_tasks(conn, user.username, case_id, [(body.person_id, body.role)], rms.faults)
    return InvolvementAdded(case_id=case_id, person_id=body.person_id, role=body.role)


@router.post("/{case_id}/material", status_code=201)
async def record_material(
    case_id: str, body: NewMaterial, user: Officer, rms: Rms
) -> MaterialRecorded:
    """Record a statement, address or intelligence entry, with its subject's role in the case
    now (a victim's statement stays a victim's statement whatever they become later)."""
    material_id = new_id("M")
    role_at_time = None
    with rms.db.transaction() as conn:
        _case(conn, case_id)
        if body.person_id is not None:
            roles = roles_in_case(conn, case_id, body.person_id)
            if not roles:
                raise unknown_ids([(("body", "person_id"), body.person_id)], "person in this case")
            # A person both protected and not in one case is recorded as protected.
            role_at_time = min(roles, key=lambda role: role not in policy.PROTECTED_ROLES)
        conn.execute(
            "INSERT INTO case_material (material_id, case_id, person_id, role_at_time, kind,"
            " text, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                material_id,
                case_id,
                body.person_id,
                role_at_time,
                body.kind,
                body.text,
                user.username,
                utc_now(),
            ),
        )
        append(
            conn,
            AuditEvent(
                user.username,
                "case.material-recorded",
                "allowed",
                object=",".join(filter(None, (material_id, case_id, body.person_id))),
                detail=f"kind={body.kind}; role_at_time={role_at_time}",
            ),
        )
    return MaterialRecorded(material_id=material_id, role_at_time=role_at_time)


@router.post("/{case_id}/role-changes", status_code=201)
async def change_role(case_id: str, body: NewRoleChange, user: Officer, rms: Rms) -> RoleChange:
    """Change a person's role in this case. Needs a reason and an approver other than the
    officer asking; refused (and audited) without them."""
    allowed = policy.may_change_role(body.reason, body.approved_by, user.username)
    change_id = new_id("R") if allowed else None
    with rms.db.transaction() as conn:
        _case(conn, case_id)
        _require_person(conn, body.person_id, ("body", "person_id"))
        if body.from_role not in roles_in_case(conn, case_id, body.person_id):
            raise unknown_ids(
                [(("body", "from_role"), body.from_role)],
                f"role of person {body.person_id} in this case named",
            )
        if change_id is not None:
            conn.execute(
                "DELETE FROM involvements WHERE case_id = ? AND person_id = ? AND role = ?",
                (case_id, body.person_id, body.from_role),
            )
            conn.execute(
                "INSERT OR IGNORE INTO involvements (case_id, person_id, role) VALUES (?, ?, ?)",
                (case_id, body.person_id, body.to_role),
            )
            conn.execute(
                "INSERT INTO role_changes (change_id, case_id, person_id, from_role, to_role,"
                " reason, approved_by, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    change_id,
                    case_id,
                    body.person_id,
                    body.from_role,
                    body.to_role,
                    body.reason,
                    body.approved_by,
                    user.username,
                    utc_now(),
                ),
            )
        append(
            conn,
            AuditEvent(
                user.username,
                "role.changed",
                "allowed" if allowed else "refused",
                object=",".join(filter(None, (change_id, case_id, body.person_id))),
                purpose=body.reason,
                detail=(
                    f"{body.from_role} -> {body.to_role}; reason: {body.reason or '(none)'};"
                    f" approved by: {body.approved_by or '(none)'}"
                ),
            ),
        )
    if change_id is None:
        forbidden(
            "refused: a change of role needs a reason and the approval of someone other than"
            " the officer making it"
        )
    return RoleChange(
        change_id=change_id,
        case_id=case_id,
        person_id=body.person_id,
        from_role=body.from_role,
        to_role=body.to_role,
        reason=body.reason or "",
        approved_by=body.approved_by or "",
    )


@router.post("/{case_id}/files", status_code=201)
async def prepare_case_file(case_id: str, body: NewCaseFile, user: Officer, rms: Rms) -> CaseFile:
    """The file of one case for one recipient, made as the module docstring says."""
    register.gate(
        rms, user.username, "case-file", body.recipient_id, body.purpose, body.legal_basis
    )
    file_id = new_id("F")
    with rms.db.transaction() as conn:
        case = _case(conn, case_id)
        recipient = get_recipient(conn, body.recipient_id)
        if recipient is None:
            raise unknown_ids([(("body", "recipient_id"), body.recipient_id)], "recipient")
        recipient_class = recipient["recipient_class"]
        made = _case_file(conn, case, recipient_class, rms.faults)
        filed_ids = [person.person_id for person in made["persons"]]
        append(
            conn,
            AuditEvent(
                user.username,
                "case-file",
                "allowed",
                object=",".join([file_id, case_id, *filed_ids]),
                recipient_id=body.recipient_id,
                recipient_class=recipient_class,
                purpose=body.purpose,
                legal_basis=body.legal_basis,
                detail=(
                    f"cases={len(made['cases'])}; persons={len(filed_ids)};"
                    f" material={len(made['material'])}"
                ),
            ),
        )
    return CaseFile(file_id=file_id, recipient_id=body.recipient_id, **made)


def _case_file(
    conn: sqlite3.Connection, case: sqlite3.Row, recipient_class: str, faults: frozenset[str]
) -> dict[str, Any]:
    case_id = case["case_id"]
    in_case = {
        row["person_id"]: row["role"]
        for row in conn.execute(
            "SELECT person_id, role FROM involvements WHERE case_id = ? ORDER BY role", (case_id,)
        )
    }
    persons = get_persons(conn, sorted(in_case))
    elsewhere = (
        {
            row["case_id"]
            for row in conn.execute(
                "SELECT DISTINCT case_id FROM involvements"
                f" WHERE person_id IN ({', '.join('?' * len(in_case))})",
                list(in_case),
            )
        }
        if in_case
        else set()
    )
    case_ids = policy.case_file_cases(case_id, elsewhere - {case_id}, faults)
    protected = [
        {**person, "role": in_case[person["person_id"]]}
        if in_case[person["person_id"]] in policy.PROTECTED_ROLES
        else {**person, "role": sorted(role_set(person) & policy.PROTECTED_ROLES)[0]}
        for person in persons
        if policy.is_protected(role_set(person))
    ]

    def text(value: str | None) -> str | None:
        if value is None:
            return None
        return policy.free_text_for(recipient_class, value, protected, faults)

    whole = recipient_class in policy.ONWARD_USE_BARRED
    filed = [
        Person(
            **{
                field: person[field]
                for field in PERSON_FIELDS
                if whole or field in _FILED_FOR_ANYONE
            },
            person_id=person["person_id"],
            roles=[RoleHeld(**held) for held in person["roles"] if held["case_id"] in case_ids],
        )
        for person in persons
        if policy.may_file_person(recipient_class, role_set(person))
    ]
    filed_ids = {person.person_id for person in filed}
    marks = ", ".join("?" * len(case_ids))
    cases = conn.execute(
        f"SELECT case_id, reference, offence, narrative FROM cases WHERE case_id IN ({marks})"
        " ORDER BY case_id = ? DESC, reference",
        [*case_ids, case_id],
    ).fetchall()
    material = [
        FiledMaterial(
            **{**dict(row), "text": text(row["text"])},
        )
        for row in conn.execute(
            "SELECT material_id, case_id, person_id, role_at_time, kind, text, recorded_at"
            f" FROM case_material WHERE case_id IN ({marks}) ORDER BY recorded_at, material_id",
            list(case_ids),
        )
        if policy.may_file_material(recipient_class, row["role_at_time"], faults)
        and (row["person_id"] is None or row["person_id"] in filed_ids or whole)
    ]
    for item in material:
        if item.person_id not in filed_ids:
            item.person_id = None
    return {
        "cases": [FiledCase(**{**dict(row), "narrative": text(row["narrative"])}) for row in cases],
        "persons": filed,
        "material": material,
    }
