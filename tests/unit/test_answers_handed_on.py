"""Every answer the immigration officer's account is given reaches the egress ledger whole.

Its status line: a refusal whose reason phrase names the person asked about ("403 Restricted:
victim of crime") tells the officer as much as a body would; before, only headers and body
were handed on. And the officer's reads of operations the profile does not map (FW-03's probe
of the published document): before, they were judged only by their body as read, never handed
on, so a victim in a header, an image or a compressed part of such an answer passed unseen by
the whole-run claim too. And the headers an export arrives with: a file named after a victim
reaches its recipient with the file; before, only the file's content was judged. And an answer
the harness asked again after (a 503 or 429 whose "debug" body lists victims, then a clean
answer): before, only the last answer was handed on, so a leak in a busy answer passed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from firewall_conformance.recipients.ledger import RESTRICTED_CLASS, Received
from tests.unit.local_server import QuietHandler, officer_task_target, serving

REASON = "Restricted - Bakofadi Lumevo is a victim"
NOTE = "witness: Kelomira Dusopane"
FILE_NAME = "Fosulame-Ritakovi.csv"
BUSY = b'{"detail": "busy", "debug": [{"name": "Vamirelo Ostekani", "role": "victim"}]}'


class _Refusing(QuietHandler):
    busy_once = True

    def do_GET(self) -> None:
        if self.path.startswith("/busy"):
            first, type(self).busy_once = type(self).busy_once, False
            if first:
                return self.answer(503, BUSY, {"Retry-After": "0"})
            return self.answer(200, b"{}", {})
        if self.path.startswith("/files/"):
            named = {"Content-Disposition": f'attachment; filename="{FILE_NAME}"'}
            return self.answer(200, b"person_id,role\r\n1,suspect\r\n", named)
        self.send_response(403, REASON)
        self.send_header("X-Note", NOTE)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def do_POST(self) -> None:  # asked for an export: where to fetch it
        self.rfile.read(int(self.headers["Content-Length"]))
        self.answer(201, b'{"export_id": "E-1", "file_path": "/files/E-1", "record_count": 1}', {})


@pytest.fixture
def refusing_url() -> Iterator[str]:
    with serving(_Refusing) as url:
        yield url


def test_the_reason_phrase_of_an_answer_to_the_officer_reaches_the_ledger(refusing_url: str):
    received: list[Received] = []
    assert not officer_task_target(refusing_url, received).operate("tasks", "list", {}).allowed
    [answer] = received
    assert answer.recipient_class == RESTRICTED_CLASS
    assert ("status line", f"403 {REASON}") in answer.fields


def test_a_read_of_an_unmapped_operation_by_the_officer_reaches_the_ledger(refusing_url: str):
    received: list[Received] = []
    assert (
        not officer_task_target(refusing_url, received)
        .read_as("immigration_officer", "/cases/7")
        .allowed
    )
    [answer] = received
    assert answer.recipient_class == RESTRICTED_CLASS
    assert ("header X-Note", NOTE) in answer.fields


def test_the_headers_an_export_arrives_with_reach_the_ledger_as_its_recipient_s(
    refusing_url: str, tmp_path: Path
):
    received: list[Received] = []
    officer_task_target(refusing_url, received).export(RESTRICTED_CLASS, "csv", tmp_path)
    to_ie = [r for r in received if r.recipient_class == RESTRICTED_CLASS]
    assert any(r.file is not None for r in to_ie)
    assert any(FILE_NAME in text for r in to_ie for _, text in r.fields), to_ie


def test_an_answer_the_harness_asked_again_after_reaches_the_ledger(refusing_url: str):
    received: list[Received] = []
    target = officer_task_target(refusing_url, received)
    target.profile.capabilities["tasks"]["list"]["path"] = "/busy"
    assert target.operate("tasks", "list", {}).allowed
    busy, used = received
    assert busy.recipient_class == used.recipient_class == RESTRICTED_CLASS
    assert ("$.debug[0].name", "Vamirelo Ostekani") in busy.fields, busy.fields
