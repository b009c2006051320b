"""Offline inspector mode, end to end through the command line: bundles written by the
reference system, clean and faulty, run with `run --bundle`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from firewall_conformance.obligations.catalogue import load_catalogue
from tests.acceptance.conftest import QUICK, cli

OFFLINE = ("FW-01", "FW-04")
LIVE_ONLY = tuple(o.id for o in load_catalogue().in_scope("uk") if o.id not in OFFLINE)
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<RmsExtract><Person id="P-1"><Victim/>&lol2;</Person></RmsExtract>
"""


def _bundle(directory: Path, *options: str) -> Path:
    result = cli("reference", "export-bundle", str(directory), *options)
    assert result.code == 0, result.stderr
    return directory


@pytest.fixture(scope="module")
def clean_bundle(tmp_path_factory) -> Path:
    return _bundle(tmp_path_factory.mktemp("clean") / "bundle")


def _copy(bundle: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(bundle, tmp_path / "copy"))


def test_clean_bundle_answers_what_it_can_and_says_what_it_cannot(clean_bundle, tmp_path):
    result = cli("run", "--bundle", str(clean_bundle), *QUICK, reports=tmp_path)
    assert result.code == 2, result.stdout + result.stderr
    assert result.verdicts == {
        **dict.fromkeys(OFFLINE, "COMPLIANT"),
        **dict.fromkeys(LIVE_ONLY, "NOT TESTED"),
    }
    reasons = {o["id"]: o["reason"] for o in result.summary["obligations"]}
    assert all("export bundle cannot answer it" in reasons[o] for o in LIVE_ONLY)
    scenarios = [s for o in result.summary["obligations"] for s in o["scenarios"]]
    assert len(scenarios) == 3 and all(s["feature"].startswith("What a force") for s in scenarios)
    control = scenarios[0]["checks"][0]
    assert control["control"] == "lawful recipient" and control["examined"]["status findings"] > 0
    assert result.summary["target"]["base_url"].startswith("file://")


def test_scope_answerable_restricts_the_verdict_and_says_so(clean_bundle, tmp_path):
    result = cli(
        "run", "--bundle", str(clean_bundle), "--scope", "answerable", *QUICK, reports=tmp_path
    )
    assert result.code == 0, result.stdout + result.stderr
    assert result.summary["verdict"] == "CONFORMANT"
    assert "--scope answerable" in result.summary["reason"]
    assert ", ".join(LIVE_ONLY[:3]) in result.summary["reason"]
    for obligation in result.summary["obligations"]:
        if obligation["id"] in LIVE_ONLY:
            assert obligation["verdict"] == "NOT TESTED"
            assert obligation["reason"].startswith("Outside this run's scope")


@pytest.mark.parametrize(
    ("options", "breached", "where"),
    [
        (("--reference-fault", "FW-01"), "FW-01", "hoie-"),
        (("--reference-fault", "FW-04"), "FW-04", "0 log entries instead of one"),
        (("--tamper-log",), "FW-04", "hash chain is broken"),
    ],
)
def test_each_bundle_visible_fault_breaches_its_obligation_offline(
    tmp_path, options, breached, where
):
    bundle = _bundle(tmp_path / "bundle", *options)
    result = cli(
        "run", "--bundle", str(bundle), "--scope", "answerable", *QUICK, reports=tmp_path / "r"
    )
    assert result.code == 1, result.stdout + result.stderr
    expected = {o: ("BREACH" if o == breached else "COMPLIANT") for o in OFFLINE}
    assert {o: result.verdicts[o] for o in OFFLINE} == expected
    reason = next(o["reason"] for o in result.summary["obligations"] if o["id"] == breached)
    assert where in reason


def test_fault_a_bundle_cannot_show_is_refused(tmp_path):
    result = cli("reference", "export-bundle", str(tmp_path / "b"), "--reference-fault", "FW-03")
    assert result.code == 3
    assert "FW-03 cannot show in a bundle" in result.stderr


def test_a_column_missing_from_its_header_is_an_error_naming_file_and_field(clean_bundle, tmp_path):
    bundle = _copy(clean_bundle, tmp_path)
    extract = next((bundle / "exports").glob("hoie-*.csv"))
    text = extract.read_text(encoding="utf-8")
    extract.write_text(text.replace("immigration_status", "status", 1), encoding="utf-8")
    result = cli("run", "--bundle", str(bundle), *QUICK, reports=tmp_path / "r")
    assert result.code == 3, result.stdout + result.stderr
    message = " ".join(result.stderr.split())
    assert f"exports/{extract.name}" in message and "'immigration_status'" in message
    assert "header" in message


def test_a_field_missing_from_every_record_is_an_error(clean_bundle, tmp_path):
    bundle = _copy(clean_bundle, tmp_path)
    extract = next((bundle / "exports").glob("cps-*.ndjson"))
    extract.write_text(
        extract.read_text(encoding="utf-8").replace('"role":', '"involvement":'), encoding="utf-8"
    )
    result = cli("run", "--bundle", str(bundle), *QUICK, reports=tmp_path / "r")
    assert result.code == 3
    message = " ".join(result.stderr.split())
    assert extract.name in message and "'role' (mapped as role)" in message


def test_a_missing_file_is_an_error_naming_it(clean_bundle, tmp_path):
    bundle = _copy(clean_bundle, tmp_path)
    extract = next((bundle / "exports").glob("cps-*.xml"))
    extract.unlink()
    result = cli("run", "--bundle", str(bundle), *QUICK, reports=tmp_path / "r")
    assert result.code == 3
    assert extract.name in " ".join(result.stderr.split())


def test_hostile_xml_in_a_bundle_is_refused_never_compliant(clean_bundle, tmp_path):
    bundle = _copy(clean_bundle, tmp_path)
    extract = next((bundle / "exports").glob("hoie-*.xml"))
    extract.write_bytes(BILLION_LAUGHS)
    result = cli("run", "--bundle", str(bundle), *QUICK, reports=tmp_path / "r")
    assert result.code == 2, result.stdout + result.stderr
    assert result.verdicts["FW-01"] == "INCONCLUSIVE"
    reason = next(o["reason"] for o in result.summary["obligations"] if o["id"] == "FW-01")
    assert extract.name in reason and "refused" in reason and "declares entities" in reason


def test_bundle_excludes_a_live_target(clean_bundle, tmp_path):
    result = cli(
        "run", "--bundle", str(clean_bundle), "--reference-fault", "FW-01", *QUICK, reports=tmp_path
    )
    assert result.code == 3
    assert "--bundle cannot be combined" in result.stderr
