"""The Exampleshire reference RMS, exercised over real HTTP on a real socket."""

import concurrent.futures
import csv
import hashlib
import io
import json
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from firewall_conformance import __version__
from firewall_conformance.obligations.catalogue import load_catalogue
from firewall_conformance.recipients.sink import RecipientSink
from firewall_conformance.reference.app import create_app
from firewall_conformance.reference.faults import FAULTS, obligation_of
from firewall_conformance.reference.server import ReferenceServer
from firewall_conformance.reference.statistics import HISTORY_DETAIL

TIMEOUT = 10
EXPORT_COLUMNS = [
    "export_id",
    "case_reference",
    "case_id",
    "offence",
    "role",
    "person_id",
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
]


class Api:
    """A thin HTTP client acting as one of the server's users."""

    def __init__(self, server: ReferenceServer) -> None:
        self.server = server
        self.session = requests.Session()

    def call(self, method: str, path: str, user: str | None = "officer", **kwargs: Any):
        headers = {} if user is None else {"Authorization": f"Bearer {self.server.tokens[user]}"}
        if method == "GET" and path.startswith("/api/v1/persons"):
            # Every look-up of a person record needs a reason (FW-05; test_record_access.py).
            kwargs["params"] = {"reason": "reference self-test", **kwargs.get("params", {})}
        return self.session.request(
            method, self.server.base_url + path, headers=headers, timeout=TIMEOUT, **kwargs
        )

    def ok(self, method: str, path: str, user: str = "officer", status: int = 200, **kwargs):
        response = self.call(method, path, user, **kwargs)
        assert response.status_code == status, response.text
        return response.json() if response.content else None

    def plant(self, **fields: str) -> tuple[str, str]:
        """Create a person with a unique family name; return (person_id, family_name)."""
        family = fields.pop("family_name", f"Canary{uuid.uuid4().hex[:10]}")
        body = {"family_name": family, "given_name": "Test", **fields}
        return self.ok("POST", "/api/v1/persons", json=body, status=201)["person_id"], family

    def case(self, *involvements: tuple[str, str]) -> str:
        body = {
            "reference": f"TEST/{uuid.uuid4().hex[:8]}",
            "offence": "Harassment",
            "narrative": None,
            "involvements": [{"person_id": p, "role": r} for p, r in involvements],
        }
        return self.ok("POST", "/api/v1/cases", json=body, status=201)["case_id"]

    def audit(self) -> list[dict[str, Any]]:
        entries, after = [], 0
        while after is not None:
            page = self.ok("GET", "/api/v1/audit", "auditor", params={"after": after, "limit": 500})
            entries += page["items"]
            after = page["next_after"]
        return entries

    def export(self, recipient_id: str, fmt: str = "ndjson", **overrides: str) -> dict[str, Any]:
        body = {
            "recipient_id": recipient_id,
            "format": fmt,
            "purpose": "prosecution",
            "legal_basis": "DPA 2018 s.35",
            **overrides,
        }
        return self.ok("POST", "/api/v1/exports", json=body, status=201)

    def export_rows(self, export: dict[str, Any]) -> list[dict[str, Any]]:
        response = self.call("GET", export["file_path"])
        assert response.status_code == 200, response.text
        if export["format"] == "csv":
            return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
        return [json.loads(line) for line in response.text.splitlines()]

    def disclose(self, recipient_id: str, *person_ids: str):
        body = {
            "person_ids": list(person_ids),
            "recipient_id": recipient_id,
            "purpose": "prosecution",
            "legal_basis": "DPA 2018 s.35",
        }
        return self.call("POST", "/api/v1/disclosures", json=body)

    def status_check(self, person_id: str, purpose: str):
        body = {"person_id": person_id, "purpose": purpose}
        return self.call("POST", "/api/v1/status-checks", json=body)

    def feed_to(self, recipient_id: str, url: str, purpose: str = "prosecution"):
        body = {"url": url, "purpose": purpose, "legal_basis": "DPA 2018 s.35"}
        return self.call("PUT", f"/api/v1/recipients/{recipient_id}/outbound", json=body)

    def stop_feed(self, recipient_id: str):
        return self.call("DELETE", f"/api/v1/recipients/{recipient_id}/outbound")

    def push(self) -> list[dict[str, Any]]:
        return self.ok("POST", "/api/v1/outbound/pushes")["items"]


@pytest.fixture(scope="module")
def server():
    with ReferenceServer() as running:
        yield running


@pytest.fixture(scope="module")
def api(server: ReferenceServer) -> Api:
    return Api(server)


@pytest.fixture(scope="module")
def cast(api: Api) -> dict[str, str]:
    """Planted persons: a victim, a witness, a pure suspect, and a suspect-and-victim."""
    victim, _ = api.plant(nationality="Zembian", passport_number="ZZ0000001")
    witness, _ = api.plant(phone="07700 900999")
    suspect, _ = api.plant()
    dual, _ = api.plant()
    api.case((victim, "victim"), (witness, "witness"), (suspect, "suspect"), (dual, "suspect"))
    api.case((dual, "victim"))
    return {"victim": victim, "witness": witness, "suspect": suspect, "dual": dual}


