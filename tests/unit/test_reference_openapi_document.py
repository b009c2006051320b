"""The reference's OpenAPI document is made once a process and is what FastAPI would make for
each app: every run asks for it, and making it costs more than building the app."""

from pathlib import Path

from fastapi import FastAPI

from firewall_conformance.reference.app import create_app, openapi_document


def test_every_app_of_a_process_answers_with_one_document(tmp_path: Path) -> None:
    first = create_app(tmp_path / "one.db", {})
    second = create_app(tmp_path / "two.db", {}, faults=frozenset({"FW-03"}))
    assert first.openapi() is second.openapi()


def test_the_shared_document_is_the_one_fastapi_makes_for_the_app(tmp_path: Path) -> None:
    app = create_app(tmp_path / "rms.db", {})
    assert FastAPI.openapi(app) == openapi_document()
    assert "/api/v1/persons" in openapi_document()["paths"]


def test_an_app_given_a_route_of_its_own_publishes_it(tmp_path: Path) -> None:
    """test_surface's leaky references add an unmapped route to the app; a document made once
    for every app hid it, so the harness never tried it and the leak passed."""
    app = create_app(tmp_path / "rms.db", {})

    @app.get("/api/v1/persons/{person_id}/card")
    def card(person_id: str) -> dict[str, str]:
        return {"id": person_id}

    assert "/api/v1/persons/{person_id}/card" in app.openapi()["paths"]
    assert "/api/v1/persons/{person_id}/card" not in openapi_document()["paths"]
