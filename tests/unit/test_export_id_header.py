"""An export answered with the file itself names itself in a header the profile declares
(`export.id_header`), so its audit-log entry can be looked up by id like any other export's."""

from __future__ import annotations

import copy
from dataclasses import replace

import requests

from firewall_conformance.scenario_suite.files import reference_profile
from firewall_conformance.targets.http import HttpTarget
from firewall_conformance.targets.profile import load_profile

TOKENS = {"investigator": "t", "immigration_officer": "u", "auditor": "v"}


def _target(id_header: str | None) -> tuple[HttpTarget, list]:
    profile = load_profile(reference_profile())
    capabilities = copy.deepcopy(profile.capabilities)
    export = capabilities["export"]
    del export["returns"], export["download"]
    export["answer"] = "data"
    if id_header:
        export["id_header"] = id_header
    acts: list = []
    target = HttpTarget(replace(profile, capabilities=capabilities), TOKENS, on_act=acts.append)

    def answered(action, spec, values, path):
        path.write_text("person_id,given_name\n", encoding="utf-8")
        response = requests.Response()
        response.status_code = 200
        response.headers["X-Export-Id"] = "E-77"
        return response

    target._fetch_file = answered  # type: ignore[method-assign]
    return target, acts


def test_the_declared_header_gives_the_exports_id(tmp_path):
    """Old behaviour: a data export had no id, so the claim that every disclosure is logged
    once left it out without a word (FW-04 through the casebook)."""
    target, acts = _target("X-Export-Id")
    exported = target.export("prosecution", "csv", tmp_path)
    assert exported.export_id == "E-77"
    assert [a.names_all for a in acts] == [("E-77",)]


def test_without_a_declared_header_no_id_is_guessed(tmp_path):
    target, acts = _target(None)
    assert target.export("prosecution", "csv", tmp_path).export_id is None
    assert [a.names_all for a in acts] == [()]
