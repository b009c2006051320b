"""`init --openapi` writes a profile skeleton from a system's OpenAPI document; `check`
refuses it until its TODOs are settled, then accepts it, and a run goes through it."""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
import requests
import yaml

from firewall_conformance.inputs.documents import validate
from firewall_conformance.scenario_suite.files import reference_profile
from firewall_conformance.targets.profile_names import todo_markers
from tests.acceptance.conftest import cli, server_env

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _steps(path: str) -> list[str | int]:
    return [int(index) if index else key for key, index in _STEP.findall(path)]


def _settle(document: dict[str, Any], answers: dict[str, Any]) -> None:
    """What a user does with each TODO, scripted: give the value the system needs there (for
    this test, the one the reference profile has at that key), or remove the entry when the
    system needs none. A TODO inside a list settles the whole list."""
    for path in todo_markers(document):
        steps = _steps(path)
        if isinstance(steps[-1], int):
            steps = steps[:-1]
        parent: Any = document
        for step in steps[:-1]:
            parent = parent[step]
        answer: Any = answers
        for step in steps:
            answer = answer.get(step) if isinstance(answer, dict) else None
        if answer is None:
            parent.pop(steps[-1], None)
        else:
            parent[steps[-1]] = answer


def _init(*args: str) -> Any:
    return cli("init", *args)


def test_init_check_and_run_on_the_references_own_document(tmp_path, reference_server):
    profile = tmp_path / "profile.yaml"
    written = _init("--openapi", reference_server.base_url + "/openapi.json", "--out", str(profile))
    assert written.code == 0, written.stderr
    text = profile.read_text(encoding="utf-8")
    assert text.startswith("# ")
    skeleton = yaml.safe_load(text)
    validate(skeleton, "profile", str(profile))  # valid as written, TODOs and all
    assert skeleton["target"]["base_url"] == reference_server.base_url

    refused = cli("check", "--target", str(profile), env=server_env(reference_server))
    assert refused.code == 3
    assert "accounts.investigator.token_env: still marked TODO" in " ".join(refused.stderr.split())

    answers = yaml.safe_load(reference_profile().read_text(encoding="utf-8"))
    _settle(skeleton, answers)
    assert not todo_markers(skeleton)
    # What the skeleton's comment on the outbound feeds asks for (else a 30-second window).
    for key in ("window_seconds", "quiet_seconds"):
        skeleton["capabilities"]["outbound"][key] = answers["capabilities"]["outbound"][key]
    profile.write_text(yaml.safe_dump(skeleton, sort_keys=False), encoding="utf-8")
    accepted = cli("check", "--target", str(profile), env=server_env(reference_server))
    assert accepted.code == 0, accepted.stdout + accepted.stderr

    run = cli(
        "run",
        "--target",
        str(profile),
        "--no-html",
        "--no-pdf",
        reports=tmp_path / "reports",
        env=server_env(reference_server),
    )
    verdicts = run.verdicts
    print("verdicts through the settled skeleton:", json.dumps(verdicts))
    assert "BREACH" not in verdicts.values(), verdicts
    assert run.code in (0, 2), run.stdout + run.stderr


@pytest.fixture(scope="module")
def reference_document(reference_server) -> dict[str, Any]:
    return requests.get(reference_server.base_url + "/openapi.json", timeout=10).json()


def _todo_problems(profile: Path) -> str:
    result = cli("check", "--target", str(profile), "--no-probe")
    assert result.code == 3, result.stdout + result.stderr
    return " ".join(result.stderr.split())