def last_entry(entries: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    found = [e for e in entries if all(e[k] == v for k, v in match.items())]
    assert found, f"no audit entry matching {match}"
    return found[-1]


def recompute_hash(entry: dict[str, Any]) -> str:
    unhashed = {k: v for k, v in entry.items() if k != "hash"}
    canonical = json.dumps(unhashed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def chain_is_intact(entries: list[dict[str, Any]]) -> bool:
    prev = "0" * 64
    for seq, entry in enumerate(entries, start=1):
        if entry["seq"] != seq or entry["prev_hash"] != prev:
            return False
        if recompute_hash(entry) != entry["hash"]:
            return False
        prev = entry["hash"]
    return True


# --- service, contract and authentication ---------------------------------------------


def test_health_needs_no_token(api: Api) -> None:
    assert api.ok("GET", "/api/v1/health", user=None) == {
        "status": "ok",
        "system": "Exampleshire Constabulary RMS",
        "version": __version__,
    }


def test_openapi_lists_every_path(api: Api) -> None:
    spec = api.call("GET", "/openapi.json", user=None).json()
    assert set(spec["paths"]) == {
        "/api/v1/health",
        "/api/v1/persons",
        "/api/v1/persons/{person_id}",
        "/api/v1/cases",
        "/api/v1/cases/{case_id}",
        "/api/v1/recipients",
        "/api/v1/recipients/{recipient_id}/outbound",
        "/api/v1/outbound/pushes",
        "/api/v1/disclosures",
        "/api/v1/status-checks",
        "/api/v1/exports",
        "/api/v1/exports/{export_id}/file",
        "/api/v1/audit",
        "/api/v1/cases/{case_id}/involvements",
        "/api/v1/cases/{case_id}/material",
        "/api/v1/cases/{case_id}/role-changes",
        "/api/v1/cases/{case_id}/files",
        "/api/v1/cases/{case_id}/closure",
        "/api/v1/retention/schedule",
        "/api/v1/retention/reviews",
        "/api/v1/statistics/releases",
        "/api/v1/cases/{case_id}/tasks",
        "/api/v1/mail",
        "/api/v1/biometrics",
        "/api/v1/referrals",
        "/api/v1/crime-reports",
        "/api/v1/victim-services/referrals",
        "/api/v1/cases/{case_id}/persons/{person_id}/actions",
        "/api/v1/immigration-referrals",
        "/api/v1/signposting",
        "/api/v1/recipients/{recipient_id}",
        "/api/v1/recipients/{recipient_id}/approval",
        "/api/v1/recipients/{recipient_id}/certification",
        "/api/v1/persons/{person_id}/disclosure-bases",
        "/api/v1/exceptional-disclosures",
        "/api/v1/persons/{person_id}/subject-access",
        "/api/v1/persons/{person_id}/access-restrictions",
        "/api/v1/persons/{person_id}/notices",
    }
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    disclosures = spec["paths"]["/api/v1/disclosures"]["post"]["responses"]
    assert {"201", "401", "403", "422"} <= set(disclosures)
    assert "AuditEntry" in spec["components"]["schemas"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/persons?name=a"),
        ("GET", "/api/v1/recipients"),
        ("GET", "/api/v1/audit"),
        ("POST", "/api/v1/exports"),
        ("POST", "/api/v1/outbound/pushes"),
    ],
)
def test_missing_or_unknown_token_is_401(api: Api, method: str, path: str) -> None:
    url = api.server.base_url + path
    assert requests.request(method, url, timeout=TIMEOUT).status_code == 401
    bad = {"Authorization": "Bearer not-a-token"}
    response = requests.request(method, url, headers=bad, timeout=TIMEOUT)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("user", "method", "path"),
    [
        ("analyst", "POST", "/api/v1/persons"),
        ("ie-officer", "POST", "/api/v1/exports"),
        ("auditor", "POST", "/api/v1/disclosures"),
        ("officer", "GET", "/api/v1/audit"),
        ("ie-officer", "GET", "/api/v1/audit"),
        ("analyst", "PUT", "/api/v1/recipients/hoie/outbound"),
        ("ie-officer", "DELETE", "/api/v1/recipients/hoie/outbound"),
        ("auditor", "POST", "/api/v1/outbound/pushes"),
    ],
)
def test_wrong_role_is_403(api: Api, user: str, method: str, path: str) -> None:
    response = api.call(method, path, user, json={})
    assert response.status_code == 403
    assert isinstance(response.json()["detail"], str)


def test_recipient_register(api: Api) -> None:
    items = api.ok("GET", "/api/v1/recipients", "analyst")["items"]
    assert {(r["recipient_id"], r["recipient_class"]) for r in items} == {
        ("hoie", "immigration-enforcement"),
        ("cps", "prosecution"),
        ("mash", "safeguarding"),
        ("ons", "statistics"),
        ("excc", "local-authority"),
    }


