"""The issue's done-when, end to end through the command line."""

from __future__ import annotations

import json
import socket
import time
from collections import Counter

from firewall_conformance.obligations.catalogue import load_catalogue
from tests.acceptance.conftest import QUICK, CliRun, cli, server_env, write_profile
from tests.acceptance.secret_bearing_run import SecretBearingRun

OBLIGATIONS = [o.id for o in load_catalogue().in_scope("uk")]


def test_clean_reference_is_conformant_with_every_report(signed_clean_run: CliRun):
    result, reports = signed_clean_run, signed_clean_run.reports
    assert result.code == 0, result.stdout + result.stderr
    summary = result.summary
    assert summary["verdict"] == "CONFORMANT"
    assert result.verdicts == dict.fromkeys(OBLIGATIONS, "COMPLIANT")
    assert all(
        o["scenarios"] and all(s["checks"] for s in o["scenarios"]) for o in summary["obligations"]
    )
    assert summary["examined"]["records"] > 0
    assert summary["personas"]["planted"] == summary["personas"]["removed"] > 0
    assert "CONFORMANT" in result.stdout
    assert (reports / "summary.md").read_text().startswith("# Firewall conformance: CONFORMANT")
    assert b"<failure" not in (reports / "junit.xml").read_bytes()
    obligations, stories = set(), set()
    for path in (reports / "allure-results").glob("*-result.json"):
        labels = json.loads(path.read_text())["labels"]
        obligations |= {label["value"] for label in labels if label["name"] == "obligation"}
        stories |= {label["value"] for label in labels if label["name"] == "story"}
    assert obligations == set(OBLIGATIONS)
    titles = {o.id: o.title for o in load_catalogue().obligations}
    assert stories == {f"{o} {titles[o]}" for o in OBLIGATIONS}
    assert (reports / "allure-results" / "categories.json").is_file()


