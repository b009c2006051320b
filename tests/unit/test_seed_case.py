"""Planting a case whose persons are attached by a second call (issue 14): a system that takes
no persons when a case is created, and records each with a role by a request of its own."""

from __future__ import annotations

import copy
import random
from dataclasses import replace

import pytest

from firewall_conformance.inputs.documents import InvalidDocument
from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.persons.personas import Persona, make_persona
from firewall_conformance.scenario_suite.files import reference_profile
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.http import HttpTarget
from firewall_conformance.targets.profile import load_profile

TOKENS = {"investigator": "t", "immigration_officer": "u", "auditor": "v"}
ATTACH = {
    "method": "POST",
    "path": "/matters/{case_id}/people",
    "account": "investigator",
    "body": {"person": "{person_id}", "as": "{role}"},
}


def _cast() -> list[Persona]:
    rng = random.Random(14)
    return [make_persona("victim", rng, "the victim"), make_persona("suspect", rng, "the suspect")]


def _target(attach_answer: Attempt) -> tuple[HttpTarget, list[tuple[str, dict]]]:
    profile = load_profile(reference_profile())
    capabilities = copy.deepcopy(profile.capabilities)
    seed = capabilities["seed-case"]
    del seed["create_case"]["involvement"], seed["create_case"]["body"]["involvements"]
    seed["attach_person"] = ATTACH
    target = HttpTarget(replace(profile, capabilities=capabilities), TOKENS)
    sent: list[tuple[str, dict]] = []
    ids = iter(["P-1", "P-2", "C-9"])

    def answer(action, capability, values, account=None, spec=None):
        sent.append((spec["path"], dict(values)))
        if spec is ATTACH:
            return attach_answer
        key = "case_id" if spec["path"].endswith("cases") else "person_id"
        return Attempt(True, "accepted (201)", {key: next(ids)})

    target._request = answer  # type: ignore[method-assign]
    return target, sent


def test_each_planted_person_is_attached_with_their_role_after_the_case_is_made():
    """Old behaviour: a case could only be given its persons as it was created
    (create_case.involvement), so such a system could not be planted in at all."""
    target, sent = _target(Attempt(True, "accepted (201)", {}))
    seeded = target.seed_case(_cast(), "Assault", "A test narrative")
    assert seeded.case_id == "C-9"
    attached = [values for path, values in sent if path == ATTACH["path"]]
    assert attached == [
        {"case_id": "C-9", "person_id": "P-1", "role": "victim"},
        {"case_id": "C-9", "person_id": "P-2", "role": "suspect"},
    ]
    assert [path for path, _ in sent][:3] == ["/api/v1/persons", "/api/v1/persons", "/api/v1/cases"]


def test_a_refused_attachment_plants_nothing_usable():
    target, _ = _target(Attempt(False, "refused (403)", {}))
    with pytest.raises(Inconclusive, match="refused to record the victim in the case"):
        target.seed_case(_cast(), "Assault", "A test narrative")


def test_a_profile_needs_a_way_to_give_a_case_its_persons(tmp_path):
    text = reference_profile().read_text(encoding="utf-8")
    without = text.replace('      involvement: {person_id: "{person_id}", role: "{role}"}\n', "")
    assert without != text
    (tmp_path / "p.yaml").write_text(without, encoding="utf-8")
    with pytest.raises(InvalidDocument, match="involvement"):
        load_profile(tmp_path / "p.yaml")
    attached = without.replace(
        "    remove_case:",
        '    attach_person: {method: POST, path: "/api/v1/cases/{case_id}/involvements", '
        'account: investigator, body: {person_id: "{person_id}", role: "{role}"}}\n'
        "    remove_case:",
    )
    (tmp_path / "q.yaml").write_text(attached, encoding="utf-8")
    assert "attach_person" in load_profile(tmp_path / "q.yaml").capabilities["seed-case"]
