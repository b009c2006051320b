"""Immigration-status data on victims and witnesses the run did not plant, in what immigration
enforcement received, is a breach of the whole-run claim (claims/unplanted_status.py): a system
that keeps the firewall for records it takes for planted ones and sends real victims on is seen
whatever gave the planted ones away."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from firewall_conformance.claims import egress as check
from firewall_conformance.model.evidence import ScenarioEvidence
from firewall_conformance.model.outcomes import Breach
from firewall_conformance.persons.personas import Persona
from firewall_conformance.recipients.ledger import RESTRICTED_CLASS, EgressLedger, Received

REAL_VICTIM = {
    "person_id": "P-7f3a",
    "given_name": "Amina",
    "family_name": "Okafor",
    "roles": ["victim"],
    "immigration_status": "no leave to remain",
}


@pytest.fixture
def ledger() -> EgressLedger:
    ledger = EgressLedger()
    ledger.plant("a scenario", ledger.fresh_cast().values(), "EXC/2026/00421")
    return ledger


def _planted(ledger: EgressLedger, role: str) -> Persona:
    return next(p.persona for p in ledger.labelled() if p.persona.role == role)


def _to_ie(ledger: EgressLedger, body: object) -> None:
    ledger.receive(
        Received.answer(RESTRICTED_CLASS, "an answer", "answer", json.dumps(body), {}), "search"
    )


def _as_record(persona: Persona, role: str) -> dict[str, object]:
    return {
        "given_name": persona.given_name,
        "family_name": persona.family_name,
        "roles": [role],
        "immigration_status": persona.immigration_status,
    }


def test_status_on_a_victim_the_run_did_not_plant_is_a_breach(ledger: EgressLedger):
    # Before: only the run's own canaries were looked for, so the claim held.
    _to_ie(ledger, {"items": [_as_record(_planted(ledger, "suspect"), "suspect")]})
    assert "no immigration-status data" in check.restricted_clean(ScenarioEvidence(), ledger).claim
    _to_ie(ledger, {"items": [REAL_VICTIM]})
    attached: list[tuple[str, object]] = []
    evidence = ScenarioEvidence(attach=lambda name, content: attached.append((name, content)))
    with pytest.raises(Breach, match=r"did not plant .* in 1 record: a victim's .*immigration"):
        check.restricted_clean(evidence, ledger)
    [(label, shown)] = attached
    assert "values withheld" in label and "no leave to remain" not in json.dumps(shown)


def test_status_on_a_witness_in_an_export_file_the_run_did_not_plant_is_a_breach(
    ledger: EgressLedger, tmp_path: Path
):
    export = tmp_path / "export.csv"
    export.write_text(
        "case_reference,role,given_name,family_name,immigration_status\n"
        "EXC/2024/11111,suspect,Dobrath,Kennisfarl,no leave\n"
        "EXC/2024/11111,witness,Marrowen,Tessaquill,asylum claim pending\n",
        encoding="utf-8",
    )
    ledger.receive(
        Received(RESTRICTED_CLASS, "the csv export", "export", file=export, file_format="csv"),
        "export",
    )
    with pytest.raises(Breach, match=r"a witness's immigration_status in the csv export"):
        check.restricted_clean(ScenarioEvidence(), ledger)


def test_a_planted_victim_set_aside_is_left_to_the_canaries_but_not_a_real_one_beside_it(
    ledger: EgressLedger,
):
    # A planted victim disclosed on a recorded basis may reach immigration enforcement with
    # her status; a real victim in the same answer may not.
    victim = _planted(ledger, "victim")
    ledger.set_aside(victim, "disclosed on consent")
    _to_ie(ledger, {"persons": [_as_record(victim, "victim")]})
    assert "not counted" in check.restricted_clean(ScenarioEvidence(), ledger).claim
    _to_ie(ledger, {"persons": [_as_record(victim, "victim"), REAL_VICTIM]})
    with pytest.raises(
        Breach, match=r"in 1 record: a victim's \$\.persons\[1\]\.immigration_status"
    ):
        check.restricted_clean(ScenarioEvidence(), ledger)


def test_status_on_a_person_whose_role_is_not_said_is_noted_not_a_breach(ledger: EgressLedger):
    _to_ie(ledger, {"person_id": "P-1", "immigration_status": "settled status"})
    claim = check.restricted_clean(ScenarioEvidence(), ledger).claim
    assert "not judged: 1 status value on persons whose role what was received does not" in claim
