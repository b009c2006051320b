"""The casebook's route table and profile agree with what is behind and in front of them: every
renamed operation stands for an operation api-v1 really has, the casebook's OpenAPI document
lists casebook paths only, and every request the casebook profile declares is one the casebook
serves (so the profile cannot work only by falling through to api-v1)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import yaml

from firewall_conformance.reference.app import create_app
from firewall_conformance.reference.casebook.app import openapi_document
from firewall_conformance.reference.casebook.route_table import renames
from firewall_conformance.scenario_suite.files import reference_profile
from firewall_conformance.targets.surface import declared_requests, template_key


def _operations(document: dict) -> set[tuple[str, str]]:
    return {
        template_key(method, path) for path, item in document["paths"].items() for method in item
    }


def test_every_rename_stands_for_an_api_v1_operation():
    with tempfile.TemporaryDirectory() as folder:
        api_v1 = create_app(Path(folder) / "rms.sqlite3", {"officer": "x" * 20}).openapi()
    published = _operations(api_v1)
    missing = [r.path for r in renames() if template_key(r.api_method, r.api_path) not in published]
    assert missing == []


def test_the_casebook_document_lists_only_its_own_operations():
    paths = openapi_document()["paths"]
    assert paths and all(path.startswith("/cb/") for path in paths)
    assert "delete" not in paths["/cb/people/{person_id}"]


def test_every_request_the_casebook_profile_declares_is_a_casebook_operation():
    document = yaml.safe_load(reference_profile("casebook").read_text(encoding="utf-8"))
    served = _operations(openapi_document())
    declared = {template_key(m, p) for m, p in declared_requests(document["capabilities"])}
    assert declared and declared <= served, sorted(declared - served)
    assert not any(re.search(r"/api/v1", p) for _, p in declared)