# --- persons and cases ----------------------------------------------------------------


def test_person_round_trip_and_creation_is_audited(api: Api) -> None:
    fields = {
        "given_name": "Ysolde",
        "date_of_birth": "1991-02-28",
        "nationality": "Zembian",
        "immigration_status": "unknown",
        "passport_number": "ZZ1234567",
        "home_office_reference": "X7654321",
        "phone": "07700 900123",
        "email": "ysolde@example.org",
        "address": "1 Quarrow Lane, Exampleton",
    }
    person_id, family = api.plant(**fields)
    assert person_id.startswith("P-")
    record = api.ok("GET", f"/api/v1/persons/{person_id}")
    assert record == {**fields, "family_name": family, "person_id": person_id, "roles": []}
    entry = last_entry(api.audit(), action="person.created", object=person_id)
    assert (entry["actor"], entry["outcome"]) == ("officer", "allowed")


@pytest.mark.parametrize(
    "body",
    [
        {"given_name": "No family name"},
        {"family_name": ""},
        {"family_name": "X", "date_of_birth": "2020-02-30"},
        {"family_name": "X", "date_of_birth": "14/03/1987"},
        {"family_name": "X", "shoe_size": "9"},
    ],
)
def test_invalid_person_is_422(api: Api, body: dict[str, str]) -> None:
    assert api.call("POST", "/api/v1/persons", json=body).status_code == 422


def test_case_with_unknown_person_is_422(api: Api) -> None:
    person_id, _ = api.plant()
    body = {
        "reference": "TEST/1",
        "offence": "Robbery",
        "involvements": [
            {"person_id": person_id, "role": "victim"},
            {"person_id": "P-doesnotexist", "role": "suspect"},
        ],
    }
    response = api.call("POST", "/api/v1/cases", json=body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "involvements", 1, "person_id"]
    assert api.ok("GET", f"/api/v1/persons/{person_id}")["roles"] == []


def test_roles_are_held_per_case(api: Api, cast: dict[str, str]) -> None:
    roles = api.ok("GET", f"/api/v1/persons/{cast['dual']}")["roles"]
    assert sorted(r["role"] for r in roles) == ["suspect", "victim"]
    assert len({r["case_id"] for r in roles}) == 2


def test_erasing_cases_and_persons(api: Api) -> None:
    person_id, _ = api.plant()
    case_id = api.case((person_id, "witness"))
    api.ok("DELETE", f"/api/v1/cases/{case_id}", status=204)
    assert api.ok("GET", f"/api/v1/persons/{person_id}")["roles"] == []
    assert api.call("DELETE", f"/api/v1/cases/{case_id}").status_code == 404
    api.ok("DELETE", f"/api/v1/persons/{person_id}", status=204)
    assert api.call("GET", f"/api/v1/persons/{person_id}").status_code == 404
    assert api.call("DELETE", f"/api/v1/persons/{person_id}").status_code == 404
    entries = api.audit()
    assert last_entry(entries, action="case.erased")["object"] == case_id
    assert last_entry(entries, action="person.erased")["object"] == person_id


def test_erasing_a_person_removes_their_involvements(api: Api) -> None:
    victim, _ = api.plant()
    suspect, _ = api.plant()
    api.case((victim, "victim"), (suspect, "suspect"))
    api.ok("DELETE", f"/api/v1/persons/{victim}", status=204)
    rows = api.export_rows(api.export("cps"))
    assert victim not in {row["person_id"] for row in rows}
    assert suspect in {row["person_id"] for row in rows}


def test_search_is_case_insensitive_on_given_family_and_full_name(api: Api) -> None:
    person_id, family = api.plant(given_name="Orlavee")
    for text in (family.upper(), "orlavee", f"ORLAVEE {family.lower()}"):
        result = api.ok("GET", "/api/v1/persons", params={"name": text})
        assert [item["person_id"] for item in result["items"]] == [person_id], text
        assert set(result["items"][0]) == {
            "person_id",
            "given_name",
            "family_name",
            "date_of_birth",
            "roles",
        }
        assert result["total"] == 1
    assert api.ok("GET", "/api/v1/persons", params={"name": "Orlavee Nobody"})["total"] == 0
    for blank in ("", "   "):
        assert api.call("GET", "/api/v1/persons", params={"name": blank}).status_code == 422


def test_background_data_is_present(api: Api) -> None:
    rows = api.export_rows(api.export("cps", "csv"))
    cases = {row["case_id"] for row in rows}
    assert len(cases) >= 10
    assert len({row["person_id"] for row in rows}) >= 20


# --- FW-03: immigration-enforcement users -----------------------------------------------


