"""Person records: create, search, open by id, erase.

Search and open-by-id are where an embedded immigration-enforcement user meets the
firewall (FW-03): protected persons are withheld from their searches and refused by id,
and every withheld or refused attempt is written to the audit log. The refusal by id is the
answer a number no one holds gets, as a private repository is "not found" to a stranger: a
refusal of its own would tell an officer holding a number that a victim or witness is on
record.

Every search and every read is a consultation of personal data, which the Data Protection
Act 2018 s.62 requires to be logged with its time, the user and its justification (FW-05).
The justification is a mandatory ``reason``: without one the look-up is refused, and the
refusal logged. The log keeps the reason in the entry's ``purpose``.
"""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from fastapi.exceptions import RequestValidationError

from .. import policy
from ..audit import AuditEvent, append
from ..db import new_id
from ..deps import Officer, PersonReader, Rms
from ..errors import AUTH_RESPONSES, NOT_FOUND, forbidden, not_found
from ..records import (
    SEARCH_FIELDS,
    delete_person,
    get_persons,
    insert_person,
    role_set,
    search_persons,
)
from ..schemas import NewPerson, Person, PersonCreated, PersonSearchResult, PersonSummary

router = APIRouter(prefix="/persons", tags=["persons"], responses=AUTH_RESPONSES)

Justification = Annotated[
    str | None,
    Query(max_length=1000, description="Why the record is looked up; required (DPA 2018 s.62)"),
]
NO_JUSTIFICATION = "refused: a look-up of a person record needs a reason"


def _refuse_without_reason(
    rms: Rms, username: str, action: str, reason: str | None, **event: str | None
) -> None:
    """Refuse (403) and log a look-up made without a justification (FW-05)."""
    if policy.may_consult(reason, rms.faults):
        return
    with rms.db.transaction() as conn:
        append(conn, AuditEvent(username, action, "refused", **event))
    forbidden(NO_JUSTIFICATION)


@router.post("", status_code=201)
async def create_person(body: NewPerson, user: Officer, rms: Rms) -> PersonCreated:
    person_id = new_id("P")
    with rms.db.transaction() as conn:
        insert_person(conn, person_id, body.model_dump())
        append(conn, AuditEvent(user.username, "person.created", "allowed", object=person_id))
    return PersonCreated(person_id=person_id)


@router.get("")
async def search(
    user: PersonReader,
    rms: Rms,
    name: Annotated[
        str | None, Query(pattern=r"\S", description="Part of a name, any case")
    ] = None,
    family_name: Annotated[
        str | None, Query(pattern=r"\S", description="Part of a family name, any case")
    ] = None,
    given_name: Annotated[
        str | None, Query(pattern=r"\S", description="Part of a given name, any case")
    ] = None,
    date_of_birth: Annotated[
        str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")
    ] = None,
    phone: Annotated[
        str | None, Query(pattern=r"\d", description="A phone number; only its digits count")
    ] = None,
    document_number: Annotated[
        str | None,
        Query(pattern=r"\S", description="A passport number or Home Office reference"),
    ] = None,
    case_id: Annotated[
        str | None, Query(pattern=r"\S", description="A case's id: the persons recorded in it")
    ] = None,
    sort: Annotated[
        Literal["name", "date_of_birth"], Query(description="The order of the results")
    ] = "name",
    reason: Justification = None,
) -> PersonSearchResult:
    """Persons meeting every criterion given: a name part (given, family or "given family")
    as a case-insensitive substring, a date of birth, phone or document number whole, the
    persons of a case; by name or by date of birth. Every criterion and order passes the same
    firewall: a victim or witness is withheld from an immigration-enforcement user, whatever
    they were searched by (FW-03)."""
    asked = {
        "name": name,
        "family_name": family_name,
        "given_name": given_name,
        "date_of_birth": date_of_birth,
        "phone": phone,
        "document_number": document_number,
        "case_id": case_id,
    }
    criteria = {field: text for field, text in asked.items() if text is not None}
    if not criteria:
        raise RequestValidationError(
            [
                {
                    "type": "missing",
                    "loc": ("query",),
                    "msg": f"give at least one of {', '.join(SEARCH_FIELDS)}",
                    "input": None,
                }
            ]
        )
    searched = "; ".join(f"{field}={text!r}" for field, text in criteria.items())
    _refuse_without_reason(
        rms, user.username, "person.search", reason, detail=f"{searched}; no reason given"
    )
    with rms.db.transaction() as conn:
        shown: list[dict[str, Any]] = []
        withheld: list[dict[str, Any]] = []
        for person in search_persons(conn, criteria):
            visible = policy.may_find(user.role, role_set(person))
            (shown if visible else withheld).append(person)
        append(
            conn,
            AuditEvent(
                user.username,
                "person.search",
                "allowed",
                object=",".join(p["person_id"] for p in shown) or None,
                purpose=reason,
                detail=f"{searched}; results={len(shown)}; withheld={len(withheld)}",
            ),
        )
        if withheld:
            append(
                conn,
                AuditEvent(
                    user.username,
                    "person.search",
                    "denied",
                    object=",".join(p["person_id"] for p in withheld),
                    purpose=reason,
                    detail=(
                        f"{searched}; withheld={len(withheld)}: victim or witness"
                        f" records withheld from role {user.role!r}"
                    ),
                ),
            )
    if "FW-03/existence" in rms.faults and withheld and not shown:
        forbidden("a record matching this search is restricted")
    if sort == "date_of_birth":
        shown.sort(key=lambda person: person["date_of_birth"] or "")
    items = [PersonSummary.model_validate(person) for person in shown]
    return PersonSearchResult(items=items, total=len(shown))


@router.get("/{person_id}", responses=NOT_FOUND)
async def read_person(
    person_id: str, user: PersonReader, rms: Rms, reason: Justification = None
) -> Person:
    _refuse_without_reason(
        rms, user.username, "person.read", reason, object=person_id, detail="no reason given"
    )
    with rms.db.transaction() as conn:
        found = get_persons(conn, [person_id])
        if not found:
            not_found(f"no person with id {person_id!r}")
        allowed = policy.may_open(user.role, role_set(found[0]), rms.faults)
        append(
            conn,
            AuditEvent(
                user.username,
                "person.read",
                "allowed" if allowed else "denied",
                object=person_id,
                purpose=reason,
                detail=None if allowed else f"victim or witness record; role {user.role!r}",
            ),
        )
    if not allowed and "FW-03/opening" in rms.faults:
        forbidden("this record is firewalled from immigration enforcement")
    if not allowed:  # answered as a number no one holds, so the answer tells nothing (FW-03)
        not_found(f"no person with id {person_id!r}")
    return Person(**found[0])


@router.delete("/{person_id}", status_code=204, response_class=Response, responses=NOT_FOUND)
async def erase_person(person_id: str, user: Officer, rms: Rms) -> Response:
    """Erase a person and all their involvements in cases."""
    with rms.db.transaction() as conn:
        erased = delete_person(conn, person_id)
        if erased:
            append(conn, AuditEvent(user.username, "person.erased", "allowed", object=person_id))
    if not erased:
        not_found(f"no person with id {person_id!r}")
    return Response(status_code=204)
