"""Acceptance tests drive the real command line over real sockets."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from firewall_conformance.reference.server import ReferenceServer
from firewall_conformance.run.runner import reference_environment
from firewall_conformance.scenario_suite.files import reference_profile
from tests.acceptance.forked_runs import run_command
from tests.acceptance.secret_bearing_run import (
    SecretBearingRun,
    audit_entries,
    secret_bearing_reference,
)
from tests.conftest import RUN_SECONDS

T = TypeVar("T")

RUN_TIMEOUT = 180
# The options of a run whose test reads neither the Allure HTML nor summary.pdf (about 3 CPU
# seconds a run): the signed clean run and test_summary_pdf.py prove those reports.
QUICK = ("--no-html", "--no-pdf")


@dataclass
class CliRun:
    code: int
    stdout: str
    stderr: str
    reports: Path

    @property
    def summary(self) -> dict:
        return json.loads((self.reports / "summary.json").read_text(encoding="utf-8"))

    @property
    def verdicts(self) -> dict[str, str]:
        return {o["id"]: o["verdict"] for o in self.summary["obligations"]}

    def why_not(self, expected: dict[str, str]) -> str:
        """The reason the run gave for each obligation whose verdict is not the expected one,
        so a failed comparison says why instead of only which."""
        return "\n".join(
            f"{o['id']} {o['verdict']} (expected {expected.get(o['id'])}): {o['reason']}"
            for o in self.summary["obligations"]
            if o["verdict"] != expected.get(o["id"])
        )


def cli(
    *args: str,
    reports: Path | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = RUN_TIMEOUT,
    max_memory_bytes: int | None = None,
) -> CliRun:
    """Run the command line, forked from this worker's preloaded server (forked_runs.py);
    `max_memory_bytes` caps its address space, so a run that would exhaust memory fails alone
    instead of taking the machine with it."""
    command = [sys.executable, "-m", "firewall_conformance", *args]
    if reports is not None:
        command += ["--reports", str(reports)]
    completed = run_command(
        command,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        timeout=timeout,
        cwd=cwd,
        max_memory_bytes=max_memory_bytes,
    )
    return CliRun(completed.returncode, completed.stdout, completed.stderr, reports or Path())


@pytest.fixture(scope="session")
def signing_key(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An inspector's own key pair: the private key's file, the public key's file."""
    folder = tmp_path_factory.mktemp("keys")
    key = Ed25519PrivateKey.generate()
    private, public = folder / "signer.pem", folder / "signer.pub.pem"
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return private, public


@pytest.fixture(scope="session")
def signed_clean_run(
    tmp_path_factory: pytest.TempPathFactory, signing_key: tuple[Path, Path]
) -> CliRun:
    """One whole clean run of the embedded reference with every report, signed with
    `signing_key`, shared by every test that only reads a clean run's files: each whole run
    costs 15-20 s. A test that changes anything works on a copy."""
    reports = tmp_path_factory.mktemp("clean-run") / "reports"
    result = cli("run", "--signing-key", str(signing_key[0]), reports=reports)
    assert result.code == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="session")
def secret_bearing_run(tmp_path_factory: pytest.TempPathFactory) -> SecretBearingRun:
    """One whole run with every report against the reference of secret_bearing_run.py, shared
    by the tests that search all evidence for its secret, its tokens or its resident's data;
    the target's log is read before and after, while it still serves."""
    folder = tmp_path_factory.mktemp("secret-bearing")
    with secret_bearing_reference() as server:
        before = audit_entries(server)
        profile = write_profile(folder, lambda d: d["target"].update(base_url=server.base_url))
        result = cli("run", "--target", str(profile), reports=folder / "r", env=server_env(server))
        logged = audit_entries(server, after=before[-1]["seq"] if before else 0)
    return SecretBearingRun(result, dict(server.tokens), logged)


@pytest.fixture(scope="module")
def reference_server():
    with ReferenceServer() as server:
        yield server


def short_outbound_window(document: dict) -> None:
    """A profile edit for runs that read no late push: the outbound feeds' window of 3 seconds
    instead of the reference profile's 4. The reference pushes when asked, and a run with
    FW-01 ends no sooner than the window."""
    document["capabilities"]["outbound"]["window_seconds"] = 3


def write_profile(tmp_path: Path, edit) -> Path:
    """A copy of the reference profile changed by `edit(document)`."""
    document = yaml.safe_load(reference_profile().read_text(encoding="utf-8"))
    edit(document)
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def server_env(server: ReferenceServer) -> dict[str, str]:
    return reference_environment(server.tokens)


def scenario_against_mutant(
    tmp_path: Path, mutant: str, obligation: str, scenario: str
) -> tuple[CliRun, dict]:
    """A run of `obligation` against the reference with the vendor bug `mutant` in it: the
    run, and the scenario whose name starts with `scenario`."""
    with ReferenceServer(mutants=[mutant]) as server:
        profile = write_profile(
            tmp_path, lambda d: d["target"].__setitem__("base_url", server.base_url)
        )
        outcome = cli(
            "run", "--target", str(profile), "--obligation", obligation, *QUICK,
            reports=tmp_path / "r", env=server_env(server),
        )  # fmt: skip
    [judged] = [o for o in outcome.summary["obligations"] if o["id"] == obligation]
    return outcome, next(s for s in judged["scenarios"] if s["name"].startswith(scenario))


def timed(matrix: str, record_property: Callable[[str, object], None], run: Callable[[], T]) -> T:
    """`run()`, its seconds recorded for `matrix`. Each run of a matrix is its own test, so
    pytest-xdist spreads the runs over its workers and one fault's test can run alone."""
    started = time.monotonic()
    try:
        return run()
    finally:
        record_property(RUN_SECONDS, [matrix, time.monotonic() - started])
