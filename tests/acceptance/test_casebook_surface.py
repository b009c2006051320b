"""The casebook dialect of the reference system on a real TLS socket (issue 14, item 5): every
point in which it differs from api-v1, seen from a plain HTTP client."""

from __future__ import annotations

import re
import time

import pytest
import requests

from firewall_conformance.reference.casebook.accounts import AUDIT_CLIENT_ID
from firewall_conformance.reference.server import ReferenceServer

LIFETIME = 1.5


@pytest.fixture(scope="module")
def casebook():
    with ReferenceServer(
        dialect="casebook", session_lifetime=LIFETIME, token_lifetime=LIFETIME
    ) as server:
        yield server


def _client(server: ReferenceServer, holder: str | None = "officer") -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    session.verify = str(server.tls.ca)
    if holder is not None:
        session.cert = tuple(str(p) for p in server.tls.client(holder))
    return session


def _sign_in(server: ReferenceServer, session: requests.Session, user: str = "officer") -> None:
    page = session.get(server.base_url + "/cb/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    password = server.casebook_secrets.passwords[user]
    form = {"csrf_token": token, "username": user, "password": password}
    assert session.post(server.base_url + "/cb/login", data=form).status_code == 200


def test_the_port_refuses_a_connection_without_a_client_certificate(casebook):
    """Before: the reference had no such port (ReferenceServer took no dialect)."""
    with pytest.raises(requests.exceptions.ConnectionError):
        _client(casebook, None).get(casebook.base_url + "/cb/health")
    assert _client(casebook).get(casebook.base_url + "/cb/health").status_code == 200


def test_people_sign_in_with_the_forms_csrf_token_and_a_session_that_expires(casebook):
    client = _client(casebook)
    assert client.get(casebook.base_url + "/cb/agencies").status_code == 401
    page = client.get(casebook.base_url + "/cb/login")
    password = casebook.casebook_secrets.passwords["officer"]
    forged = {"csrf_token": "forged", "username": "officer", "password": password}
    assert client.post(casebook.base_url + "/cb/login", data=forged).status_code == 403
    assert page.status_code == 200
    _sign_in(casebook, client)
    assert client.get(casebook.base_url + "/cb/agencies").status_code == 200
    time.sleep(LIFETIME + 0.2)
    assert client.get(casebook.base_url + "/cb/agencies").status_code == 401


def test_the_auditor_gets_expiring_oauth_tokens_for_the_paged_nested_log(casebook):
    client = _client(casebook, "auditor")
    secret = casebook.casebook_secrets.client_secrets[AUDIT_CLIENT_ID]
    url = casebook.base_url + "/cb/oauth/token"
    grant = {"grant_type": "client_credentials"}
    assert client.post(url, data=grant, auth=(AUDIT_CLIENT_ID, "wrong")).status_code == 401
    token = client.post(url, data=grant, auth=(AUDIT_CLIENT_ID, secret)).json()["access_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    page = client.get(casebook.base_url + "/cb/audit?page=2&per_page=2", headers=bearer).json()
    assert page["page"] == 2 and page["total_pages"] >= 2
    entry = page["entries"][0]
    assert isinstance(entry["event"]["ok"], bool) and "user" in entry["who"]
    assert entry["prev"] != "0" * 64  # the second page chains on from the first
    time.sleep(LIFETIME + 0.2)
    assert client.get(casebook.base_url + "/cb/audit", headers=bearer).status_code == 401


def test_persons_join_a_matter_by_a_second_call_and_cannot_be_deleted(casebook):
    client = _client(casebook)
    _sign_in(casebook, client)
    base = casebook.base_url
    person = client.post(
        base + "/cb/people",
        json={"given_name": "Ada", "family_name": "Quill", "date_of_birth": "1990-02-03"},
    ).json()["person_id"]
    matter = client.post(base + "/cb/matters", json={"reference": "R-1", "offence": "Theft"})
    case_id = matter.json()["case_id"]
    joined = client.post(
        base + f"/cb/matters/{case_id}/people", json={"person_id": person, "role": "witness"}
    )
    assert joined.status_code == 201
    found = client.get(
        base + "/cb/people", params={"field": "family_name", "value": "Quill", "reason": "R-1"}
    ).json()["matches"]
    assert person in [m["person_id"] for m in found]
    by_name = client.get(base + "/cb/people", params={"field": "name", "value": "Ada Quill"})
    assert by_name.status_code == 422
    assert client.delete(base + f"/cb/people/{person}").status_code == 405
    assert client.delete(base + f"/cb/matters/{case_id}").status_code in (200, 204)


def test_exports_answer_with_the_csv_itself(casebook):
    client = _client(casebook)
    _sign_in(casebook, client)
    body = {"recipient_id": "cps", "format": "csv", "purpose": "prosecution",
            "legal_basis": "Data Protection Act 2018 s.35(2)(b)"}  # fmt: skip
    answer = client.post(casebook.base_url + "/cb/exports", json=body)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert answer.text.startswith("export_id,")
    assert answer.headers["X-Export-Id"] in answer.text  # the file names the export too


def test_only_the_casebooks_own_operations_are_reachable_or_listed(casebook):
    client = _client(casebook)
    _sign_in(casebook, client)
    assert client.get(casebook.base_url + "/api/v1/health").status_code == 404
    assert client.get(casebook.base_url + "/openapi.json").status_code == 404
    paths = client.get(casebook.base_url + "/cb/openapi.json").json()["paths"]
    assert paths and all(path.startswith("/cb/") for path in paths)