def test_unreachable_target_is_inconclusive_never_conformant(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    profile = write_profile(
        tmp_path, lambda d: d["target"].update(base_url=f"http://127.0.0.1:{closed_port}")
    )
    env = {"FWC_TOKEN_OFFICER": "x", "FWC_TOKEN_IE_OFFICER": "y", "FWC_TOKEN_AUDITOR": "z"}
    started = time.monotonic()
    result = cli("run", "--target", str(profile), *QUICK, reports=tmp_path / "r", env=env)
    assert time.monotonic() - started < 60
    assert result.code == 2, result.stdout + result.stderr
    assert result.summary["verdict"] == "INCONCLUSIVE"
    assert set(result.verdicts.values()) == {"INCONCLUSIVE"}
    assert all("could not be reached" in o["reason"] for o in result.summary["obligations"])


def test_missing_capability_is_not_tested_and_run_inconclusive(tmp_path, reference_server):
    def drop_status_checks(document):
        document["target"]["base_url"] = reference_server.base_url
        del document["capabilities"]["status-check"]

    profile = write_profile(tmp_path, drop_status_checks)
    result = cli(
        "run", "--target", str(profile), *QUICK, reports=tmp_path / "r",
        env=server_env(reference_server),
    )  # fmt: skip
    assert result.code == 2, result.stdout + result.stderr
    assert result.verdicts == {
        o: ("NOT TESTED" if o == "FW-02" else "COMPLIANT") for o in OBLIGATIONS
    }
    assert (
        "status-check"
        in next(o for o in result.summary["obligations"] if o["id"] == "FW-02")["reason"]
    )


def test_export_purposes_missing_from_the_profile_is_not_tested(tmp_path, reference_server):
    def drop_export_purposes(document):
        document["target"]["base_url"] = reference_server.base_url
        del document["capabilities"]["export"]["purposes"]

    profile = write_profile(tmp_path, drop_export_purposes)
    result = cli(
        "run",
        "--target",
        str(profile),
        "--obligation",
        "FW-08",
        *QUICK,
        reports=tmp_path / "r",
        env=server_env(reference_server),
    )
    assert result.code == 2, result.stdout + result.stderr
    assert result.verdicts["FW-08"] == "NOT TESTED"
    reason = next(o for o in result.summary["obligations"] if o["id"] == "FW-08")["reason"]
    assert "export.purposes" in reason


ERASURES = ("person.erased", "retention.erasure")


def test_no_credential_reaches_any_artefact_and_personas_are_removed(
    secret_bearing_run: SecretBearingRun,
):
    """The whole run against a target that holds someone else too (test_redaction.py's, which
    searches the same artefacts for the secret in every token and for that person)."""
    result, reports = secret_bearing_run.result, secret_bearing_run.result.reports
    assert result.code == 0, result.stdout + result.stderr
    artefacts = [p for p in reports.rglob("*") if p.is_file()]
    assert len(artefacts) > 10
    for token in secret_bearing_run.tokens.values():
        assert token not in result.stdout + result.stderr
        for path in artefacts:
            assert token.encode() not in path.read_bytes(), f"credential leaked into {path.name}"
    # Independently of the harness's own word: the target's log shows every person this run
    # planted erased, by the harness's clean-up or by the retention review it ran. (Counting
    # every erasure the server ever logged made the test pass or fail by what ran before it.)
    entries = secret_bearing_run.logged
    erased = {e["object"] for e in entries if e["action"] in ERASURES}
    assert len(erased) == result.summary["personas"]["planted"] > 0
    # Every recorder a run pointed an outbound feed at was unhooked again.
    hooked = Counter(e["recipient_id"] for e in entries if e["action"] == "outbound.endpoint-set")
    unhooked = Counter(
        e["recipient_id"] for e in entries if e["action"] == "outbound.endpoint-cleared"
    )
    assert hooked == unhooked and set(hooked) == {"cps", "hoie"}


def test_invalid_profile_is_an_error_naming_the_key(tmp_path):
    profile = write_profile(tmp_path, lambda d: d["capabilities"]["search"].update(methd="GET"))
    result = cli("run", "--target", str(profile), reports=tmp_path / "r")
    assert result.code == 3
    assert "capabilities.search" in result.stderr and "methd" in result.stderr


def test_fault_switch_needs_the_embedded_reference(tmp_path):
    profile = write_profile(tmp_path, lambda d: None)
    result = cli(
        "run", "--target", str(profile), "--reference-fault", "FW-01", reports=tmp_path / "r"
    )
    assert result.code == 3
    assert "--reference-fault" in result.stderr


def test_unknown_fault_is_an_error(tmp_path):
    result = cli("run", "--reference-fault", "FW-77", reports=tmp_path)
    assert result.code == 3
    assert "FW-77" in result.stderr


def test_obligation_selection_narrows_the_run_and_says_so(tmp_path):
    result = cli("run", "--obligation", "FW-02", *QUICK, reports=tmp_path)
    assert result.code == 0, result.stdout + result.stderr  # the verdict covers FW-02 only
    assert result.verdicts == {
        o: ("COMPLIANT" if o == "FW-02" else "NOT TESTED") for o in OBLIGATIONS
    }
    assert any("--obligation" in note for note in result.summary["notes"])


def test_the_outbound_recorders_start_first_so_their_window_passes_while_the_rest_runs(
    signed_clean_run: CliRun,
):
    # The recorders listen for the profile's whole window and the run cannot end before it
    # has passed: started first, the window overlaps the other scenarios instead of being
    # waited out at the end.
    results = [
        json.loads(path.read_text(encoding="utf-8"))
        for path in (signed_clean_run.reports / "allure-results").glob("*-result.json")
    ]
    in_order = [r["name"] for r in sorted(results, key=lambda r: r["start"])]
    assert in_order[0].startswith("Outbound feeds to immigration enforcement"), in_order
    assert len(in_order) > 30, in_order
