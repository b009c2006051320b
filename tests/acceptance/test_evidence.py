"""Evidence an oversight body can trust, checked over the files of a real run."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from firewall_conformance.reporting import allure_html
from firewall_conformance.signed_evidence.verify import verify
from tests.acceptance.artefacts import embedded_payloads
from tests.acceptance.chromium import render
from tests.acceptance.conftest import QUICK, CliRun, cli

needs_generator = pytest.mark.skipif(
    allure_html.find_generator() is None,
    reason="the Allure generator is not installed (`make allure`); `make test` installs it",
)


class _Text(HTMLParser):
    """The text a reader sees: everything outside <style>, <script> and <head>."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("style", "script", "head")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("style", "script", "head")

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


@pytest.fixture(scope="module")
def run_dir(signed_clean_run: CliRun) -> Path:
    """The shared signed clean run; tests copy it before changing anything."""
    return signed_clean_run.reports


def copy_of(run_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(run_dir, target)
    return target


def test_an_untouched_run_verifies_with_the_signers_key(run_dir, signing_key):
    result = cli("verify", "--reports", str(run_dir), "--public-key", str(signing_key[1]))
    assert result.code == 0, result.stdout + result.stderr
    assert "VERIFIED" in result.stdout
    manifest = json.loads((run_dir / "evidence" / "manifest.json").read_text())
    assert manifest["signing"]["key"] == "provided"
    assert {"summary.html", "summary.json", "summary.md", "junit.xml"} <= manifest[
        "artefacts"
    ].keys()
    summary = json.loads((run_dir / "summary.json").read_text())
    assert manifest["suite"]["suite_hash"] == summary["suite_hash"]
    assert manifest["suite"]["matches_released"] is True
    assert manifest["verdict"] == "CONFORMANT"
    assert "FWC_TOKEN" not in json.dumps(manifest) and "Bearer" not in json.dumps(manifest)


def _flip_a_byte(path: Path) -> bytes:
    """Change one bit of the byte in the middle of `path`; its bytes before."""
    original = path.read_bytes()
    flipped = bytearray(original)
    flipped[len(original) // 2] ^= 0x01
    path.write_bytes(bytes(flipped))
    return original


def test_a_changed_byte_in_any_artefact_is_caught(run_dir, tmp_path, signing_key):
    """The evidence files (the manifest, its signature, the key) one at a time; every artefact
    the manifest lists at once, each then named as changed: verify compares each file with
    its own signed entry alone, and a verify of all ~240 files costs about 30 ms, so flipping
    them one by one cost a verify of the whole folder for each (~15 CPU seconds)."""
    reports = copy_of(run_dir, tmp_path)
    files = sorted(p for p in reports.rglob("*") if p.is_file())
    assert len(files) > 20
    names = [path.relative_to(reports).as_posix() for path in files]
    bundle = [path for path, name in zip(files, names, strict=True) if name.startswith("evidence/")]
    assert bundle
    for path in bundle:
        original = _flip_a_byte(path)
        for key in (None, signing_key[1]):
            name = path.relative_to(reports).as_posix()
            assert not verify(reports, key).ok, f"a changed byte in {name} went unnoticed"
        path.write_bytes(original)
    listed = [name for name in names if not name.startswith("evidence/")]
    originals = {path: _flip_a_byte(path) for path in files if path not in bundle}
    for key in (None, signing_key[1]):
        outcome = verify(reports, key)
        assert not outcome.ok
        assert sorted(outcome.changed) == sorted(listed), set(listed) ^ set(outcome.changed)
    for path, original in originals.items():
        path.write_bytes(original)
    assert verify(reports, signing_key[1]).ok


def test_verify_lists_changed_missing_and_added_files_and_exits_1(run_dir, tmp_path):
    reports = copy_of(run_dir, tmp_path)
    (reports / "junit.xml").unlink()
    with (reports / "summary.md").open("a") as handle:
        handle.write("\nAll compliant, honest.\n")
    (reports / "extra.txt").write_text("slipped in")
    result = cli("verify", "--reports", str(reports))
    assert result.code == 1
    assert re.search(r"changed\s+summary\.md", result.stdout)
    assert re.search(r"missing\s+junit\.xml", result.stdout)
    assert re.search(r"added\s+extra\.txt", result.stdout)


def test_a_resigned_bundle_fails_against_the_inspectors_key(run_dir, tmp_path, signing_key):
    """Someone who edits a file and signs a fresh manifest with their own key is caught by the
    inspector's key, and by nothing else: that is why inspectors bring their own."""
    reports = copy_of(run_dir, tmp_path)
    other = tmp_path / "other.pem"
    other.write_bytes(signing_key[0].read_bytes())
    # A fresh run with an ephemeral key; one obligation rewrites and re-signs every file (the
    # copied Allure HTML and summary.pdf, which it does not build, are removed as stale).
    forged = cli("run", "--obligation", "FW-02", *QUICK, reports=reports)
    assert forged.code == 0
    unkeyed = cli("verify", "--reports", str(reports))
    assert unkeyed.code == 0
    assert unkeyed.stdout.startswith("SIGNER UNVERIFIED:"), unkeyed.stdout
    result = cli("verify", "--reports", str(reports), "--public-key", str(signing_key[1]))
    assert result.code == 1
    assert "not by" in result.stdout or "signature" in result.stdout


@needs_generator
def test_the_allure_report_is_one_file_that_refers_to_no_other_host(run_dir):
    page = run_dir / "allure-report" / "index.html"
    assert [p.name for p in page.parent.iterdir()] == ["index.html"]
    html = page.read_text(encoding="utf-8")
    for tag, attribute, value in re.findall(
        r"<(script|link|img|iframe|source|embed|object)\b[^>]*?\b(src|href|data)\s*=\s*[\"']?([^\"'\s>]+)",
        html,
        flags=re.IGNORECASE,
    ):
        assert not re.match(r"(?i)(https?:)?//", value), f"<{tag} {attribute}={value[:80]}>"
    for marker in ("googletagmanager", "gtag(", "google-analytics", "dataLayer"):
        assert marker not in html, marker
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


@needs_generator
def test_the_allure_report_renders_offline_with_the_verdict(run_dir, tmp_path):
    dom = render(run_dir / "allure-report" / "index.html", screenshot=tmp_path / "allure.png")
    text = visible_text(dom)
    assert "CONFORMANT" in text
    assert "Firewall conformance" in text
    assert (tmp_path / "allure.png").stat().st_size > 10_000


def test_summary_html_renders_with_the_verdict_first(run_dir, tmp_path):
    dom = render(run_dir / "summary.html", screenshot=tmp_path / "summary.png", budget_ms=2000)
    text = visible_text(dom)
    assert text.index("CONFORMANT") < text.index("At a glance") < text.index("FW-01")
    for expected in (
        "Every obligation in scope was tested and kept.",
        "What was searched",
        "Not tested, and why",
        "Waivers in force",
        "Test persons planted",
    ):
        assert expected in text, expected
    assert "<script" not in (run_dir / "summary.html").read_text()


@dataclass
class RelativeRuns:
    """Two runs of FW-02 into ./reports, as the README's `make run` writes: the first shows a
    relative folder gets the Allure HTML (`first_built` says whether it was there before the
    second run), the second the history kept across runs. Neither test reads summary.pdf."""

    folder: Path
    first: CliRun
    first_built: bool
    second: CliRun


@pytest.fixture(scope="module")
def relative_runs(tmp_path_factory: pytest.TempPathFactory) -> RelativeRuns:
    folder = tmp_path_factory.mktemp("relative")

    def run() -> CliRun:
        return cli("run", "--obligation", "FW-02", "--no-pdf", "--reports", "reports", cwd=folder)

    first = run()
    built = (folder / "reports" / "allure-report" / "index.html").is_file()
    return RelativeRuns(folder, first, built, run())


@needs_generator
@pytest.mark.xdist_group("relative-reports-folder")
def test_history_is_kept_across_runs_in_the_same_reports_folder(relative_runs):
    reports = relative_runs.folder / "reports"
    for result in (relative_runs.first, relative_runs.second):
        assert result.code == 0, result.stdout + result.stderr
    history = (reports / "history" / "allure-history.jsonl").read_text().splitlines()
    assert len(history) == 2
    assert cli("verify", "--reports", str(reports)).code == 0


def test_every_payload_of_the_allure_report_can_be_searched(run_dir):
    """The redaction test must see inside the single file, whose data is base64."""
    page = run_dir / "allure-report" / "index.html"
    if not page.is_file():
        pytest.skip("no Allure report in this run")
    payloads = embedded_payloads(page.read_text(encoding="utf-8"))
    assert any(b'"Authorization": "***"' in p for p in payloads)


def test_without_the_generator_the_run_still_succeeds_and_says_how_to_get_it(tmp_path):
    env = {"FWC_ALLURE": str(tmp_path / "no-such-allure")}
    result = cli("run", "--obligation", "FW-02", "--no-pdf", reports=tmp_path / "r", env=env)
    assert result.code == 0, result.stdout + result.stderr
    assert not (tmp_path / "r" / "allure-report").exists()
    assert "make allure" in result.stdout
    assert any("make allure" in note for note in result.summary["notes"])
    report = cli("report", "--reports", str(tmp_path / "r"), env=env)
    assert report.code == 3 and "make allure" in report.stderr


@needs_generator
def test_report_rebuilds_the_single_file_and_verify_then_notices(run_dir, tmp_path):
    reports = copy_of(run_dir, tmp_path)
    history = (reports / "history" / "allure-history.jsonl").read_bytes()
    result = cli("report", "--reports", str(reports))
    assert result.code == 0, result.stdout + result.stderr
    assert "no external references" in result.stdout
    assert (reports / "history" / "allure-history.jsonl").read_bytes() == history
    outcome = verify(reports)
    assert outcome.changed == ["allure-report/index.html"]


@pytest.mark.xdist_group("relative-reports-folder")
def test_relative_reports_folder_still_gets_the_offline_report(relative_runs):
    """The README's `make run` writes to ./reports: the report generator must find it."""
    result = relative_runs.first
    assert result.code == 0, result.stdout + result.stderr
    assert relative_runs.first_built
    assert "was not built" not in result.stdout
