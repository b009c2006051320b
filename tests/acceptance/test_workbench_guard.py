"""What a real `firewall-conformance serve` refuses over HTTP, without a browser: requests
without the token, forms without a form token, oversized or unsized uploads, paths out of the
runs folder, and hostile zips; and how it starts and refuses to start."""

from __future__ import annotations

import http.client
import io
import json
import re
import subprocess
import sys
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest
import requests

from firewall_conformance.reporting.allure_html import CSP as REPORT_CSP
from firewall_conformance.workbench.settings import UPLOAD_LIMIT
from tests.acceptance.workbench_server import Workbench, free_port, workbench

RUN = "20261205T000000Z-abcdef"


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("workbench")
    run = folder / "runs" / RUN
    run.mkdir(parents=True)
    (run / "summary.html").write_text("<html><body>the summary</body></html>")
    (folder / "secret.txt").write_text("not for the browser")
    (run / "leak.txt").symlink_to(folder / "secret.txt")
    with workbench(folder) as served:
        yield served


def _opened(bench: Workbench) -> requests.Session:
    session = requests.Session()
    answer = session.get(bench.opening())
    assert answer.status_code == 200 and answer.url == f"{bench.url}/"
    return session


def _form_token(session: requests.Session, bench: Workbench, path: str) -> str:
    found = re.search(r'name="form_token" value="([^"]+)"', session.get(f"{bench.url}{path}").text)
    assert found, f"no form token on {path}"
    return found.group(1)