def test_a_yaml_openapi_3_0_file_gives_a_profile_whose_gaps_check_refuses(
    tmp_path, reference_document
):
    document = {**json.loads(json.dumps(reference_document)), "openapi": "3.0.3"}
    del document["paths"]["/api/v1/retention/schedule"]  # no operation fits any more
    # Two operations fit the e-mail requests equally well: neither may be taken silently.
    document["paths"]["/api/v2/mail"] = json.loads(json.dumps(document["paths"]["/api/v1/mail"]))
    source = tmp_path / "openapi.yaml"
    source.write_text(yaml.safe_dump(document), encoding="utf-8")
    profile = tmp_path / "profile.yaml"
    assert _init("--openapi", str(source), "--out", str(profile)).code == 0
    skeleton = yaml.safe_load(profile.read_text(encoding="utf-8"))
    validate(skeleton, "profile", str(profile))
    problems = _todo_problems(profile)
    assert "target.base_url: still marked TODO" in problems  # a file names no address
    assert "capabilities.retention.schedule.path: still marked TODO" in problems
    assert "capabilities.mail.send_to_prosecution.path: still marked TODO" in problems
    # What fits with certainty is written as found.
    assert skeleton["capabilities"]["search"]["path"] == "/api/v1/persons"
    assert "TODO" not in skeleton["capabilities"]["seed-case"]["remove_person"]["path"]


def test_init_never_writes_over_an_existing_file(tmp_path, reference_document):
    source = tmp_path / "openapi.json"
    source.write_text(json.dumps(reference_document), encoding="utf-8")
    profile = tmp_path / "profile.yaml"
    profile.write_text("mine\n", encoding="utf-8")
    result = _init("--openapi", str(source), "--out", str(profile))
    assert result.code == 3
    assert profile.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (json.dumps({"swagger": "2.0", "paths": {"/a": {}}}), "not an OpenAPI 3.0 or 3.1"),
        ("openapi: 3.1.0\npaths: &p {/a: {get: {}}}\nmore: *p\n", "aliases"),
        ("{not json: [", "neither JSON nor YAML"),
    ],
)
def test_a_document_that_cannot_be_used_is_refused(tmp_path, content, said):
    source = tmp_path / "openapi.txt"
    source.write_text(content, encoding="utf-8")
    result = _init("--openapi", str(source))
    assert result.code == 3
    assert said in " ".join(result.stderr.split())


class _Hostile(BaseHTTPRequestHandler):
    """Serves an endless document (/huge) or one a byte at a time without end (/slow)."""

    served: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.served.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        chunk = b" " * 65536 if self.path == "/huge" else b" "
        try:
            for _ in range(400 if self.path == "/huge" else 10**6):
                self.wfile.write(chunk)
                self.wfile.flush()
                if self.path == "/slow":
                    time.sleep(0.1)
        except OSError:
            pass  # the reader gave up, as it should

    def log_message(self, *args) -> None:
        pass


# Before: the deadline was looked at between chunks of 64 KiB, so a byte every tenth of a
# second, each inside the read time-out, never reached it: `init` waited for ever.
@pytest.mark.parametrize(
    ("path", "said"), [("/huge", "larger than"), ("/slow", "was not complete after 1 seconds")]
)
def test_a_url_is_read_with_a_size_cap_and_a_time_limit(path, said):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        started = time.monotonic()
        url = f"http://127.0.0.1:{server.server_address[1]}{path}"
        result = _init("--openapi", url, "--timeout", "1")
        took = time.monotonic() - started
    finally:
        server.shutdown()
    assert _Hostile.served, "the server was never asked: the test shows nothing"
    assert result.code == 3, result.stdout + result.stderr
    assert said in " ".join(result.stderr.split())
    assert took < 30


def test_a_credential_in_the_url_is_never_written(tmp_path, reference_server):
    port = reference_server.base_url.rsplit(":", 1)[1]
    url = f"http://someone:s3cret-pw@127.0.0.1:{port}/openapi.json?api_key=s3cret-key"
    profile = tmp_path / "profile.yaml"
    written = _init("--openapi", url, "--out", str(profile))
    assert written.code == 0, written.stderr
    text = profile.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["target"]["base_url"] == reference_server.base_url
    missing = _init("--openapi", url.replace("/openapi.json", "/nothing-here"))
    assert missing.code == 3
    for said in (text, written.stderr, missing.stderr):
        assert "s3cret" not in said