def test_ie_search_withholds_victims_and_witnesses_and_logs_it(api: Api) -> None:
    family = f"Canary{uuid.uuid4().hex[:10]}"
    victim, _ = api.plant(family_name=family)
    witness, _ = api.plant(family_name=family)
    suspect, _ = api.plant(family_name=family)
    api.case((victim, "victim"), (witness, "witness"), (suspect, "suspect"))

    officer = api.ok("GET", "/api/v1/persons", params={"name": family})
    assert {item["person_id"] for item in officer["items"]} == {victim, witness, suspect}
    ie = api.ok("GET", "/api/v1/persons", "ie-officer", params={"name": family})
    assert [item["person_id"] for item in ie["items"]] == [suspect]
    assert ie["total"] == 1

    entries = api.audit()
    allowed = last_entry(entries, action="person.search", actor="ie-officer", outcome="allowed")
    assert "results=1" in allowed["detail"] and "withheld=2" in allowed["detail"]
    denied = last_entry(entries, action="person.search", actor="ie-officer", outcome="denied")
    assert set(denied["object"].split(",")) == {victim, witness}
    assert "withheld=2" in denied["detail"]


def test_ie_cannot_open_a_victim_by_id_and_the_denial_is_logged(
    api: Api, cast: dict[str, str]
) -> None:
    # Before: 403 "this record is firewalled from immigration enforcement" against 404 for a
    # number no one holds, which told the officer a victim or witness was on record.
    for who in ("victim", "witness", "dual"):
        response = api.call("GET", f"/api/v1/persons/{cast[who]}", "ie-officer")
        unheld = api.call("GET", "/api/v1/persons/P-0000000000000000", "ie-officer")
        assert response.status_code == unheld.status_code == 404, who
        assert response.json()["detail"].replace(cast[who], "?") == unheld.json()["detail"].replace(
            "P-0000000000000000", "?"
        )
    entry = last_entry(api.audit(), action="person.read", object=cast["dual"])
    assert (entry["actor"], entry["outcome"]) == ("ie-officer", "denied")

    assert api.ok("GET", f"/api/v1/persons/{cast['suspect']}", "ie-officer")["person_id"]
    assert api.ok("GET", f"/api/v1/persons/{cast['victim']}", "analyst")["person_id"]
    entry = last_entry(api.audit(), action="person.read", object=cast["victim"])
    assert (entry["actor"], entry["outcome"]) == ("analyst", "allowed")
    assert api.call("GET", "/api/v1/persons/P-nope", "ie-officer").status_code == 404


# --- FW-01 / FW-04: disclosures -----------------------------------------------------------


def test_disclosure_to_prosecution_is_allowed_and_fully_audited(
    api: Api, cast: dict[str, str]
) -> None:
    response = api.disclose("cps", cast["victim"], cast["suspect"])
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["disclosure_id"].startswith("D-") and body["recipient_id"] == "cps"
    assert [p["person_id"] for p in body["persons"]] == [cast["victim"], cast["suspect"]]
    # FW-14: only the fields approved for the prosecution service (nationality, not passport)
    assert body["persons"][0]["nationality"] == "Zembian"
    assert body["persons"][0]["passport_number"] is None

    entry = last_entry(api.audit(), action="disclosure", actor="officer")
    assert entry["outcome"] == "allowed"
    assert entry["object"].split(",") == [body["disclosure_id"], cast["victim"], cast["suspect"]]
    assert (entry["recipient_id"], entry["recipient_class"]) == ("cps", "prosecution")
    assert (entry["purpose"], entry["legal_basis"]) == ("prosecution", "DPA 2018 s.35")


@pytest.mark.parametrize("who", ["victim", "witness", "dual"])
def test_disclosure_of_a_victim_or_witness_to_ie_is_refused_and_logged(
    api: Api, cast: dict[str, str], who: str
) -> None:
    response = api.disclose("hoie", cast["suspect"], cast[who])
    assert response.status_code == 403
    assert cast[who] not in response.text
    entry = last_entry(api.audit(), action="disclosure", recipient_id="hoie")
    assert entry["outcome"] == "refused"
    assert entry["object"].split(",") == [cast["suspect"], cast[who]]
    assert entry["recipient_class"] == "immigration-enforcement"
    assert entry["legal_basis"] == "DPA 2018 s.35"


def test_disclosure_of_a_suspect_to_ie_is_allowed(api: Api, cast: dict[str, str]) -> None:
    assert api.disclose("hoie", cast["suspect"]).status_code == 201
    entry = last_entry(api.audit(), action="disclosure", recipient_id="hoie")
    assert entry["outcome"] == "allowed"


def test_disclosure_with_unknown_ids_is_422(api: Api, cast: dict[str, str]) -> None:
    assert api.disclose("nobody", cast["suspect"]).status_code == 422
    assert api.disclose("cps", "P-unknown").status_code == 422
    assert api.disclose("cps").status_code == 422


# --- FW-02: status checks -----------------------------------------------------------------


def test_status_check_is_allowed_for_a_suspect(api: Api, cast: dict[str, str]) -> None:
    response = api.status_check(cast["dual"], "suspect-identification")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["check_id"].startswith("S-") and body["status"] == "submitted"
    entry = last_entry(api.audit(), action="status-check", outcome="allowed")
    assert entry["purpose"] == "suspect-identification"
    assert entry["object"].split(",") == [body["check_id"], cast["dual"]]
    assert entry["recipient_class"] == "immigration-enforcement"


