"""`check` probes every declared operation it safely can (GET only), one by one by key path."""

from __future__ import annotations

import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from tests.acceptance.conftest import cli, server_env, write_profile


def _at(server):
    return lambda document: document["target"].update(base_url=server.base_url)


def test_check_lists_each_operation_and_what_its_answer_held(tmp_path, reference_server):
    result = cli(
        "check",
        "--target",
        str(write_profile(tmp_path, _at(reference_server))),
        env=server_env(reference_server),
    )
    assert result.code == 0, result.stdout + result.stderr
    text = " ".join(result.stdout.split())
    assert "capabilities.retention.schedule" in text
    assert "years found" in text
    assert "capabilities.retention.review" in text  # listed, never sent: it would write


@pytest.mark.parametrize(
    ("edit", "key_path"),
    [
        (
            lambda caps: caps["retention"]["schedule"]["returns"].update(years="victim_yearz"),
            "capabilities.retention.schedule.returns.years",
        ),
        (
            lambda caps: caps["retention"]["schedule"].update(path="/api/v1/retention/schedul"),
            "capabilities.retention.schedule",
        ),
    ],
)
def test_check_fails_an_operation_whose_answer_does_not_hold_what_is_declared(
    tmp_path, reference_server, edit, key_path
):
    def point_and_edit(document):
        _at(reference_server)(document)
        edit(document["capabilities"])

    result = cli(
        "check",
        "--target",
        str(write_profile(tmp_path, point_and_edit)),
        env=server_env(reference_server),
    )
    assert result.code == 2, result.stdout + result.stderr
    failed = [line for line in result.stdout.splitlines() if "failed" in line]
    assert any(key_path in line for line in failed), result.stdout


class _Recorder(BaseHTTPRequestHandler):
    """Answers everything with plain text, and remembers every method it was sent."""

    seen: ClassVar[list[str]] = []

    def _answer(self) -> None:
        self.seen.append(self.command)
        body = b"hello, this is not JSON"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

    def log_message(self, *args) -> None:
        pass


def test_check_sends_only_reads_and_fails_an_answer_of_the_wrong_kind(tmp_path, reference_server):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        address = f"http://127.0.0.1:{server.server_address[1]}"
        profile = write_profile(tmp_path, lambda d: d["target"].update(base_url=address))
        result = cli("check", "--target", str(profile), env=server_env(reference_server))
    finally:
        server.shutdown()
    assert _Recorder.seen, "the probe sent nothing: the test shows nothing"
    assert set(_Recorder.seen) <= {"GET", "HEAD"}
    assert result.code == 2, result.stdout + result.stderr
    text = " ".join(result.stdout.split())
    assert "capabilities.retention.schedule" in text
    assert "not JSON" in text


def test_check_without_credentials_can_validate_only_and_says_what_was_not_probed(tmp_path):
    profile = write_profile(tmp_path, lambda d: None)
    env = {k: "" for k in os.environ if k.startswith("FWC_TOKEN_")}
    result = cli("check", "--target", str(profile), "--no-probe", env=env)
    assert result.code == 0, result.stdout + result.stderr
    text = " ".join(result.stdout.split())
    assert "not probed" in text
    assert "capabilities.retention.schedule" in text
