"""FW-03's unmapped surface over real sockets: a reference system that also publishes a leaky
read the profile does not map is in BREACH, and a profile naming no OpenAPI document leaves
the scenario NOT TESTED."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI, Request

from firewall_conformance.reference import server as reference_server_module
from firewall_conformance.reference.app import create_app
from firewall_conformance.reference.records import get_persons
from firewall_conformance.reference.server import ReferenceServer
from tests.acceptance.conftest import QUICK, cli, server_env, write_profile

SCENARIO = "An immigration officer cannot reach a victim or a witness through any other part"


def _with_a_leaky_card(*args: Any, **kwargs: Any) -> FastAPI:
    """The reference, plus a published 'person card' that serves any record to any account."""
    app = create_app(*args, **kwargs)

    @app.get("/api/v1/persons/{person_id}/card")
    def card(person_id: str, request: Request) -> dict[str, Any]:
        with request.app.state.rms.db.transaction() as conn:
            return {"items": get_persons(conn, [person_id])}

    app.openapi_schema = None  # published anew, with the card
    return app


def _surface(outcome) -> dict:
    [obligation] = [o for o in outcome.summary["obligations"] if o["id"] == "FW-03"]
    return next(s for s in obligation["scenarios"] if s["name"].startswith(SCENARIO))


def _run(tmp_path, server: ReferenceServer, edit=lambda document: None):
    def point(document: dict) -> None:
        document["target"]["base_url"] = server.base_url
        edit(document)

    profile = write_profile(tmp_path, point)
    return cli(
        "run", "--target", str(profile), "--obligation", "FW-03", *QUICK,
        reports=tmp_path / "r", env=server_env(server),
    )  # fmt: skip


def _breach_through(tmp_path, monkeypatch, reference: Callable[..., FastAPI]) -> dict:
    """FW-03 run against the reference built by `reference`: the run and the unmapped-surface
    scenario must be in BREACH; the scenario is returned for its reason."""
    monkeypatch.setattr(reference_server_module, "create_app", reference)
    with ReferenceServer() as server:
        outcome = _run(tmp_path, server)
    surface = _surface(outcome)
    assert surface["outcome"] == "breach", surface
    assert outcome.verdicts["FW-03"] == "BREACH", outcome.stdout + outcome.stderr
    assert outcome.code == 1, outcome.stdout + outcome.stderr
    return surface


def test_a_leaky_read_the_profile_does_not_map_is_a_breach(tmp_path, monkeypatch):
    surface = _breach_through(tmp_path, monkeypatch, _with_a_leaky_card)
    assert "reached an immigration officer through an operation" in surface["reason"]
    assert "/card" in surface["reason"]


def test_without_an_openapi_document_the_scenario_is_not_tested(tmp_path, reference_server):
    outcome = _run(tmp_path, reference_server, lambda d: d["target"].pop("openapi"))
    surface = _surface(outcome)
    assert surface["outcome"] == "not tested", surface
    assert "openapi" in surface["reason"]
    assert outcome.verdicts["FW-03"] == "INCONCLUSIVE" and outcome.code == 2


@pytest.mark.parametrize("fault", ["", "FW-03"])
def test_the_clean_reference_and_its_fw03_fault_leave_the_scenario_compliant(tmp_path, fault):
    args = [
        "run",
        "--obligation",
        "FW-03",
        *QUICK,
        *(["--reference-fault", fault] if fault else []),
    ]
    outcome = cli(*args, reports=tmp_path / "r")
    surface = _surface(outcome)
    assert surface["outcome"] == "passed", surface
    [obligation] = [o for o in outcome.summary["obligations"] if o["id"] == "FW-03"]
    unseen = "GET /api/v1/exports/{export_id}/file ("
    assert any(item.startswith(unseen) for item in obligation["not_examined"]), obligation
    assert any(item.startswith(unseen) for c in surface["checks"] for item in c["not_examined"])


def _with_a_leaky_suggestion_box(*args: Any, **kwargs: Any) -> FastAPI:
    """The reference, plus a published name-suggestion box (`q`, optional) that answers any
    account with the name and address of whoever's family name begins with what was typed,
    and nothing when nothing was typed."""
    app = create_app(*args, **kwargs)

    @app.get("/api/v1/suggest")
    def suggest(request: Request, q: str = "") -> dict[str, Any]:
        if len(q) < 3:
            return {"suggestions": []}
        with request.app.state.rms.db.transaction() as conn:
            rows = conn.execute(
                "SELECT given_name, family_name, address FROM persons WHERE family_name LIKE ?",
                (q + "%",),
            ).fetchall()
        return {"suggestions": [f"{row[0]} {row[1]}, {row[2]}" for row in rows]}

    app.openapi_schema = None
    return app


def test_a_suggestion_box_that_hands_the_officer_a_victim_is_a_breach(tmp_path, monkeypatch):
    # Before: the box was read without `q`, answered nothing, and FW-03 was only INCONCLUSIVE
    # ("the run cannot fill the query parameters"); the officer typing in the victim's family
    # name is given the victim's name and address.
    surface = _breach_through(tmp_path, monkeypatch, _with_a_leaky_suggestion_box)
    assert "GET /api/v1/suggest" in surface["reason"] and "family name" in surface["reason"]


def _with_a_confirming_box_and_flag(*args: Any, **kwargs: Any) -> FastAPI:
    """The reference, plus two published reads that show no one yet tell who is on record: a
    suggestion box that repeats what was typed only when a family name begins with it, and a
    person's flags, "restricted" for anyone on record and nothing for a number no one holds."""
    app = create_app(*args, **kwargs)

    @app.get("/api/v1/suggest")
    def suggest(request: Request, q: str = "") -> dict[str, Any]:
        with request.app.state.rms.db.transaction() as conn:
            known = conn.execute(
                "SELECT 1 FROM persons WHERE family_name LIKE ?", (q + "%",)
            ).fetchone()
        return {"suggestions": [q] if q and known else []}

    @app.get("/api/v1/persons/{person_id}/flags")
    def flags(person_id: str, request: Request) -> dict[str, Any]:
        with request.app.state.rms.db.transaction() as conn:
            known = get_persons(conn, [person_id])
        return {"flags": ["restricted"] if known else []}

    app.openapi_schema = None
    return app


def test_reads_that_confirm_a_typed_name_or_a_number_are_a_breach(tmp_path, monkeypatch):
    # Before: passed. The echo of the typed name is taken out before the scan, and a flag holds
    # no detail of the person, so neither read carried anything about the victim.
    surface = _breach_through(tmp_path, monkeypatch, _with_a_confirming_box_and_flag)
    assert "people not on record" in surface["reason"]
    assert "GET /api/v1/suggest" in surface["reason"], surface["reason"]
    assert "/flags" in surface["reason"], surface["reason"]
