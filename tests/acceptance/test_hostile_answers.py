"""Answers are what they claim to be, and bounded in time and size (issue 19, items 1 and 6).

A hostile or broken target answers in place of what was asked: a login page or someone
else's file where the export for immigration enforcement was due, a body trickled a byte a
second, an endless body, a decompression bomb. None of them may make a run CONFORMANT, hang
it or exhaust its memory: the affected obligation is INCONCLUSIVE with a plain reason, and
the reports are written. Each run goes through the fault proxy (faultproxy.py) to a real
reference system on loopback.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from firewall_conformance.reference.server import ReferenceServer
from tests.acceptance.conftest import (
    QUICK,
    CliRun,
    cli,
    server_env,
    short_outbound_window,
    write_profile,
)
from tests.acceptance.faultproxy import FaultProxy, Rule
from tests.acceptance.hostile_answers import LOGIN_PAGE

EXPORT_FILE = "/api/v1/exports/"  # downloads; creating an export is POST /api/v1/exports
STATUS_CHECKS = "/api/v1/status-checks"
# The prosecution service's export is fetched first; the next is immigration enforcement's.
LAWFUL_DOWNLOADS = 1
TIMEOUT_SECONDS = 2
RUN_BOUND_SECONDS = 60
# Far more than a run needs, far less than a bomb would take.
MEMORY_BYTES = 2 * 1024**3


@pytest.fixture(scope="module")
def leaky_reference():
    """A reference system with the FW-01 fault: its exports to immigration enforcement carry
    the witness."""
    with ReferenceServer(faults=["FW-01"]) as server:
        yield server


def _run(
    tmp_path: Path,
    server: ReferenceServer,
    rule: Rule,
    obligation: str,
    *,
    plain_csv_exports: bool = False,
) -> CliRun:
    """Run one obligation through the proxy; `plain_csv_exports`: as for a system that exports
    CSV only and does not say how many records an export holds (a profile may say both)."""
    with FaultProxy(server.base_url, [rule]) as proxy:

        def edit(document: dict) -> None:
            document["target"].update(
                base_url=proxy.base_url, timeout_seconds=TIMEOUT_SECONDS, retries=1
            )
            short_outbound_window(document)
            if plain_csv_exports:
                document["capabilities"]["export"]["formats"] = ["csv"]
                del document["capabilities"]["export"]["returns"]["records"]

        profile = write_profile(tmp_path, edit)
        return cli(
            "run",
            "--target",
            str(profile),
            "--obligation",
            obligation,
            *QUICK,
            reports=tmp_path / "r",
            env=server_env(server),
            timeout=RUN_BOUND_SECONDS,
            max_memory_bytes=MEMORY_BYTES,
        )


def _reasons(result: CliRun) -> list[str]:
    return [s["reason"] for o in result.summary["obligations"] for s in o["scenarios"]]


def _assert_inconclusive(result: CliRun, obligation: str, reason: str) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.code == 2, result.stdout + result.stderr
    assert result.verdicts[obligation] == "INCONCLUSIVE", result.summary
    assert any(reason in r for r in _reasons(result)), _reasons(result)


@pytest.mark.parametrize("kind", ["login-page", "login-page-labelled-csv"])
def test_a_login_page_in_place_of_the_export_for_immigration_enforcement_is_inconclusive(
    tmp_path, leaky_reference, kind
):
    """Attack 1: an expired single sign-on session answers the download with its login page
    (declared as a web page, or labelled CSV); the leaky system must not come out clean."""
    rule = Rule(kind, EXPORT_FILE, "GET", after=LAWFUL_DOWNLOADS)
    result = _run(tmp_path, leaky_reference, rule, "FW-01", plain_csv_exports=True)
    _assert_inconclusive(result, "FW-01", "with a web page, not an export")


def test_an_export_for_immigration_enforcement_holding_other_people_is_inconclusive(
    tmp_path, leaky_reference
):
    """Attack 2: a well-formed export of people no scenario planted (a stale file, another
    force's) holds no victim or witness, but not the suspect either: it shows nothing."""
    rule = Rule("foreign-export", EXPORT_FILE, "GET", after=LAWFUL_DOWNLOADS)
    result = _run(tmp_path, leaky_reference, rule, "FW-01", plain_csv_exports=True)
    _assert_inconclusive(result, "FW-01", "the suspect, whom immigration enforcement may lawfully")


def test_an_answer_trickled_a_byte_a_second_ends_by_the_deadline(tmp_path, reference_server):
    """Attack 4: every byte arrives inside the socket time-out, so only a deadline on the
    whole exchange ends it."""
    started = time.monotonic()
    result = _run(tmp_path, reference_server, Rule("trickle", STATUS_CHECKS, after=1), "FW-02")
    assert time.monotonic() - started < RUN_BOUND_SECONDS
    _assert_inconclusive(result, "FW-02", "was not complete after")


@pytest.mark.parametrize("kind", ["endless-body", "gzip-bomb"])
def test_an_endless_or_bomb_answer_is_cut_at_the_cap_and_the_reports_are_written(
    tmp_path, reference_server, kind
):
    """Attack 5: an endless body, or a gzip body expanding a thousandfold, would fill memory;
    it is read to the cap (counted after decompression) and no further."""
    result = _run(tmp_path, reference_server, Rule(kind, STATUS_CHECKS, after=1), "FW-02")
    _assert_inconclusive(result, "FW-02", "was larger than the limit of")
    assert (tmp_path / "r" / "evidence" / "manifest.json").is_file()


def test_an_answer_compressed_in_an_encoding_nothing_decodes_is_inconclusive(
    tmp_path, reference_server
):
    """Attack 6: an answer compressed as it was never asked to be reads as bytes with nothing
    in them; it is refused by its declared encoding instead of examined as it arrived."""
    rule = Rule("unknown-encoding", STATUS_CHECKS, after=1)
    result = _run(tmp_path, reference_server, rule, "FW-02")
    _assert_inconclusive(result, "FW-02", "which the harness cannot decode")


def test_scan_refuses_a_login_page_saved_as_an_export(tmp_path):
    """Attack 3: a login page saved as `.csv` is not an export with nothing in it."""
    saved = tmp_path / "ie-extract.csv"
    saved.write_bytes(LOGIN_PAGE)
    result = cli("scan", str(saved))
    assert result.code == 2, result.stdout + result.stderr
    assert "ie-extract.csv, opening: this is a web page, not an export" in result.stdout
