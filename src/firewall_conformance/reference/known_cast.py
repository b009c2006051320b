"""The reference's known test persons: a fixed victim, witness and suspect in one case, held
from the start, as forces' and vendors' test environments hold synthetic persons an inspector
is given access to. `reference export-personas` writes them as `run --personas` reads them,
so a run that plants nothing is tested end to end.

Every value is invented and cannot be a real person's: e-mail at example.org, phone numbers
from Ofcom's drama ranges that neither the planted personas nor the background persons use,
passport numbers with a leading zero (no planted one has), postcodes in ZZ99.
"""

import json
import sqlite3
from importlib import resources
from typing import Any

from .records import insert_case, insert_person


def known_cast() -> list[dict[str, Any]]:
    """The known test persons, each with their id, case id and case reference."""
    text = resources.files(__package__).joinpath("known_cast.json").read_text(encoding="utf-8")
    return json.loads(text)


def seed_known_cast(conn: sqlite3.Connection) -> None:
    """Store the known persons and the one case they hold their roles in."""
    cast = known_cast()
    for person in cast:
        insert_person(conn, person["person_id"], person)
    by_role = {person["role"]: person for person in cast}
    victim, witness, suspect = (by_role[r] for r in ("victim", "witness", "suspect"))
    insert_case(
        conn,
        case_id=victim["case_id"],
        reference=victim["case_reference"],
        offence="Assault occasioning actual bodily harm",
        narrative=(
            f"{victim['given_name']} {victim['family_name']} reported being assaulted by "
            f"{suspect['given_name']} {suspect['family_name']}; {witness['given_name']} "
            f"{witness['family_name']} saw it happen. Known synthetic test case."
        ),
        involvements=[(p["person_id"], p["role"]) for p in cast],
    )
