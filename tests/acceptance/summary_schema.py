"""A run's summary.json checked against the JSON Schema the package publishes for it."""

from __future__ import annotations

import jsonschema

from firewall_conformance.inputs.documents import schema
from firewall_conformance.model.results import SCHEMA_VERSION


def assert_valid_summary(summary: dict) -> None:
    published = schema("summary")
    jsonschema.Draft202012Validator.check_schema(published)
    assert summary["schema_version"] == SCHEMA_VERSION
    assert published["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    jsonschema.Draft202012Validator(published).validate(summary)