@pytest.mark.parametrize("purpose", ["identity-verification", "deportation-liaison"])
@pytest.mark.parametrize("who", ["victim", "witness"])
def test_status_check_is_refused_for_a_victim_or_witness(
    api: Api, cast: dict[str, str], who: str, purpose: str
) -> None:
    assert api.status_check(cast[who], purpose).status_code == 403
    entry = last_entry(api.audit(), action="status-check")
    assert (entry["outcome"], entry["object"], entry["purpose"]) == ("refused", cast[who], purpose)


def test_status_check_validation(api: Api, cast: dict[str, str]) -> None:
    assert api.status_check(cast["suspect"], "curiosity").status_code == 422
    assert api.status_check("P-unknown", "suspect-identification").status_code == 422


# --- FW-01 / FW-04: bulk exports ------------------------------------------------------------


def test_csv_export_to_prosecution_has_every_involvement(api: Api, cast: dict[str, str]) -> None:
    export = api.export("cps", "csv")
    assert export["export_id"].startswith("E-")
    assert export["file_path"] == f"/api/v1/exports/{export['export_id']}/file"
    response = api.call("GET", export["file_path"])
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    reader = csv.reader(io.StringIO(response.content.decode("utf-8")))
    assert next(reader) == EXPORT_COLUMNS
    rows = api.export_rows(export)
    assert len(rows) == export["record_count"]
    assert {row["export_id"] for row in rows} == {export["export_id"]}
    victim_rows = [row for row in rows if row["person_id"] == cast["victim"]]
    # FW-09: the prosecution layout keeps every column but fills only the approved fields
    assert [(r["role"], r["nationality"], r["passport_number"]) for r in victim_rows] == [
        ("victim", "Zembian", "")
    ]
    dual_roles = sorted(row["role"] for row in rows if row["person_id"] == cast["dual"])
    assert dual_roles == ["suspect", "victim"]


def test_ndjson_export_to_ie_leaves_out_every_victim_and_witness(
    api: Api, cast: dict[str, str]
) -> None:
    export = api.export("hoie", "ndjson", purpose="immigration-control")
    response = api.call("GET", export["file_path"])
    assert response.headers["Content-Type"] == "application/x-ndjson"
    rows = api.export_rows(export)
    assert rows and len(rows) == export["record_count"]
    assert list(rows[0]) == EXPORT_COLUMNS
    exported = {row["person_id"] for row in rows}
    assert cast["suspect"] in exported
    assert not exported & {cast["victim"], cast["witness"], cast["dual"]}
    for person_id in exported:  # background persons too
        roles = api.ok("GET", f"/api/v1/persons/{person_id}")["roles"]
        assert not {r["role"] for r in roles} & {"victim", "witness"}, person_id


def test_exports_are_audited(api: Api) -> None:
    export = api.export("hoie", "csv", purpose="immigration-control", legal_basis="Sched 2")
    entry = last_entry(api.audit(), action="export")
    assert entry["object"].split(",")[0] == export["export_id"]
    assert entry["outcome"] == "allowed"
    assert (entry["recipient_id"], entry["recipient_class"]) == ("hoie", "immigration-enforcement")
    assert (entry["purpose"], entry["legal_basis"]) == ("immigration-control", "Sched 2")
    assert f"record_count={export['record_count']}" in entry["detail"]


def test_export_errors(api: Api) -> None:
    body = {"recipient_id": "nobody", "format": "csv", "purpose": "statistics", "legal_basis": "x"}
    assert api.call("POST", "/api/v1/exports", json=body).status_code == 422
    body = {**body, "recipient_id": "ons", "format": "xlsx"}
    assert api.call("POST", "/api/v1/exports", json=body).status_code == 422
    assert api.call("GET", "/api/v1/exports/E-nope/file").status_code == 404


# --- FW-01 / FW-04: outbound feeds --------------------------------------------------------------


def pushed_person_ids(sink: RecipientSink, recipient_class: str) -> set[str]:
    return {
        person["person_id"]
        for capture in sink.captures(recipient_class)
        for case in capture.document()["cases"]
        for person in case["persons"]
    }


@pytest.fixture
def recorder(api: Api) -> Iterator[RecipientSink]:
    """Recorders for the CPS and Home Office feeds, cleared again afterwards."""
    with RecipientSink(["prosecution", "immigration-enforcement"]) as sink:
        try:
            assert api.feed_to("cps", sink.url("prosecution")).status_code == 200
            assert (
                api.feed_to(
                    "hoie", sink.url("immigration-enforcement"), "immigration-control"
                ).status_code
                == 200
            )
            yield sink
        finally:
            api.stop_feed("cps")
            api.stop_feed("hoie")


