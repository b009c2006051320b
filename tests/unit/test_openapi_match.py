"""Matching OpenAPI operations to a profile's requests: certain only when nothing else fits."""

from __future__ import annotations

from firewall_conformance.targets.openapi_match import endpoints, field_for, match, named


def _document(*operations: tuple[str, str]) -> dict:
    paths: dict = {}
    for method, path in operations:
        paths.setdefault(path, {})[method] = {"responses": {"200": {"description": "ok"}}}
    return {"openapi": "3.1.0", "paths": paths}


OPEN = {"method": "GET", "words": ["persons"], "params": ["person_id"]}


def test_the_closest_path_with_the_right_parameters_is_certain():
    found = endpoints(
        _document(
            ("get", "/api/v2/people/{id}"),
            ("get", "/api/v2/persons/{id}"),
            ("get", "/api/v2/persons/{id}/notices"),
            ("get", "/api/v2/persons"),
            ("post", "/api/v2/persons/{id}"),
        )
    )
    result = match("open-record", OPEN, found)
    assert result.confidence == "certain"
    assert result.endpoint.path == "/api/v2/persons/{id}"


def test_a_tie_is_uncertain_and_nothing_fitting_is_none():
    tie = endpoints(_document(("get", "/v1/persons/{id}"), ("get", "/v2/persons/{pid}")))
    assert match("open-record", OPEN, tie).confidence == "uncertain"
    none = endpoints(_document(("get", "/v1/people/{id}")))
    assert match("open-record", OPEN, none).confidence == "none"


def test_field_names_are_compared_loosely_through_synonyms():
    assert field_for("givenName", ["given_name", "family_name"]) == "given_name"
    assert field_for("surname", ["given_name", "family_name"]) == "family_name"
    assert field_for("colour", ["given_name"]) is None
    assert named(["next", "next_after"], ["items", "nextAfter"]) == "nextAfter"


def test_refs_and_nullable_choices_are_resolved_for_fields():
    document = _document(("post", "/persons"))
    operation = document["paths"]["/persons"]["post"]
    operation["requestBody"] = {
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/New"}}}
    }
    document["components"] = {
        "schemas": {
            "New": {
                "anyOf": [
                    {"type": "null"},
                    {"type": "object", "properties": {"surname": {"type": "string"}}},
                ]
            }
        }
    }
    (found,) = endpoints(document)
    assert list(found.body["properties"]) == ["surname"]
