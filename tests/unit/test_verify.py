"""`verify` against forged and tampered evidence: a reports folder signed with the project's own
manifest writer, then changed the way an outside attacker would change it."""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from firewall_conformance.cli.main import main
from firewall_conformance.model.results import Examined, RunResult, RunVerdict
from firewall_conformance.scenario_suite.pinning import SuiteComparison
from firewall_conformance.signed_evidence import (
    EVIDENCE_DIR,
    MANIFEST,
    SIGNATURE,
    manifest,
    signing,
)
from firewall_conformance.signed_evidence.verify import MANIFEST_LIMIT, verify

SUITE = manifest.SuiteIdentity(
    SuiteComparison("0.1.0", "a" * 64, "a" * 64, (), (), ()), pinned=False
)


def _result(verdict: RunVerdict = RunVerdict.BREACH) -> RunResult:
    return RunResult(
        run_id="20261204T000000Z-abcdef",
        tool_version="0.1.0",
        started_at="2026-12-04T00:00:00Z",
        finished_at="2026-12-04T00:00:15Z",
        target={"name": "Acme RMS staging"},
        jurisdiction="uk",
        verdict=verdict,
        reason="",
        obligations=[],
        examined=Examined(),
        personas={},
    )


@pytest.fixture
def signer() -> signing.SigningKey:
    return signing.SigningKey(signing.generate().private, ephemeral=False)


@pytest.fixture
def public_key(tmp_path: Path, signer: signing.SigningKey) -> Path:
    path = tmp_path / "signer.pub.pem"
    path.write_bytes(signing.public_pem(signer.public))
    return path


@pytest.fixture
def reports(tmp_path: Path, signer: signing.SigningKey) -> Path:
    """A genuine signed reports folder of a BREACH run."""
    folder = tmp_path / "reports"
    (folder / "allure-results").mkdir(parents=True)
    (folder / "summary.md").write_text("# BREACH\nFW-01 victim reached IE\n", encoding="utf-8")
    (folder / "summary.json").write_text('{"verdict": "BREACH"}\n', encoding="utf-8")
    (folder / "allure-results" / "one-result.json").write_text("{}\n", encoding="utf-8")
    manifest.write(_result(), folder, SUITE, signer)
    return folder


def _first_line(*args: str) -> tuple[int, str]:
    """The exit code and the first sentence of what `verify` printed, as one line: the console
    may wrap it at whatever width it was made with."""
    outcome = CliRunner().invoke(main, ["verify", "--reports", *args], env={"COLUMNS": "200"})
    lines = outcome.output.splitlines()
    end = next((i for i, line in enumerate(lines) if line.rstrip().endswith(".")), len(lines) - 1)
    return outcome.exit_code, " ".join(" ".join(lines[: end + 1]).split())


def _resign(folder: Path, body: bytes, key: signing.SigningKey) -> None:
    evidence = folder / EVIDENCE_DIR
    (evidence / MANIFEST).write_bytes(body)
    (evidence / SIGNATURE).write_bytes(signing.sign(key, body))


def test_the_genuine_bundle_verifies_with_the_signers_key(reports, public_key):
    outcome = verify(reports, public_key)
    assert outcome.ok and outcome.signer_verified, outcome
    code, first = _first_line(str(reports), "--public-key", str(public_key))
    assert code == 0 and first.startswith("VERIFIED"), first


def test_a_bundle_resigned_with_a_fresh_key_that_claims_a_provided_key_is_not_verified(
    reports, public_key
):
    """The forger rewrites the summary, re-signs with their own key and writes `provided` in
    the manifest: without the inspector's key, nothing proves who signed, whatever it says."""
    (reports / "summary.md").write_text("# CONFORMANT\n", encoding="utf-8")
    forger = signing.SigningKey(signing.generate().private, ephemeral=False)
    manifest.write(_result(RunVerdict.CONFORMANT), reports, SUITE, forger)
    claimed = json.loads((reports / EVIDENCE_DIR / MANIFEST).read_text())["signing"]["key"]
    assert claimed == "provided"
    outcome = verify(reports)
    assert not outcome.signer_verified
    code, first = _first_line(str(reports))
    assert code == 0, "the files are intact; only the signer is unproven"
    assert not first.startswith("VERIFIED"), first
    assert "signer" in first.lower() and "unverified" in first.lower(), first
    assert "--public-key" in first
    assert not verify(reports, public_key).ok


def test_a_manifest_with_a_key_given_twice_is_refused(reports, signer, public_key):
    """Two `verdict` keys: one reader sees BREACH, another CONFORMANT. The signer's own key
    signed it, so only refusing duplicates catches it."""
    body = (reports / EVIDENCE_DIR / MANIFEST).read_bytes()
    doubled = body.replace(
        b'"verdict": "BREACH",', b'"verdict": "BREACH",\n  "verdict": "CONFORMANT",'
    )
    assert doubled != body
    _resign(reports, doubled, signer)
    outcome = verify(reports, public_key)
    assert not outcome.ok
    assert any("verdict" in p and "more than once" in p for p in outcome.problems), outcome