def test_outbound_feed_to_ie_leaves_out_every_victim_and_witness(
    api: Api, cast: dict[str, str], recorder: RecipientSink
) -> None:
    pushes = api.push()
    assert {(p["recipient_id"], p["delivered"]) for p in pushes} == {("cps", True), ("hoie", True)}
    assert len(recorder.captures("prosecution")) == len(
        recorder.captures("immigration-enforcement")
    )
    assert set(cast.values()) <= pushed_person_ids(recorder, "prosecution")
    to_ie = pushed_person_ids(recorder, "immigration-enforcement")
    assert cast["suspect"] in to_ie
    assert not to_ie & {cast["victim"], cast["witness"], cast["dual"]}
    for person_id in to_ie:  # background persons too
        roles = api.ok("GET", f"/api/v1/persons/{person_id}")["roles"]
        assert not {r["role"] for r in roles} & {"victim", "witness"}, person_id
    [batch] = [c.document() for c in recorder.captures("immigration-enforcement")]
    assert batch["recipient_id"] == "hoie" and batch["purpose"] == "immigration-control"
    case = next(c for c in batch["cases"] if cast["suspect"] in str(c))
    assert set(case) == {"case_id", "case_reference", "offence", "persons"}


def test_every_push_and_endpoint_change_is_audited(
    api: Api, cast: dict[str, str], recorder: RecipientSink
) -> None:
    pushes = {p["recipient_id"]: p for p in api.push()}
    entries = api.audit()
    entry = last_entry(entries, action="outbound", recipient_id="hoie")
    assert (entry["actor"], entry["outcome"]) == ("officer", "allowed")
    assert entry["recipient_class"] == "immigration-enforcement"
    assert (entry["purpose"], entry["legal_basis"]) == ("immigration-control", "DPA 2018 s.35")
    ids = entry["object"].split(",")
    assert ids[0] == pushes["hoie"]["push_id"] and set(ids[1:]) == pushed_person_ids(
        recorder, "immigration-enforcement"
    )
    assert entry["detail"].startswith("delivered (HTTP 200)")
    assert f"record_count={pushes['hoie']['record_count']}" in entry["detail"]
    cps_entry = last_entry(entries, action="outbound", recipient_id="cps")
    assert cast["victim"] in cps_entry["object"].split(",")
    endpoint = last_entry(entries, action="outbound.endpoint-set", recipient_id="hoie")
    assert endpoint["detail"] == f"url={recorder.url('immigration-enforcement')}"
    assert api.stop_feed("hoie").status_code == 204
    assert last_entry(api.audit(), action="outbound.endpoint-cleared")["object"] == "hoie"
    assert [p["recipient_id"] for p in api.push()] == ["cps"]


def test_outbound_endpoint_validation(api: Api) -> None:
    assert api.feed_to("nobody", "http://127.0.0.1:9/x").status_code == 404
    assert api.stop_feed("nobody").status_code == 404
    assert api.stop_feed("ons").status_code == 204  # nothing to clear is not an error
    for url in ("ftp://127.0.0.1/x", "not a url", ""):
        assert api.feed_to("cps", url).status_code == 422, url
    assert api.feed_to("cps", "http://127.0.0.1:9/x", purpose="curiosity").status_code == 422


def test_without_endpoints_nothing_is_pushed(api: Api) -> None:
    assert api.push() == []


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_a_failed_or_silent_recipient_is_bounded_audited_and_harmless(silent_port: int) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    with ReferenceServer(outbound_timeout=0.5) as running:
        api = Api(running)
        api.feed_to("cps", f"http://127.0.0.1:{closed_port}/feed")
        api.feed_to("mash", f"http://127.0.0.1:{silent_port}/feed", purpose="safeguarding")
        started = time.monotonic()
        pushes = {p["recipient_id"]: p for p in api.push()}
        assert time.monotonic() - started < 5
        assert not pushes["cps"]["delivered"] and not pushes["mash"]["delivered"]
        assert pushes["cps"]["detail"] == "delivery failed: ConnectionError"
        assert pushes["mash"]["detail"] == "delivery failed: no answer within 0.5 s"
        entries = api.audit()
        for recipient_id, push in pushes.items():
            entry = last_entry(entries, action="outbound", recipient_id=recipient_id)
            assert entry["detail"].startswith(push["detail"])
        assert api.ok("GET", "/api/v1/health", user=None)["status"] == "ok"


def test_the_scheduler_is_off_by_default_and_pushes_on_its_own_when_on(server) -> None:
    assert server._scheduler is None
    with pytest.raises(ValueError, match="positive"):
        ReferenceServer(outbound_interval=0)
    with (
        RecipientSink(["prosecution"]) as sink,
        ReferenceServer(outbound_interval=0.2) as running,
    ):
        api = Api(running)
        api.feed_to("cps", sink.url("prosecution"))
        assert sink.wait_until(lambda s: len(s.captures("prosecution")) >= 2, 10)
        entry = last_entry(api.audit(), action="outbound")
        assert entry["actor"] == "outbound-scheduler" and entry["recipient_id"] == "cps"
    assert running._scheduler is None


# --- audit log --------------------------------------------------------------------------------


