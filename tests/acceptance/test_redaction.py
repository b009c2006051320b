"""Evidence carries no credential and no real person's data — in any file, however encoded."""

from __future__ import annotations

import requests

from firewall_conformance.reference.server import ReferenceServer
from firewall_conformance.reference.users import USERS
from firewall_conformance.run.runner import reference_environment
from tests.acceptance.artefacts import readable_contents
from tests.acceptance.conftest import cli, write_profile

SECRET = "sk_live_PLANTED-7f3a9c1e5b2d4a6f8e0c"

# A real-looking person who is not a test persona: already on the force's system, so the run
# meets them in every export it scans, and must never copy them into the evidence.
RESIDENT = {
    "given_name": "Margarethe",
    "family_name": "Oyelaran-Whitfield",
    "date_of_birth": "1983-04-17",
    "nationality": "Nigerian",
    "immigration_status": "pending asylum claim",
    "passport_number": "A07311598",
    "home_office_reference": "W4402917",
    "phone": "07911 384 226",
    "email": "m.oyelaran.whitfield@mailbox.example",
    "address": "14 Larkspur Mews, Exampleton EX4 9QT",
}
DISTINCTIVE = [
    "Oyelaran-Whitfield",
    "Margarethe",
    "A07311598",
    "W4402917",
    "07911 384 226",
    "m.oyelaran.whitfield",
    "Larkspur Mews",
]


def _plant_resident(server: ReferenceServer) -> None:
    officer = {"Authorization": f"Bearer {server.tokens['officer']}"}
    person = requests.post(
        f"{server.base_url}/api/v1/persons", json=RESIDENT, headers=officer, timeout=10
    )
    person.raise_for_status()
    case = requests.post(
        f"{server.base_url}/api/v1/cases",
        json={
            "reference": "EX-2026-000917",
            "offence": "Theft from a shop",
            "involvements": [{"person_id": person.json()["person_id"], "role": "suspect"}],
        },
        headers=officer,
        timeout=10,
    )
    case.raise_for_status()


def test_a_planted_secret_and_a_real_persons_data_reach_no_artefact(tmp_path):
    tokens = {user: f"{SECRET}-{index}" for index, user in enumerate(USERS)}
    with ReferenceServer(tokens=tokens) as server:
        _plant_resident(server)
        profile = write_profile(tmp_path, lambda d: d["target"].update(base_url=server.base_url))
        reports = tmp_path / "reports"
        result = cli(
            "run",
            "--target",
            str(profile),
            reports=reports,
            env=reference_environment(server.tokens),
        )
    assert result.code == 0, result.stdout + result.stderr
    summary = result.summary
    assert summary["examined"]["records"] > 0, "the exports holding the resident were scanned"
    assert not any("redaction defect" in note for note in summary["notes"]), summary["notes"]
    needles = [SECRET, *DISTINCTIVE]
    contents = list(readable_contents(reports))
    for name, content in contents:
        for needle in needles:
            assert needle.encode() not in content, f"{needle!r} leaked into {name}"
    # Control: the search reaches the HTTP exchanges inside the single-file report.
    assert (
        any(
            "embedded payload" in name and b'"Authorization": "***"' in content
            for name, content in contents
        )
        or not (reports / "allure-report").exists()
    )
    # Control: the search reads the printed text of summary.pdf, whose bytes are compressed.
    assert any(
        name == "summary.pdf (text)" and b"CONFORMANT" in content for name, content in contents
    )
    assert len(contents) > 20
    assert SECRET not in result.stdout + result.stderr
    assert "Oyelaran" not in result.stdout + result.stderr