def test_a_symlink_to_a_file_outside_the_folder_is_not_accepted(reports, public_key, tmp_path):
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("planted\n")
    (reports / "allure-results" / "extra.json").symlink_to(outside)
    outcome = verify(reports, public_key)
    assert not outcome.ok
    assert any("allure-results/extra.json" in a for a in outcome.added), outcome


def test_a_symlink_inside_the_evidence_folder_is_not_accepted(reports, public_key, tmp_path):
    (reports / EVIDENCE_DIR / "notes.txt").symlink_to(reports / "summary.md")
    outcome = verify(reports, public_key)
    assert not outcome.ok
    assert any("evidence/notes.txt" in a for a in outcome.added), outcome


def test_a_listed_file_replaced_by_a_symlink_to_an_identical_copy_fails(
    reports, public_key, tmp_path
):
    copy = tmp_path / "copy.md"
    shutil.copy2(reports / "summary.md", copy)
    (reports / "summary.md").unlink()
    (reports / "summary.md").symlink_to(copy)
    outcome = verify(reports, public_key)
    assert not outcome.ok
    assert any(c.startswith("summary.md (a symbolic link") for c in outcome.changed), outcome


def test_an_empty_directory_added_to_the_folder_is_not_accepted(reports, public_key):
    (reports / "allure-results" / "hidden").mkdir()
    outcome = verify(reports, public_key)
    assert not outcome.ok
    assert any("allure-results/hidden" in a for a in outcome.added), outcome


def _in_thread(call, fifo: Path):
    """Run `call` with a deadline; if it blocks on the FIFO, unblock it and fail."""
    box: dict = {}
    worker = threading.Thread(target=lambda: box.update(value=call()), daemon=True)
    worker.start()
    worker.join(timeout=10)
    if worker.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(timeout=10)
        pytest.fail(f"verify blocked on the FIFO {fifo.name}")
    return box["value"]


def test_a_fifo_added_to_the_folder_is_not_accepted_and_not_opened(reports, public_key):
    fifo = reports / "allure-results" / "pipe.json"
    os.mkfifo(fifo)
    outcome = _in_thread(lambda: verify(reports, public_key), fifo)
    assert not outcome.ok
    assert any("allure-results/pipe.json" in a for a in outcome.added), outcome


def test_a_socket_added_to_the_folder_is_not_accepted(reports, public_key):
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(reports / "s"))
        outcome = verify(reports, public_key)
    finally:
        server.close()
    assert not outcome.ok
    assert any(a.startswith("s ") or a == "s" for a in outcome.added), outcome


def test_a_fifo_in_place_of_the_manifest_does_not_hang_verify(reports, public_key):
    fifo = reports / EVIDENCE_DIR / MANIFEST
    fifo.unlink()
    os.mkfifo(fifo)
    outcome = _in_thread(lambda: verify(reports, public_key), fifo)
    assert not outcome.ok
    assert any("regular file" in p for p in outcome.problems), outcome


def test_a_manifest_that_is_a_symlink_is_refused(reports, public_key, tmp_path):
    real = tmp_path / "manifest.json"
    shutil.move(reports / EVIDENCE_DIR / MANIFEST, real)
    (reports / EVIDENCE_DIR / MANIFEST).symlink_to(real)
    outcome = verify(reports, public_key)
    assert not outcome.ok
    assert any("regular file" in p for p in outcome.problems), outcome


def test_a_huge_manifest_is_not_read_whole(reports, public_key):
    path = reports / EVIDENCE_DIR / MANIFEST
    with path.open("r+b") as handle:
        handle.truncate(MANIFEST_LIMIT + 1)
    outcome = verify(reports, public_key)
    assert not outcome.ok
    assert any("too large" in p for p in outcome.problems), outcome


def test_a_hard_linked_artefact_is_noted(reports, public_key, tmp_path):
    """A second name for a signed file lets it be changed from outside; its bytes still match,
    so this is a note, not a failure."""
    os.link(reports / "summary.json", tmp_path / "second-name.json")
    outcome = verify(reports, public_key)
    assert outcome.ok, outcome
    assert any("summary.json" in w and "hard link" in w for w in outcome.warnings), outcome


def test_folders_nested_deeper_than_python_recursion_are_walked(reports, public_key):
    chain = [reports / "allure-results" / "d"]
    for _ in range(1200):
        chain[-1].mkdir()
        chain.append(chain[-1] / "d")
    try:
        outcome = verify(reports, public_key)
    finally:  # bottom up: pytest's own clean-up would recurse as deep as the chain
        for folder in reversed(chain[:-1]):
            folder.rmdir()
    assert not outcome.ok
    assert [a for a in outcome.added if a.endswith("/d (an empty folder)")], outcome.added
