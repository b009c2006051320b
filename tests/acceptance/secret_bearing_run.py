"""A reference system whose every account token carries a planted secret and which already
holds a real-looking person who is no test persona: the target of the one whole run, every
report written, that the tests searching all evidence for a credential or a real person's data
share (conftest `secret_bearing_run`: test_redaction.py, test_runs.py). A whole run with every
report costs about 10 CPU seconds; each test still searches every artefact of it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import requests

from firewall_conformance.reference.server import ReferenceServer
from firewall_conformance.reference.users import USERS

if TYPE_CHECKING:
    from tests.acceptance.conftest import CliRun

SECRET = "sk_live_PLANTED-7f3a9c1e5b2d4a6f8e0c"

# A real-looking person who is not a test persona: already on the force's system, so the run
# meets them in every export it scans, and must never copy them into the evidence.
RESIDENT = {
    "given_name": "Margarethe",
    "family_name": "Oyelaran-Whitfield",
    "date_of_birth": "1983-04-17",
    "nationality": "Nigerian",
    "immigration_status": "pending asylum claim",
    "passport_number": "A07311598",
    "home_office_reference": "W4402917",
    "phone": "07911 384 226",
    "email": "m.oyelaran.whitfield@mailbox.example",
    "address": "14 Larkspur Mews, Exampleton EX4 9QT",
}
DISTINCTIVE = [
    "Oyelaran-Whitfield",
    "Margarethe",
    "A07311598",
    "W4402917",
    "07911 384 226",
    "m.oyelaran.whitfield",
    "Larkspur Mews",
]


@dataclass(frozen=True)
class SecretBearingRun:
    """The run, the tokens its accounts used, and what the target logged while it ran."""

    result: CliRun
    tokens: dict[str, str]
    logged: list[dict]


@contextmanager
def secret_bearing_reference() -> Iterator[ReferenceServer]:
    """The reference with SECRET in every token and RESIDENT on record, while it serves."""
    tokens = {user: f"{SECRET}-{index}" for index, user in enumerate(USERS)}
    with ReferenceServer(tokens=tokens) as server:
        _plant_resident(server)
        yield server


def _plant_resident(server: ReferenceServer) -> None:
    officer = {"Authorization": f"Bearer {server.tokens['officer']}"}
    person = requests.post(
        f"{server.base_url}/api/v1/persons", json=RESIDENT, headers=officer, timeout=10
    )
    person.raise_for_status()
    case = requests.post(
        f"{server.base_url}/api/v1/cases",
        json={
            "reference": "EX-2026-000917",
            "offence": "Theft from a shop",
            "involvements": [{"person_id": person.json()["person_id"], "role": "suspect"}],
        },
        headers=officer,
        timeout=10,
    )
    case.raise_for_status()


def audit_entries(server: ReferenceServer, after: int = 0) -> list[dict]:
    """The reference's audit log after entry `after`, read to its end as its auditor."""
    auditor = {"Authorization": f"Bearer {server.tokens['auditor']}"}
    entries: list[dict] = []
    cursor: int | None = after
    while cursor is not None:
        page = requests.get(
            f"{server.base_url}/api/v1/audit",
            params={"after": cursor, "limit": 500},
            headers=auditor,
            timeout=10,
        ).json()
        entries += page["items"]
        cursor = page["next_after"]
    return entries
