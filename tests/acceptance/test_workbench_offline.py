"""An offline run from the browser's forms, over HTTP: an export bundle uploaded as a zip, with a
waivers file, run to its verdict; a hostile bundle zip refused before any run starts."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile
from pathlib import Path

import pytest
import requests
import yaml

from tests.acceptance.conftest import cli
from tests.acceptance.workbench_server import Workbench, workbench

RUN_SECONDS = 240


def _opened(bench: Workbench) -> tuple[requests.Session, str]:
    session = requests.Session()
    page = session.get(bench.opening("/new")).text
    found = re.search(r'name="form_token" value="([^"]+)"', page)
    assert found
    return session, found.group(1)


def _zipped(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, Path(folder.name, path.relative_to(folder)).as_posix())
    return buffer.getvalue()


@pytest.mark.slow
def test_an_uploaded_bundle_runs_offline_with_uploaded_waivers(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    made = cli("reference", "export-bundle", str(bundle), "--reference-fault", "FW-01")
    assert made.code == 0, made.stderr
    name = yaml.safe_load((bundle / "bundle.yaml").read_text(encoding="utf-8"))["bundle"]["name"]
    waivers = yaml.safe_dump(
        {
            "waivers": [
                {
                    "obligation": "FW-01",
                    "scope": {"description": "the test bundle", "targets": [name]},
                    "justification": "A known shortfall, accepted for this test.",
                    "approved_by": "A. Tester",
                    "expires": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
                    "reference": "TEST-1",
                }
            ]
        }
    )
    with workbench(tmp_path / "bench") as bench:
        session, token = _opened(bench)
        answer = session.post(
            f"{bench.url}/runs/bundle",
            data={"form_token": token, "jurisdiction": "uk", "scope": "answerable"},
            files={
                "bundle": ("bundle.zip", _zipped(bundle), "application/zip"),
                "waivers": ("waivers.yaml", waivers, "application/yaml"),
            },
        )
        assert answer.status_code == 200 and "/runs/" in answer.url, answer.text[-2000:]
        deadline = time.monotonic() + RUN_SECONDS
        while 'id="verdict"' not in (page := session.get(answer.url).text):
            assert time.monotonic() < deadline, page[-3000:]
            time.sleep(1)
    verdict = re.search(r'id="verdict">([A-Z ]+)<', page)
    assert verdict and verdict.group(1) == "CONFORMANT", page[-3000:]
    assert re.search(r"FW-01</strong>[^<]*</td><td class=\"v WAIVED\">WAIVED", page), page


def test_a_hostile_bundle_zip_starts_no_run(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bundle/bundle.yaml", "bundle_version: 1\n")
        archive.writestr("bundle/../../escaped.csv", "name\n")
    with workbench(tmp_path / "bench") as bench:
        session, token = _opened(bench)
        answer = session.post(
            f"{bench.url}/runs/bundle",
            data={"form_token": token, "jurisdiction": "uk", "scope": "all"},
            files={"bundle": ("bundle.zip", buffer.getvalue(), "application/zip")},
        )
        assert answer.status_code == 400 and "outside the folder" in answer.text
        assert [p.name for p in bench.runs.iterdir() if not p.name.startswith(".")] == []
    assert not list(tmp_path.rglob("escaped.csv"))