def _raw(bench: Workbench, method: str, path: str, headers: dict[str, str], cookie: str) -> int:
    """The status of a request sent exactly as written (no path clean-up, no body)."""
    address = urlsplit(bench.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    connection.putrequest(method, path, skip_accept_encoding=True)
    connection.putheader("Cookie", cookie)
    for name, value in headers.items():
        connection.putheader(name, value)
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


def _cookies(session: requests.Session) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


def test_every_page_is_refused_without_the_token_and_keeps_the_no_network_policy(
    bench: Workbench,
) -> None:
    for path in ("/", "/new", "/compare", "/verify", f"/runs/{RUN}", f"/runs/{RUN}/evidence.zip"):
        answer = requests.get(f"{bench.url}{path}")
        assert answer.status_code == 403, path
        assert "needs its access token" in answer.text
        assert "default-src 'none'" in answer.headers["Content-Security-Policy"]
    session = _opened(bench)
    for path in ("/", "/new", "/compare", "/verify"):
        answer = session.get(f"{bench.url}{path}")
        assert answer.status_code == 200, path
        assert "default-src 'none'" in answer.headers["Content-Security-Policy"]
        assert "<script" not in answer.text and "http://" not in answer.text.replace(bench.url, "")


def test_a_page_that_does_not_exist_is_said_so_in_words(bench: Workbench) -> None:
    session = _opened(bench)
    missing = session.get(f"{bench.url}/no-such-page")
    assert missing.status_code == 404 and "no such page" in missing.text
    misused = session.get(f"{bench.url}/runs/reference")
    assert misused.status_code in (404, 405) and "<main>" in misused.text
    assert "default-src 'none'" in missing.headers["Content-Security-Policy"]


def test_a_form_without_its_token_starts_nothing(bench: Workbench) -> None:
    session = _opened(bench)
    before = sorted(bench.runs.iterdir())
    for form in ({"jurisdiction": "uk"}, {"jurisdiction": "uk", "form_token": "forged"}):
        answer = session.post(f"{bench.url}/runs/reference", data=form)
        assert answer.status_code == 403 and "form token" in answer.text
    stranger = requests.Session()
    token = _form_token(session, bench, "/new")
    answer = stranger.post(
        f"{bench.url}/runs/reference", data={"jurisdiction": "uk", "form_token": token}
    )
    assert answer.status_code == 403, "a form token without the access cookie"
    assert sorted(bench.runs.iterdir()) == before


def test_an_oversized_or_unsized_upload_is_refused_unread(bench: Workbench) -> None:
    session = _opened(bench)
    cookie = _cookies(session)
    too_big = {
        "Content-Length": str(UPLOAD_LIMIT + 1),
        "Content-Type": "multipart/form-data; boundary=x",
    }
    assert _raw(bench, "POST", "/verify", too_big, cookie) == 413
    unsized = {"Transfer-Encoding": "chunked", "Content-Type": "multipart/form-data; boundary=x"}
    assert _raw(bench, "POST", "/verify", unsized, cookie) == 411


def test_only_files_inside_the_runs_folder_are_served_and_never_through_a_link(
    bench: Workbench,
) -> None:
    session = _opened(bench)
    served = session.get(f"{bench.url}/runs/{RUN}/files/summary.html")
    assert served.status_code == 200 and "the summary" in served.text
    assert served.headers["Content-Security-Policy"] == REPORT_CSP
    cookie = _cookies(session)
    for path in (
        f"/runs/{RUN}/files/leak.txt",
        f"/runs/{RUN}/files/../../secret.txt",
        f"/runs/{RUN}/files/%2e%2e/%2e%2e/secret.txt",
        "/runs/..%2fsecret.txt/files/x",
        f"/runs/{RUN}/files/",
        "/runs/.workbench/files/x.log",
    ):
        assert _raw(bench, "GET", path, {}, cookie) == 404, path


def test_a_hostile_evidence_zip_is_refused_and_nothing_lands_outside(bench: Workbench) -> None:
    session = _opened(bench)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../../../../../tmp/fwc-workbench-escaped.txt", "escaped")
    answer = session.post(
        f"{bench.url}/verify",
        data={"form_token": _form_token(session, bench, "/verify")},
        files={"evidence": ("evidence.zip", buffer.getvalue(), "application/zip")},
    )
    assert answer.status_code == 400
    assert "refused" in answer.text and "outside the folder" in answer.text
    assert not Path("/tmp/fwc-workbench-escaped.txt").exists()


def test_a_run_folder_without_a_summary_shows_no_verdict(bench: Workbench) -> None:
    session = _opened(bench)
    page = session.get(f"{bench.url}/runs/{RUN}").text
    main = page[page.index("<main>") :]
    assert "No verdict" in main and "no summary.json" in main
    assert not re.search("CONFORMANT|COMPLIANT|BREACH", main)


def test_serve_prints_a_random_token_and_refuses_a_token_file_others_can_read(
    tmp_path: Path,
) -> None:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "firewall_conformance",
            "serve",
            "--runs",
            str(tmp_path / "runs"),
            "--port",
            str(port),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any("?token=" in line for line in lines):
            lines.append(process.stderr.readline())
        opened = next((line for line in lines if "?token=" in line), "")
        found = re.search(rf"http://127\.0\.0\.1:{port}/\?token=([A-Za-z0-9_-]{{24,}})", opened)
        assert found, "".join(lines)
        while True:
            try:
                assert requests.get(f"http://127.0.0.1:{port}/", timeout=30).status_code == 403
                break
            except requests.ConnectionError:
                assert process.poll() is None and time.monotonic() < deadline, "not serving"
                time.sleep(0.3)
        session = requests.Session()
        assert (
            session.get(f"http://127.0.0.1:{port}/?token={found.group(1)}", timeout=30).status_code
            == 200
        )
    finally:
        process.terminate()
        process.communicate(timeout=30)

    shared = tmp_path / "token"
    shared.write_text("a-token-long-enough-to-use-1234")
    shared.chmod(0o644)
    refused = subprocess.run(
        [
            sys.executable,
            "-m",
            "firewall_conformance",
            "serve",
            "--token-file",
            str(shared),
            "--port",
            str(free_port()),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 3
    assert "can be read by other users" in refused.stderr
    assert "a-token-long-enough" not in refused.stderr


def test_an_uploaded_profile_is_not_kept_when_invalid_and_errors_name_the_key(
    bench: Workbench,
) -> None:
    session = _opened(bench)
    profile = json.dumps({"target": {"name": "x"}, "accounts": {}})
    answer = session.post(
        f"{bench.url}/profiles",
        data={"form_token": _form_token(session, bench, "/new"), "name": "bad.yaml"},
        files={"profile": ("bad.yaml", profile, "application/yaml")},
    )
    assert answer.status_code == 400
    assert "at target: &#39;base_url&#39; is a required property" in answer.text
    assert list(bench.profiles.iterdir()) == []


def _wait_for_end(session: requests.Session, address: str) -> str:
    deadline = time.monotonic() + 240
    while "running…" in (page := session.get(address).text):
        assert time.monotonic() < deadline, page[-2000:]
        time.sleep(1)
    return page[page.index("<main>") :]


@pytest.mark.slow
def test_one_run_at_a_time_per_target(bench: Workbench) -> None:
    session = _opened(bench)
    form = {"jurisdiction": "uk", "scope": "all", "obligation": "FW-02"}
    first = session.post(
        f"{bench.url}/runs/reference",
        data={**form, "form_token": _form_token(session, bench, "/new")},
    )
    assert first.status_code == 200 and "/runs/" in first.url
    second = session.post(
        f"{bench.url}/runs/reference",
        data={**form, "form_token": _form_token(session, bench, "/new")},
    )
    assert second.status_code == 409 and "still going" in second.text
    assert 'id="verdict">CONFORMANT<' in _wait_for_end(session, first.url)


def _uploaded_and_run(session: requests.Session, bench: Workbench, name: str, profile: str) -> str:
    """Upload `profile` as `name`, run it with no credential typed, and the page it ends on."""
    kept = session.post(
        f"{bench.url}/profiles",
        data={"form_token": _form_token(session, bench, "/new"), "name": name},
        files={"profile": (name, profile, "application/yaml")},
    )
    assert kept.status_code == 200 and kept.url.endswith(f"name={name}"), kept.text
    started = session.post(
        f"{bench.url}/runs/profile",
        data={
            "form_token": _form_token(session, bench, f"/new/profile?name={name}"),
            "name": name,
            "jurisdiction": "uk",
            "scope": "all",
        },
    )
    assert started.status_code == 200 and "/runs/" in started.url, started.text
    return _wait_for_end(session, started.url)


def test_a_run_that_cannot_start_shows_its_error_not_a_verdict(bench: Workbench) -> None:
    session = _opened(bench)
    profile = (
        Path(__file__).resolve().parents[2] / "fixtures" / "targets" / "reference.yaml"
    ).read_text()
    page = _uploaded_and_run(session, bench, "no-credentials.yaml", profile)
    assert "No verdict" in page and "ERROR" in page
    assert "no credential in the environment" in page
    assert not re.search("CONFORMANT|COMPLIANT|BREACH", page)


class _Recorder(BaseHTTPRequestHandler):
    """A target that records every header sent to it and answers nothing useful."""

    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.seen.append(str(self.headers))
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_PUT = do_DELETE = do_GET

    def log_message(self, *args: object) -> None:
        pass


HELD = {
    f"FWC_TOKEN_{who}": f"held-by-the-inspector-{who}"
    for who in ("OFFICER", "IE_OFFICER", "AUDITOR")
}


def test_a_profile_gets_only_the_credentials_typed_not_the_workbenchs_own(tmp_path) -> None:
    """A profile (perhaps the vendor's) names variables the workbench's own environment
    holds. Before: the run inherited them, so the inspector's secrets went to the target
    without being typed."""
    recorder = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=recorder.serve_forever, daemon=True).start()
    profile = (
        (Path(__file__).resolve().parents[2] / "fixtures" / "targets" / "reference.yaml")
        .read_text()
        .replace("http://127.0.0.1:8000", f"http://127.0.0.1:{recorder.server_address[1]}")
    )
    try:
        with workbench(tmp_path, env=HELD) as bench:
            page = _uploaded_and_run(_opened(bench), bench, "vendor.yaml", profile)
    finally:
        recorder.shutdown()
    assert not [h for h in _Recorder.seen if any(v in h for v in HELD.values())]
    assert "no credential in the environment" in page
