"""FW-09 and FW-14 on the reference RMS over a real socket: exports fill in, and disclosures
send, only the fields approved for each recipient; each fault widens exactly one channel."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from firewall_conformance.reference.server import ReferenceServer

TIMEOUT = 10
STATUS = {"nationality", "immigration_status", "passport_number", "home_office_reference"}
CPS_FIELDS = {"given_name", "family_name", "date_of_birth", "nationality", "phone", "email"}
CPS_FIELDS |= {"address"}
IE_FIELDS = {"given_name", "family_name", "date_of_birth", "nationality", "passport_number"}
IE_FIELDS |= {"home_office_reference"}


class Rms:
    def __init__(self, server: ReferenceServer) -> None:
        self.server = server
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {server.tokens['officer']}"

    def post(self, path: str, body: dict[str, Any]) -> requests.Response:
        return self.session.post(self.server.base_url + path, json=body, timeout=TIMEOUT)

    def plant_case(self) -> dict[str, str]:
        ids = {}
        for role in ("victim", "witness", "suspect"):
            person = {
                "given_name": "Test",
                "date_of_birth": "1990-01-01",
                "family_name": f"Canary{uuid.uuid4().hex[:8]}",
                "nationality": "Zembian",
                "immigration_status": "no leave",
                "passport_number": f"ZZ{uuid.uuid4().int % 10**7:07d}",
                "home_office_reference": "X0000001",
                "phone": "07700 900123",
                "email": "test@example.org",
                "address": "1 Test Road",
            }
            ids[role] = self.post("/api/v1/persons", person).json()["person_id"]
        case = {
            "reference": f"T/{uuid.uuid4().hex[:6]}",
            "offence": "Harassment",
            "involvements": [{"person_id": p, "role": r} for r, p in ids.items()],
        }
        assert self.post("/api/v1/cases", case).status_code == 201
        return ids

    def export(self, recipient: str, fmt: str) -> list[dict[str, str]]:
        body = {"recipient_id": recipient, "format": fmt, "purpose": "prosecution"}
        made = self.post("/api/v1/exports", {**body, "legal_basis": "DPA 2018 s.35"})
        assert made.status_code == 201, made.text
        text = self.session.get(
            self.server.base_url + made.json()["file_path"], timeout=TIMEOUT
        ).text
        if fmt == "csv":
            return list(csv.DictReader(io.StringIO(text)))
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def disclose(self, recipient: str, person_id: str) -> dict[str, Any]:
        body = {"person_ids": [person_id], "recipient_id": recipient, "purpose": "prosecution"}
        response = self.post("/api/v1/disclosures", {**body, "legal_basis": "DPA 2018 s.35"})
        assert response.status_code == 201, response.text
        return response.json()["persons"][0]


def filled(record: dict[str, Any]) -> set[str]:
    return {k for k, v in record.items() if v not in (None, "")}


@pytest.fixture(scope="module")
def clean() -> Iterator[tuple[Rms, dict[str, str]]]:
    with ReferenceServer() as server:
        rms = Rms(server)
        yield rms, rms.plant_case()


@pytest.mark.parametrize("fmt", ["csv", "ndjson"])
def test_prosecution_export_fills_in_only_approved_status_fields(clean, fmt: str) -> None:
    rms, ids = clean
    rows = rms.export("cps", fmt)
    assert {r["person_id"] for r in rows} >= set(ids.values())
    for row in rows:
        assert filled(row) & STATUS <= {"nationality"}, row
    victim = next(r for r in rows if r["person_id"] == ids["victim"])
    assert victim["nationality"] == "Zembian"


def test_immigration_export_carries_identity_of_suspects_only(clean) -> None:
    rms, ids = clean
    rows = rms.export("hoie", "ndjson")
    suspect = next(r for r in rows if r["person_id"] == ids["suspect"])
    assert filled(suspect) & STATUS == {"nationality", "passport_number", "home_office_reference"}
    assert not filled(suspect) & {"phone", "email", "address", "immigration_status"}


def test_disclosures_carry_exactly_the_approved_fields(clean) -> None:
    rms, ids = clean
    to_cps = rms.disclose("cps", ids["victim"])
    assert filled(to_cps) == CPS_FIELDS | {"person_id", "roles"}
    to_ie = rms.disclose("hoie", ids["suspect"])
    assert filled(to_ie) == IE_FIELDS | {"person_id", "roles"}


def test_fw09_fault_widens_the_prosecution_export_only() -> None:
    with ReferenceServer(faults=["FW-09"]) as server:
        rms = Rms(server)
        ids = rms.plant_case()
        victim = next(r for r in rms.export("cps", "csv") if r["person_id"] == ids["victim"])
        assert {"passport_number", "immigration_status"} <= filled(victim)
        assert filled(rms.disclose("cps", ids["victim"])) == CPS_FIELDS | {"person_id", "roles"}


def test_fw14_fault_sends_the_whole_record_in_disclosures_only() -> None:
    with ReferenceServer(faults=["FW-14"]) as server:
        rms = Rms(server)
        ids = rms.plant_case()
        assert filled(rms.disclose("cps", ids["victim"])) >= STATUS
        victim = next(r for r in rms.export("cps", "csv") if r["person_id"] == ids["victim"])
        assert filled(victim) & STATUS == {"nationality"}
