"""Values versus names: a status-revealing value travels under a field name the recipient
is approved for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..records import get_persons
from .engine import MutantContext, Request
from .holdings import recipient_class
from .mutant import Mutant
from .rewrites import AnswerEdit, Rows, edit_answer, edit_export_file

PROSECUTION = "prosecution"


def to_prosecution(ctx: MutantContext, request: Request) -> bool:
    return recipient_class(ctx, (request.json() or {}).get("recipient_id")) == PROSECUTION


def move(
    into: str, take: Callable[[dict[str, Any]], str | None]
) -> Callable[[MutantContext, Rows], Rows]:
    """Export rows whose ``into`` cell is replaced by what ``take`` finds in the full record."""

    def edit(ctx: MutantContext, rows: Rows) -> Rows:
        with ctx.rms.db.transaction() as conn:
            full = {
                p["person_id"]: p
                for p in get_persons(conn, [r["person_id"] for r in rows if "person_id" in r])
            }
        for row in rows:
            person = full.get(row.get("person_id"))
            if person is not None and take(person):
                row[into] = take(person)
        return rows

    return edit


def disclosed(into: str, take: Callable[[dict[str, Any]], str | None]) -> AnswerEdit:
    def edit(ctx: MutantContext, request: Request, document: dict[str, Any]) -> dict[str, Any]:
        with ctx.rms.db.transaction() as conn:
            ids = [p["person_id"] for p in document.get("persons", [])]
            full = {p["person_id"]: p for p in get_persons(conn, ids)}
        for person in document.get("persons", []):
            value = take(full.get(person["person_id"], {}))
            if value:
                person[into] = value
        return document

    return edit


MUTANTS = [
    Mutant(
        "passport-under-phone-column",
        ("FW-09",),
        "values-vs-names",
        "The prosecution service's export puts each person's passport number in the phone "
        "column, which it is approved for.",
        (edit_export_file(move("phone", lambda p: p.get("passport_number")), restricted=False),),
    ),
    Mutant(
        "status-under-nationality-column",
        ("FW-09",),
        "values-vs-names",
        "The prosecution service's export writes immigration status into the nationality column.",
        (
            edit_export_file(
                move(
                    "nationality",
                    lambda p: f"{p.get('nationality')} ({p.get('immigration_status')})",
                ),
                restricted=False,
            ),
        ),
    ),
    Mutant(
        "home-office-ref-under-email",
        ("FW-14",),
        "values-vs-names",
        "A disclosure to the prosecution service carries the Home Office reference in the "
        "e-mail field.",
        (
            edit_answer(
                "POST",
                "/disclosures",
                disclosed("email", lambda p: p.get("home_office_reference")),
                to_prosecution,
            ),
        ),
    ),
    Mutant(
        "status-under-address",
        ("FW-14",),
        "values-vs-names",
        "A disclosure to the prosecution service appends the immigration status to the address.",
        (
            edit_answer(
                "POST",
                "/disclosures",
                disclosed(
                    "address",
                    lambda p: (
                        f"{p.get('address')}; status {p.get('immigration_status')}" if p else None
                    ),
                ),
                to_prosecution,
            ),
        ),
    ),
]
