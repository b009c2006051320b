"""`init --openapi` writes paging, exports answered with data, and each account's login from
the document (openapi_paging.py, openapi_auth.py); once its TODOs are settled, the profile is
one `check` accepts (schema, names and formats: what `check --no-probe` loads)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from firewall_conformance.targets.openapi_init import skeleton
from firewall_conformance.targets.profile import load_profile
from firewall_conformance.targets.profile_names import todo_markers

_ENV = re.compile(r"^TODO_[A-Z0-9_]+$")
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
SCHEMES = {
    "bearer": ({"type": "http", "scheme": "bearer"}, "token_env"),
    "api key": ({"type": "apiKey", "in": "header", "name": "X-Api-Key"}, "api_key"),
    "basic": ({"type": "http", "scheme": "basic"}, "basic"),
    "client credentials": (
        {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "/oauth/token"}}},
        "oauth2",
    ),
    "password grant": (
        {"type": "oauth2", "flows": {"password": {"tokenUrl": "https://sso.example/token"}}},
        "oauth2",
    ),
    "cannot tell": ({"type": "openIdConnect", "openIdConnectUrl": "/.well-known"}, "login"),
}


def _answer(properties: dict[str, Any]) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties}
    return {"200": {"content": {"application/json": {"schema": schema}}}}


def _parameters(*names: str) -> list[dict[str, Any]]:
    return [{"name": n, "in": "query", "schema": {"type": "string"}} for n in names]


def _document(scheme: dict[str, Any]) -> dict[str, Any]:
    person = {"type": "object", "properties": {"id": {"type": "string"}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Records", "version": "1"},
        "servers": [{"url": "https://rms.test.example"}],
        "components": {"securitySchemes": {"main": scheme}},
        "paths": {
            "/persons": {
                "get": {
                    "parameters": _parameters("name", "reason", "page", "per_page"),
                    "responses": _answer(
                        {"results": {"type": "array", "items": person}, "pages": {}}
                    ),
                }
            },
            "/audit": {
                "get": {
                    "parameters": _parameters("offset", "limit"),
                    "responses": _answer({"entries": {"type": "array"}, "total": {}}),
                }
            },
            "/exports": {
                "post": {
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"recipient_id": {}, "format": {}},
                                }
                            }
                        }
                    },
                    "responses": {"200": {"content": {"text/csv": {"schema": {"type": "string"}}}}},
                }
            },
        },
    }


def _settle(document: dict[str, Any]) -> None:
    """What a user does with each TODO, scripted: an environment variable name without its
    marker, a value where the profile needs one, an approved-fields list removed; of the
    capabilities, only those the document gave (search, audit log, export) are kept, with
    what only the system's own log and codes can say filled in."""
    filled = {
        "name": "Records",
        "id": "rcp",
        "purpose": "crime-prevention",
        "legal_basis": "a basis",
        "client_id": "harness",
        "username": "fwc",
        "path": "/login",
    }
    capabilities = document["capabilities"]
    document["capabilities"] = {k: capabilities[k] for k in ("search", "audit-log", "export")}
    audit, export = document["capabilities"]["audit-log"], document["capabilities"]["export"]
    audit["fields"] = {k: k for k in ("actor", "time", "action", "outcome", "recipient",
                                      "purpose", "legal_basis", "object")}  # fmt: skip
    audit["actions"] = {"disclose": ["disclosure"], "export": ["export"]}
    audit["refused_outcomes"] = ["refused"]
    export["purposes"] = {"prosecution": "p"}
    for path in todo_markers(document):
        steps = [int(i) if i else k for k, i in _STEP.findall(path)]
        if isinstance(steps[-1], int):  # a list settles whole
            steps = steps[:-1]
        parent: Any = document
        for step in steps[:-1]:
            parent = parent[step]
        key, value = steps[-1], parent[steps[-1]]
        if isinstance(value, str) and _ENV.match(value):
            parent[key] = value.removeprefix("TODO_")
        elif key in filled:
            parent[key] = filled[key]
        else:
            parent.pop(key)


@pytest.mark.parametrize("kind", SCHEMES)
def test_init_writes_paging_data_exports_and_logins_that_check_accepts_once_settled(tmp_path, kind):
    scheme, method = SCHEMES[kind]
    written = yaml.safe_load(skeleton(_document(scheme), "openapi.json"))
    capabilities = written["capabilities"]
    assert capabilities["search"]["pages"] == {"style": "page-number"}
    assert capabilities["search"]["query"]["page"] == "{page}"
    assert capabilities["search"]["returns"]["total_pages"] == "pages"
    assert capabilities["audit-log"]["pages"] == {"style": "offset"}
    assert capabilities["audit-log"]["returns"]["total"] == "total"
    assert "first_cursor" not in capabilities["audit-log"]
    assert capabilities["export"]["answer"] == "data"
    assert capabilities["export"]["formats"] == ["csv"]
    assert "download" not in capabilities["export"]
    investigator = written["accounts"]["investigator"]
    assert method in (investigator if method == "token_env" else investigator["auth"])
    assert all("TODO" in str(s) for s in _secrets(investigator))
    _settle(written)
    assert not todo_markers(written)
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(written), encoding="utf-8")
    profile = load_profile(path)
    assert profile.capabilities["search"]["pages"] == {"style": "page-number"}


def _secrets(entry: Any) -> list[Any]:
    """Every place a secret is read from, in an account's entry."""
    if isinstance(entry, dict):
        found = [v for k, v in entry.items() if k in ("env", "token_env")]
        return found + [s for v in entry.values() for s in _secrets(v)]
    return []


def test_a_password_grant_keeps_its_token_url_and_asks_for_the_user_name():
    scheme, _ = SCHEMES["password grant"]
    oauth = yaml.safe_load(skeleton(_document(scheme), "openapi.json"))["accounts"]["auditor"]
    declared = oauth["auth"]["oauth2"]
    assert declared["grant"] == "password"
    assert declared["token_endpoint"] == "https://sso.example/token"
    assert declared["password"] == {"env": "TODO_FWC_PASSWORD_AUDITOR"}
    assert declared["username"].startswith("TODO")


def test_the_documents_words_in_a_comment_cannot_start_a_line_of_yaml_or_reach_a_terminal():
    # Before: a security scheme named with line breaks wrote a second `target:` under the
    # comment above `accounts`, and PyYAML kept the last: the inspector read the first address,
    # the run went to the document's. An escape sequence in it reached the terminal as well.
    document = _document({"type": "http", "scheme": "bearer"})
    name = "main\ntarget:\n  base_url: https://evil.invalid\n#\x1b[2J\u2028x"
    document["components"]["securitySchemes"] = {name: {"type": "http", "scheme": "bearer"}}
    document["paths"]["/persons\n#"] = document["paths"].pop("/persons")
    text = skeleton(document, "openapi.json")
    assert "\x1b" not in text and "\u2028" not in text
    assert [line for line in text.splitlines() if line.startswith("target:")] == ["target:"]
    assert "\\x1b[2J" in text and "evil.invalid" in text  # shown, in a comment
    assert yaml.safe_load(text)["target"]["base_url"] == "https://rms.test.example"
