"""FW-03 catches leaks nobody planted a switch for: the suite runs against the reference
wrapped in a small leaky ASGI middleware, each a realistic vendor bug in access control that
no fault switch of the reference has, and must come out BREACH naming how the leak was found.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl

import pytest

from firewall_conformance.reference import server as server_module
from firewall_conformance.reference.records import SEARCH_FIELDS, search_persons
from firewall_conformance.reference.server import ReferenceServer
from tests.acceptance.conftest import cli, server_env, write_profile

Scope = dict[str, Any]
PERSONS = "/api/v1/persons"


def _as_officer(scope: Scope, tokens: dict[str, str]) -> Scope:
    """The request, sent on with the investigator's credentials instead of the caller's."""
    headers = [(k, v) for k, v in scope["headers"] if k != b"authorization"]
    headers.append((b"authorization", f"Bearer {tokens['officer']}".encode()))
    return {**scope, "headers": headers}


def _from_immigration_officer(scope: Scope, tokens: dict[str, str]) -> bool:
    wanted = f"Bearer {tokens['ie-officer']}".encode()
    return (b"authorization", wanted) in scope["headers"]


def family_name_search_unfiltered(scope: Scope, tokens: dict[str, str], seen: Counter) -> bool:
    """The firewall filters searches by name, but a search by family name alone skips it."""
    return scope["path"] == PERSONS and b"family_name=" in scope["query_string"]


def percent_encoded_id_unchecked(scope: Scope, tokens: dict[str, str], seen: Counter) -> bool:
    """The access rule compares the path as written, the record look-up decodes it."""
    return scope["path"].startswith(PERSONS + "/") and b"%" in scope["raw_path"]


def refusal_holds_only_once(scope: Scope, tokens: dict[str, str], seen: Counter) -> bool:
    """A cache keyed by URL keeps the record fetched for the first, refused request and
    serves it to the second."""
    if not scope["path"].startswith(PERSONS + "/"):
        return False
    seen[scope["raw_path"]] += 1
    return seen[scope["raw_path"]] > 1


Leak = Callable[[Scope, dict[str, str], Counter], bool]


class LeakyReference:
    """ASGI middleware: requests from the immigration officer that `leak` picks go through as
    if the investigator had made them."""

    def __init__(self, app: Any, tokens: dict[str, str], leak: Leak) -> None:
        self.app, self.tokens, self.leak, self.seen = app, tokens, leak, Counter()
        self.state = app.state  # the server reads the system's context from its app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if (
            scope["type"] == "http"
            and _from_immigration_officer(scope, self.tokens)
            and self.leak(scope, self.tokens, self.seen)
        ):
            scope = _as_officer(scope, self.tokens)
        await self.app(scope, receive, send)


@pytest.fixture
def access_leaking_reference(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ReferenceServer]:
    leak: Leak = request.param
    build = server_module.create_app
    monkeypatch.setattr(
        server_module,
        "create_app",
        lambda db, tokens, *rest: LeakyReference(build(db, tokens, *rest), tokens, leak),
    )
    with ReferenceServer() as server:
        yield server


@pytest.mark.parametrize(
    "access_leaking_reference, scenario, reason",
    [
        (
            family_name_search_unfiltered,
            "An immigration officer cannot find a victim or a witness by searching",
            "found the victim by family name",
        ),
        (
            percent_encoded_id_unchecked,
            "An immigration officer cannot open a victim's or a witness's record directly",
            "by the id percent-encoded (answered 200)",
        ),
        (
            refusal_holds_only_once,
            "An immigration officer cannot open a victim's or a witness's record directly",
            "when asked again after being not found (404)",
        ),
    ],
    indirect=["access_leaking_reference"],
    ids=["family-name search", "percent-encoded id", "second asking"],
)
def test_a_leak_without_a_fault_switch_is_a_breach(
    tmp_path, access_leaking_reference: ReferenceServer, scenario: str, reason: str
) -> None:
    profile = write_profile(
        tmp_path, lambda d: d["target"].update(base_url=access_leaking_reference.base_url)
    )
    result = cli(
        "run",
        "--no-html",
        "--no-pdf",
        "--target",
        str(profile),
        "--obligation",
        "FW-03",
        reports=tmp_path / "r",
        env=server_env(access_leaking_reference),
    )
    assert result.code == 1, result.stdout + result.stderr
    assert result.verdicts["FW-03"] == "BREACH"
    fw03 = next(o for o in result.summary["obligations"] if o["id"] == "FW-03")
    breached = [s for s in fw03["scenarios"] if s["outcome"] != "passed"]
    assert [s["name"] for s in breached] == [scenario]
    assert reason in fw03["reason"], fw03["reason"]


class CountingReference:
    """ASGI middleware: the immigration officer's search answers carry the number of matches
    counted before the firewall filtered them (`X-Total-Count`), as a paging layer that counts
    the unfiltered query would."""

    def __init__(self, app: Any, tokens: dict[str, str]) -> None:
        self.app, self.tokens = app, tokens
        self.state = app.state  # the server reads the system's context from its app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if not (
            scope["type"] == "http"
            and scope["path"] == PERSONS
            and _from_immigration_officer(scope, self.tokens)
        ):
            await self.app(scope, receive, send)
            return
        asked = dict(parse_qsl(scope["query_string"].decode()))
        criteria = {k: v for k, v in asked.items() if k in SEARCH_FIELDS}
        with self.app.state.rms.db.transaction() as conn:
            total = len(search_persons(conn, criteria)) if criteria else 0

        async def counted(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                count = (b"x-total-count", str(total).encode())
                message = {**message, "headers": [*message["headers"], count]}
            await send(message)

        await self.app(scope, receive, counted)


def test_a_count_in_a_header_that_tells_a_person_is_on_record_is_a_breach(tmp_path, monkeypatch):
    # Before: the search comparison read status and body only, so a header counting the
    # victim (1 against 0 for people not on record) left FW-03 COMPLIANT.
    build = server_module.create_app
    monkeypatch.setattr(
        server_module,
        "create_app",
        lambda db, tokens, *rest: CountingReference(build(db, tokens, *rest), tokens),
    )
    with ReferenceServer() as server:
        profile = write_profile(tmp_path, lambda d: d["target"].update(base_url=server.base_url))
        result = cli(
            "run", "--no-html", "--no-pdf", "--target", str(profile), "--obligation", "FW-03",
            reports=tmp_path / "r", env=server_env(server),
        )  # fmt: skip
    assert result.verdicts["FW-03"] == "BREACH", result.stdout + result.stderr
    fw03 = next(o for o in result.summary["obligations"] if o["id"] == "FW-03")
    assert "header x-total-count" in fw03["reason"].lower(), fw03["reason"]
