"""Loading a personas file of known test persons for `run --personas` (issue 21)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from firewall_conformance.inputs.documents import InvalidDocument
from firewall_conformance.persons.declared import load_declared
from firewall_conformance.persons.personas import ROLES, make_persona


def _entries() -> list[dict[str, str]]:
    rng = random.Random(21)
    entries = []
    for n, role in enumerate(ROLES):
        values = make_persona(role, rng).attributes()
        del values["full_name"]
        entries.append(
            {"label": f"the {role}", "role": role, **values, "person_id": f"P-{n}",
             "case_id": "C-1", "case_reference": "EXC/2024/00001"}
        )  # fmt: skip
    return entries


def _write(tmp_path: Path, entries: list[dict[str, str]]) -> Path:
    path = tmp_path / "personas.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    return path


def test_a_complete_file_gives_the_cast_and_its_case(tmp_path):
    cast = load_declared(_write(tmp_path, _entries()), tmp_path)
    assert set(cast.personas) == set(ROLES)
    assert cast.case.case_id == "C-1" and cast.case.reference == "EXC/2024/00001"
    victim = cast.personas["victim"]
    assert cast.case.person_ids[victim.label] == "P-0"
    assert victim.label == "the declared victim"


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda e: e[0].pop("person_id"), "person_id"),
        (lambda e: e[1].update(case_id="C-2"), "one case"),
        (lambda e: e.pop(2), "suspect"),
        (lambda e: e[0].update(phone=""), "phone"),
        (lambda e: e[0].update(person_id=7), "person_id"),
    ],
)
def test_an_incomplete_file_is_refused_saying_what_is_missing(tmp_path, change, complaint):
    entries = _entries()
    change(entries)
    with pytest.raises(InvalidDocument, match=complaint):
        load_declared(_write(tmp_path, entries), tmp_path)


def test_a_file_outside_the_profile_folder_is_refused(tmp_path):
    path = _write(tmp_path, _entries())
    folder = tmp_path / "profile"
    folder.mkdir()
    with pytest.raises(InvalidDocument, match="outside"):
        load_declared(path, folder)
    assert load_declared(path, folder, allow_outside=True).personas