def test_audit_chain_recomputes_from_the_documented_rule(api: Api, cast: dict[str, str]) -> None:
    api.disclose("hoie", cast["victim"])
    api.call("GET", f"/api/v1/persons/{cast['victim']}", "ie-officer")
    entries = api.audit()
    assert len(entries) > 10
    assert chain_is_intact(entries)
    assert entries[0]["prev_hash"] == "0" * 64
    assert all(e["at"].endswith("Z") for e in entries)
    assert {e["outcome"] for e in entries} == {"allowed", "refused", "denied"}

    tampered = [dict(e) for e in entries]
    tampered[3]["recipient_id"] = "cps"
    assert not chain_is_intact(tampered)
    assert not chain_is_intact(entries[:3] + entries[4:])


def test_audit_pagination(api: Api) -> None:
    entries = api.audit()
    first = api.ok("GET", "/api/v1/audit", "auditor", params={"limit": 2})
    assert [e["seq"] for e in first["items"]] == [1, 2] and first["next_after"] == 2
    paged, after = [], 0
    while after is not None:
        page = api.ok("GET", "/api/v1/audit", "auditor", params={"after": after, "limit": 7})
        paged += page["items"]
        after = page["next_after"]
    assert paged[: len(entries)] == entries
    last = api.ok("GET", "/api/v1/audit", "auditor", params={"after": len(paged) - 1})
    assert len(last["items"]) == 1 and last["next_after"] is None
    for limit in (0, 501):
        assert api.call("GET", f"/api/v1/audit?limit={limit}", "auditor").status_code == 422


def test_audit_chain_never_forks_under_concurrent_requests(api: Api) -> None:
    def create(_: int) -> int:
        body = {"family_name": f"Concurrent{uuid.uuid4().hex[:6]}"}
        return api.call("POST", "/api/v1/persons", json=body).status_code

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        assert set(pool.map(create, range(24))) == {201}
    assert chain_is_intact(api.audit())


# --- construction and faults ----------------------------------------------------------------


def test_fault_catalogue_and_unknown_faults(tmp_path: Path) -> None:
    # one fault for every obligation in the catalogue, plus variants named after a slash
    assert {f for f in FAULTS if "/" not in f} == {o.id for o in load_catalogue().obligations}
    assert "FW-01/outbound" in FAULTS
    assert all(isinstance(text, str) and text for text in FAULTS.values())
    assert obligation_of("FW-01/outbound") == "FW-01" and obligation_of("FW-13") == "FW-13"
    with pytest.raises(ValueError, match="FW-99"):
        create_app(tmp_path / "rms.sqlite3", {"officer": "t"}, frozenset({"FW-99"}))
    with pytest.raises(ValueError, match="FW-99"):
        ReferenceServer(faults=["FW-99"])


def test_server_with_given_tokens_removes_its_temporary_database() -> None:
    tokens = {"officer": "officer-token", "auditor": "auditor-token"}
    with ReferenceServer(tokens=tokens) as running:
        assert running.tokens == tokens
        tempdir = Path(running._tempdir.name)
        assert (tempdir / "rms.sqlite3").exists()
        url = running.base_url + "/api/v1/recipients"
        auth = {"Authorization": "Bearer officer-token"}
        assert requests.get(url, headers=auth, timeout=TIMEOUT).status_code == 200
        auth = {"Authorization": "Bearer auditor-token"}
        url = running.base_url + "/api/v1/audit"
        assert requests.get(url, headers=auth, timeout=TIMEOUT).status_code == 200
    assert not tempdir.exists()


