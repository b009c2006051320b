"""Operations a target does in more than one request (issue 14): a `steps:` list whose values
carry from one answer into the next. Through the reference on a real socket: planting and case
files done in two steps are COMPLIANT clean and BREACH with the fault; a refusal at a step is
the operation's refusal and names the step; an answer no step expects is INCONCLUSIVE; every
step's answer reaches the egress ledger."""

from __future__ import annotations

import random

import pytest

from firewall_conformance.model.evidence import Exchange
from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.persons.personas import make_persona
from firewall_conformance.recipients.ledger import Received
from firewall_conformance.reference.server import ReferenceServer
from firewall_conformance.run.runner import _credentials, reference_environment
from firewall_conformance.scenario_suite.files import reference_profile
from firewall_conformance.targets.http import HttpTarget
from firewall_conformance.targets.profile import load_profile
from tests.acceptance.conftest import cli, write_profile

CASE_FILE_OBLIGATIONS = ("FW-06", "FW-07", "FW-10")
READ_PLANTED = {
    "method": "GET",
    "account": "investigator",
    "path": "/api/v1/persons/{person_id}",
    "query": {"reason": "confirming the test person just recorded"},
    "does": "read back the person just recorded",
    "returns": {"recorded_name": "family_name"},
}


def _in_two_steps(document: dict) -> None:
    """Record a person, then read it back; read the case, then prepare its file."""
    seed = document["capabilities"]["seed-case"]
    create = seed["create_person"]
    # The first step returns the new person's `id`; the second reads the person by it.
    read_back = {**READ_PLANTED, "path": "/api/v1/persons/{id}"}
    del read_back["returns"]
    seed["create_person"] = {"steps": [create, read_back]}
    prepare = document["capabilities"]["case-file"]["prepare"]
    read_case = {
        "method": "GET",
        "path": "/api/v1/cases/{case_id}",
        "account": "investigator",
        "does": "read the case before preparing its file",
    }
    document["capabilities"]["case-file"]["prepare"] = {
        "does": prepare.pop("does"),
        "steps": [read_case, prepare],
    }


@pytest.mark.parametrize("fault", [None, "FW-10"])
def test_planting_and_case_files_in_two_steps_give_the_same_verdicts(tmp_path, fault):
    with ReferenceServer(faults=[fault] if fault else []) as server:

        def edit(document: dict) -> None:
            document["target"]["base_url"] = server.base_url
            _in_two_steps(document)

        profile = write_profile(tmp_path, edit)
        check = cli("check", "--target", str(profile), env=reference_environment(server.tokens))
        assert check.code == 0, check.stdout + check.stderr
        args = [a for o in CASE_FILE_OBLIGATIONS for a in ("--obligation", o)]
        result = cli(
            "run", "--target", str(profile), "--no-html", "--no-pdf", *args,
            reports=tmp_path / "reports", env=reference_environment(server.tokens),
        )  # fmt: skip
    verdicts = {o: result.verdicts[o] for o in CASE_FILE_OBLIGATIONS}
    expected = {o: "COMPLIANT" for o in CASE_FILE_OBLIGATIONS}
    if fault:
        expected[fault] = "BREACH"
    assert verdicts == expected, result.stdout[-3000:]


def _target(server: ReferenceServer, operation: dict, **hooks) -> HttpTarget:
    profile = load_profile(reference_profile()).with_base_url(server.base_url)
    profile.capabilities["tasks"] = {"list": operation}
    credentials = _credentials(profile, reference_environment(server.tokens))
    return HttpTarget(profile, credentials, **hooks)


def test_values_carry_from_step_to_step_and_every_answer_is_handed_on():
    exchanges: list[Exchange] = []
    received: list[Received] = []
    with ReferenceServer() as server:
        planter = _target(server, {"method": "GET", "path": "/api/v1/health"})
        person = make_persona("victim", random.Random(7))
        seeded = planter.seed_case([person], "Theft", "A planted account.")
        operation = {
            "account": "investigator",
            "steps": [
                {"method": "GET", "path": "/api/v1/health", "returns": {"health": "status"}},
                {**READ_PLANTED, "account": "immigration_officer", "refused_status": [403, 404]},
            ],
        }
        target = _target(server, operation, on_exchange=exchanges.append, on_egress=received.append)
        attempt = target.operate("tasks", "list", {"person_id": seeded.person_ids["the victim"]})
    assert not attempt.allowed and "step 2 of 2" in attempt.status, attempt.status
    assert "read back the person just recorded" in attempt.status
    assert any(seeded.person_ids["the victim"] in e.url for e in exchanges)
    # The refused step's answer went to the egress ledger as what the officer received.
    handed = [r for r in received if "read back the person just recorded" in r.channel]
    assert handed, [r.channel for r in received]


def test_an_answer_no_step_expects_is_inconclusive():
    with ReferenceServer() as server:
        operation = {
            "account": "investigator",
            "steps": [
                {"method": "GET", "path": "/api/v1/health"},
                {"method": "GET", "path": "/api/v1/no-such-thing", "does": "read nothing"},
            ],
        }
        with pytest.raises(Inconclusive, match="step 2 of 2"):
            _target(server, operation).operate("tasks", "list", {})
