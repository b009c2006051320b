"""A vendor's Python adapter, installed as a distribution that registers its kind through the
`firewall_conformance.adapters` entry point group, carries a whole run from the command line;
a profile naming a kind nobody registered stops the run, naming the kinds there are."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from firewall_conformance.persons.personas import make_persona
from firewall_conformance.persons.planted import LEDGER_NAME, PlantedLedger
from firewall_conformance.reference.server import ReferenceServer
from firewall_conformance.run.runner import _credentials, reference_environment
from firewall_conformance.scenario_suite.files import reference_profile
from firewall_conformance.targets.http import HttpTarget
from firewall_conformance.targets.profile import load_profile
from firewall_conformance.targets.registry import ENTRY_POINT_GROUP
from tests.acceptance.conftest import cli, server_env

EXAMPLE = Path(__file__).parent / "example_adapter" / "status_desk.py"


def _install(site: Path) -> None:
    """Lay the example down as pip installs a distribution: its module and its dist-info."""
    shutil.copy(EXAMPLE, site / "status_desk.py")
    info = site / "status_desk-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: status-desk\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUP}]\nstatus-desk = status_desk:StatusDesk\n"
    )


def _profile(tmp_path: Path, kind: str, address: str) -> Path:
    path = tmp_path / "status-desk.yaml"
    path.write_text(
        f"kind: {kind}\ntarget:\n  name: Status desk (example adapter)\n  base_url: {address}\n",
        encoding="utf-8",
    )
    return path


def _with_site(site: Path) -> dict[str, str]:
    return {"PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))}


@pytest.mark.parametrize(
    ("fault", "verdict", "code"), [(None, "COMPLIANT", 2), ("FW-02", "BREACH", 1)]
)
def test_an_adapter_registered_through_an_entry_point_carries_a_whole_run(
    tmp_path, fault, verdict, code
):
    site = tmp_path / "site"
    site.mkdir()
    _install(site)
    with ReferenceServer(faults=[fault] if fault else []) as server:
        profile = _profile(tmp_path, "status-desk", server.base_url)
        result = cli(
            "run", "--target", str(profile), "--no-html", "--no-pdf",
            reports=tmp_path / "r", env={**server_env(server), **_with_site(site)},
        )  # fmt: skip
    assert result.code == code, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.verdicts["FW-02"] == verdict
    # What the adapter does not provide is NOT TESTED, never passed: the run is at best
    # INCONCLUSIVE (exit 2), a breach it saw makes it BREACH (exit 1).
    assert result.verdicts["FW-03"] == "NOT TESTED"
    # A domain operation's typed answer (fingerprints: checked or held) is read through it.
    assert result.verdicts["FW-18"] == "COMPLIANT"
    assert "CapabilityMissing" not in result.stdout
    assert result.summary["target"]["name"] == "Status desk (example adapter)"


def test_a_profile_naming_an_unknown_kind_stops_the_run_listing_the_known_kinds(tmp_path):
    profile = _profile(tmp_path, "soap-bridge", "https://rms.example")
    result = cli("run", "--target", str(profile), "--no-html", "--no-pdf", reports=tmp_path / "r")
    assert result.code == 3, result.stdout + result.stderr
    assert "soap-bridge" in result.stderr
    assert "known kinds: http, offline" in result.stderr


def test_check_and_cleanup_go_through_the_profiles_own_adapter(tmp_path):
    """Before: both read the profile as an HTTP one and stopped with four repeats of
    "'capabilities' is a required property"."""
    site = tmp_path / "site"
    site.mkdir()
    _install(site)
    with ReferenceServer() as server:
        profile = _profile(tmp_path, "status-desk", server.base_url)
        env = {**server_env(server), **_with_site(site)}
        checked = cli("check", "--target", str(profile), env=env)
        assert checked.code == 0, checked.stdout + checked.stderr
        rows = {line.split()[1]: line.split()[3] for line in checked.stdout.splitlines()
                if line.startswith("│") and len(line.split()) > 3}  # fmt: skip
        assert {k for k, v in rows.items() if v == "provided"} == {
            "seed-case", "status-check", "biometrics", "audit-log",
        }  # fmt: skip
        assert "Reachable: yes" in checked.stdout

        api = load_profile(reference_profile()).with_base_url(server.base_url)
        planter = HttpTarget(api, _credentials(api, reference_environment(server.tokens)))
        seeded = planter.seed_case([make_persona("victim", random.Random(8))], "Theft", "x")
        reports = tmp_path / "reports"
        reports.mkdir()
        PlantedLedger(reports / LEDGER_NAME, server.base_url).add(seeded)
        cleaned = cli("cleanup", "--target", str(profile), env=env, reports=reports)
        assert cleaned.code == 0, cleaned.stdout + cleaned.stderr
        assert "Removed 1 test person in 1 case, and confirmed them gone." in cleaned.stdout
        person = seeded.person_ids["the victim"]
        assert not planter.open_record("investigator", person).allowed

    unreachable = cli("check", "--target", str(profile), env=env)
    assert unreachable.code == 2, unreachable.stdout + unreachable.stderr
    assert "Reachable: no" in unreachable.stdout


def test_an_adapter_that_cannot_be_opened_is_said_plainly(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    _install(site)
    profile = _profile(tmp_path, "status-desk", "http://127.0.0.1:9")
    result = cli("check", "--target", str(profile), env=_with_site(site))
    assert result.code == 3
    assert "the adapter of kind 'status-desk' (from status-desk) could not be opened" in (
        result.stderr
    )
    assert "unexpected" not in result.stderr