def observe(server: ReferenceServer) -> dict[str, Any]:
    """Every firewall behaviour a fault could change, observed over HTTP."""
    api = Api(server)
    victim, victim_family = api.plant()
    witness, _ = api.plant()
    suspect, _ = api.plant()
    api.case((victim, "victim"), (witness, "witness"), (suspect, "suspect"))

    def exported(recipient_id: str) -> set[str]:
        return {row["person_id"] for row in api.export_rows(api.export(recipient_id))}

    ie_export, cps_export = exported("hoie"), exported("cps")
    immigration_export = {
        "recipient_id": "cps",
        "format": "ndjson",
        "purpose": "immigration-control",
        "legal_basis": "Immigration Act 1971",
    }
    immigration_export_code = api.call("POST", "/api/v1/exports", json=immigration_export)
    disclosure_codes = {
        who: api.disclose("hoie", person_id).status_code
        for who, person_id in (("victim", victim), ("witness", witness), ("suspect", suspect))
    }
    cps_disclosure = api.disclose("cps", victim).status_code
    check_codes = {
        (who, purpose): api.status_check(person_id, purpose).status_code
        for who, person_id in (("victim", victim), ("witness", witness), ("suspect", suspect))
        for purpose in ("identity-verification", "deportation-liaison", "suspect-identification")
    }
    with RecipientSink(["immigration-enforcement"]) as sink:
        api.feed_to("hoie", sink.url("immigration-enforcement"), "immigration-control")
        api.push()
        ie_feed = pushed_person_ids(sink, "immigration-enforcement")
    searched = api.call("GET", "/api/v1/persons", "ie-officer", params={"name": victim_family})
    search = searched.json() if searched.status_code == 200 else {"total": None}
    ie_opens = {
        who: api.call("GET", f"/api/v1/persons/{person_id}", "ie-officer").status_code
        for who, person_id in (("victim", victim), ("suspect", suspect))
    }
    entries = api.audit()
    # the year of disclosures seeded for the statistics (FW-21) is not this observation's
    actions = [(e["action"], e["outcome"]) for e in entries if e["detail"] != HISTORY_DETAIL]
    return {
        "ie export: victim": victim in ie_export,
        "ie export: witness": witness in ie_export,
        "ie export: suspect": suspect in ie_export,
        "cps export: all three": {victim, witness, suspect} <= cps_export,
        "cps export for immigration control": immigration_export_code.status_code,
        "ie feed: victim": victim in ie_feed,
        "ie feed: witness": witness in ie_feed,
        "ie feed: suspect": suspect in ie_feed,
        "ie disclosure codes": disclosure_codes,
        "cps disclosure of victim": cps_disclosure,
        "status check: victim, identity-verification": check_codes.pop(
            ("victim", "identity-verification")
        ),
        "status check: witness, identity-verification": check_codes.pop(
            ("witness", "identity-verification")
        ),
        "status checks: other": check_codes,
        "ie search finds victim": search["total"],
        "ie search answer": searched.status_code,
        "ie opens victim": ie_opens["victim"],
        "ie opens suspect": ie_opens["suspect"],
        "exports audited": actions.count(("export", "allowed")),
        "refused exports audited": actions.count(("export", "refused")),
        "pushes audited": actions.count(("outbound", "allowed")),
        "disclosures audited": actions.count(("disclosure", "allowed")),
        "refused disclosures audited": actions.count(("disclosure", "refused")),
        "refused status checks audited": actions.count(("status-check", "refused")),
        "denied reads audited": actions.count(("person.read", "denied")),
        "audit chain intact": chain_is_intact(entries),
    }


@pytest.fixture(scope="module")
def compliant_behaviour() -> dict[str, Any]:
    with ReferenceServer() as running:
        return observe(running)


def test_compliant_behaviour_is_what_the_firewall_demands(
    compliant_behaviour: dict[str, Any],
) -> None:
    assert compliant_behaviour == {
        "ie export: victim": False,
        "ie export: witness": False,
        "ie export: suspect": True,
        "cps export: all three": True,
        "cps export for immigration control": 403,
        "ie feed: victim": False,
        "ie feed: witness": False,
        "ie feed: suspect": True,
        "ie disclosure codes": {"victim": 403, "witness": 403, "suspect": 201},
        "cps disclosure of victim": 201,
        "status check: victim, identity-verification": 403,
        "status check: witness, identity-verification": 403,
        "status checks: other": {
            ("victim", "deportation-liaison"): 403,
            ("victim", "suspect-identification"): 403,
            ("witness", "deportation-liaison"): 403,
            ("witness", "suspect-identification"): 403,
            ("suspect", "identity-verification"): 201,
            ("suspect", "deportation-liaison"): 201,
            ("suspect", "suspect-identification"): 201,
        },
        "ie search finds victim": 0,
        "ie search answer": 200,
        "ie opens victim": 404,
        "ie opens suspect": 200,
        "exports audited": 2,
        "refused exports audited": 1,
        "pushes audited": 1,
        "disclosures audited": 2,
        "refused disclosures audited": 2,
        "refused status checks audited": 6,
        "denied reads audited": 1,
        "audit chain intact": True,
    }


@pytest.mark.parametrize(
    ("fault", "changed"),
    [
        ("FW-01", {"ie export: witness": True}),
        (
            "FW-02",
            {
                "status check: victim, identity-verification": 201,
                "status check: witness, identity-verification": 201,
                "refused status checks audited": 4,
            },
        ),
        ("FW-03", {"ie opens victim": 200, "denied reads audited": 0}),
        # The record is still withheld, but refused as firewalled where unknown ones are not found.
        ("FW-03/opening", {"ie opens victim": 403}),
        # The search still shows nobody protected, but refuses where it withheld someone.
        ("FW-03/existence", {"ie search finds victim": None, "ie search answer": 403}),
        ("FW-04", {"exports audited": 0}),
        (
            "FW-08",
            {
                "cps export for immigration control": 201,
                "exports audited": 3,
                "refused exports audited": 0,
            },
        ),
        ("FW-01/outbound", {"ie feed: victim": True, "ie feed: witness": True}),
    ],
)
def test_each_fault_changes_exactly_its_own_behaviour(
    compliant_behaviour: dict[str, Any], fault: str, changed: dict[str, Any]
) -> None:
    with ReferenceServer(faults=[fault]) as running:
        assert running.faults == {fault}
        assert observe(running) == {**compliant_behaviour, **changed}
