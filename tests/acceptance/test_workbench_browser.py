"""The workbench driven as an inspector drives it: in a real headless Chromium (Debian's, through
Playwright; no browser is downloaded), against a real `firewall-conformance serve` that starts
real runs. Screenshots of each page go to FWC_WORKBENCH_SHOTS when it names a folder."""

from __future__ import annotations

import io
import os
import re
import time
import zipfile
from pathlib import Path

import pytest
import yaml

from firewall_conformance.scenario_suite.files import reference_profile
from tests.acceptance.conftest import server_env
from tests.acceptance.workbench_server import Workbench, workbench

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
CHROMIUM = "/usr/bin/chromium"
RUN_SECONDS = 300
# What the inspector's two reference runs are narrowed to (~1 CPU-s each instead of a whole
# run's ~10): FW-02 is what the fault breaks; FW-01's outbound window keeps a run going ~10 s,
# long enough for its page to be seen while it runs.
NARROWED = ("FW-01", "FW-02")


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("FWC_WORKBENCH_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: `make test` installs it (apt-get install chromium)")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


class Watched:
    """A browser page whose every request and every page's headers are kept, to show that
    nothing left the workbench and every page carried the no-network policy."""

    def __init__(self, browser, bench: Workbench, downloads: bool = True) -> None:
        self.context = browser.new_context(
            accept_downloads=downloads, viewport={"width": 1300, "height": 900}
        )
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.policies: dict[str, str | None] = {}
        self.expected: int | None = None  # the count a running run's page gave, if any
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on(
            "response",
            lambda r: (
                self.policies.__setitem__(r.url, r.headers.get("content-security-policy"))
                if r.request.resource_type == "document"
                else None
            ),
        )

    def shot(self, folder: Path, name: str) -> None:
        self.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _finished(watched: Watched, bench: Workbench, shots: Path, name: str) -> tuple[str, int]:
    """Wait on a run's page, which reloads itself while the run goes, until its verdict shows;
    the run's id and the most scenario rows seen while it was still running."""
    page = watched.page
    run_id = page.url.rsplit("/", 1)[1]
    most, shot_taken, deadline = 0, False, time.monotonic() + RUN_SECONDS
    while time.monotonic() < deadline:
        try:
            if page.locator("#verdict").count():
                return run_id, most
            if page.locator("text=running…").count():
                rows = page.locator("table tr").count() - 1
                most = max(most, rows)
                told = re.search(r"of (\d+)\s+scenarios finished", page.inner_text("main"))
                watched.expected = int(told.group(1)) if told else watched.expected
                if rows >= 3 and not shot_taken:
                    watched.shot(shots, f"{name}-running")
                    shot_taken = True
        except playwright.Error:
            pass  # the page was reloading under the look
        time.sleep(0.5)
    log = next(bench.runs.glob(f".workbench/{run_id}.log"), None)
    pytest.fail(
        f"run {run_id} gave no verdict in {RUN_SECONDS} s: {log and log.read_text()[-2000:]}"
    )


def _start_reference_run(watched: Watched, bench: Workbench, fault: str, html: bool) -> None:
    page = watched.page
    page.goto(f"{bench.url}/new")
    page.select_option("#fault", fault)
    for obligation in NARROWED:
        page.check(f"#reference input[name=obligation][value={obligation}]")
    if not html:
        page.uncheck("#reference input[name=html]")
    page.click("#reference button[type=submit]")
    page.wait_for_url(re.compile(r"/runs/[0-9TZ]+-[0-9a-f]+$"))


@pytest.mark.slow
def test_an_inspector_runs_watches_opens_compares_and_verifies_in_a_browser(
    tmp_path: Path, browser, shots: Path
) -> None:
    with workbench(tmp_path) as bench:
        watched = Watched(browser, bench)
        page = watched.page
        opened = page.goto(bench.opening())
        assert opened is not None and page.url == f"{bench.url}/", "the token stays in the address"
        assert "No runs yet" in page.inner_text("main")
        watched.shot(shots, "01-runs-empty")
        page.goto(f"{bench.url}/new")
        watched.shot(shots, "02-new-run")

        _start_reference_run(watched, bench, "", html=True)
        clean, seen_running = _finished(watched, bench, shots, "03-clean")
        assert page.inner_text("#verdict") == "CONFORMANT", page.inner_text("main")
        assert seen_running >= 1, "the run's page showed no scenario while the run went"
        # How many there are to run, from the run's own first line (before: only "N finished").
        assert watched.expected == _scenarios_in(bench.runs / clean), watched.expected
        watched.shot(shots, "04-run-clean")

        page.click("text=Summary")
        assert "CONFORMANT" in page.inner_text("body")
        watched.shot(shots, "05-summary-html")
        page.go_back()
        allure = page.locator("text=Step-by-step report (Allure)")
        if allure.count():
            allure.click()
            page.wait_for_selector("text=Powered by", timeout=30000)
            watched.shot(shots, "06-allure")
            page.go_back()
        with page.expect_download() as download:
            page.click("text=Evidence folder (zip)")
        evidence = tmp_path / "clean.zip"
        download.value.save_as(evidence)

        _start_reference_run(watched, bench, "FW-02", html=False)
        faulted, _ = _finished(watched, bench, shots, "07-faulted")
        assert page.inner_text("#verdict") == "BREACH"
        watched.shot(shots, "08-run-breach")

        page.goto(f"{bench.url}/compare")
        page.select_option("#before", clean)
        page.select_option("#after", faulted)
        page.click("button[type=submit]")
        changed = page.locator("#changes tr.changed")
        assert changed.count() == 1, page.inner_text("#changes")
        row = changed.first.inner_text()
        assert row.startswith("FW-02") and "COMPLIANT" in row and "BREACH" in row, row
        assert "status check" in row, row
        watched.shot(shots, "09-compare")

        page.goto(f"{bench.url}/verify")
        page.set_input_files("#evidence", str(evidence))
        page.click("button[type=submit]")
        outcome = page.inner_text("#outcome")
        assert outcome.startswith("SIGNER UNVERIFIED:") and f"run {_run_id_in(evidence)}" in outcome
        watched.shot(shots, "10-verify")

        tampered = tmp_path / "tampered.zip"
        _rewrite(
            evidence, tampered, "summary.json", lambda text: text.replace("CONFORMANT", "BREACH")
        )
        page.goto(f"{bench.url}/verify")
        page.set_input_files("#evidence", str(tampered))
        page.click("button[type=submit]")
        outcome = page.inner_text("#outcome")
        assert outcome.startswith("NOT VERIFIED") and "changed: summary.json" in outcome, outcome
        watched.shot(shots, "11-verify-tampered")

        page.goto(f"{bench.url}/")
        listed = page.inner_text("table")
        assert clean in listed and faulted in listed and "BREACH" in listed
        watched.shot(shots, "12-runs")

        outside = [u for u in watched.requests if not u.startswith(bench.url)]
        assert not outside, f"requests left the workbench: {outside}"
        unguarded = [
            u for u, csp in watched.policies.items() if not csp or "default-src 'none'" not in csp
        ]
        assert not unguarded, f"pages without the no-network policy: {unguarded}"

        refused_without_token(browser, bench, shots)
        refused_without_form_token(watched, bench)
        assert sorted(p.name for p in bench.runs.iterdir() if not p.name.startswith(".")) == sorted(
            [clean, faulted]
        ), "a refused form started a run"


def refused_without_token(browser, bench: Workbench, shots: Path) -> None:
    stranger = Watched(browser, bench)
    for path in ("/", "/new", "/verify", "/compare"):
        answer = stranger.page.goto(f"{bench.url}{path}")
        assert answer is not None and answer.status == 403, path
        assert "needs its access token" in stranger.page.inner_text("main")
    wrong = stranger.page.goto(f"{bench.url}/?token=not-the-token")
    assert wrong is not None and wrong.status == 403
    stranger.shot(shots, "13-refused-without-token")
    stranger.context.close()


def refused_without_form_token(watched: Watched, bench: Workbench) -> None:
    """The inspector's own browser, cookies and all, posting a form that did not come from the
    workbench's page: as another site would make it do."""
    forged = watched.page.request.post(
        f"{bench.url}/runs/reference", form={"jurisdiction": "uk", "form_token": "forged.token.x"}
    )
    missing = watched.page.request.post(f"{bench.url}/runs/reference", form={"jurisdiction": "uk"})
    for answer in (forged, missing):
        assert answer.status == 403
        assert "form token" in answer.text()


def _scenarios_in(run: Path) -> int:
    summary = yaml.safe_load((run / "summary.json").read_text(encoding="utf-8"))
    return sum(len(o["scenarios"]) for o in summary["obligations"])


def _run_id_in(evidence: Path) -> str:
    with zipfile.ZipFile(evidence) as archive:
        return str(yaml.safe_load(archive.read("summary.json"))["run_id"])


def _rewrite(source: Path, target: Path, member: str, change) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(buffer, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == member:
                data = change(data.decode()).encode()
            new.writestr(info, data)
    target.write_bytes(buffer.getvalue())


@pytest.mark.slow
def test_a_profile_is_uploaded_checked_and_run_with_credentials_kept_off_disk(
    tmp_path: Path, browser, shots: Path, reference_server
) -> None:
    document = yaml.safe_load(reference_profile().read_text(encoding="utf-8"))
    broken = {
        **document,
        "target": {k: v for k, v in document["target"].items() if k != "base_url"},
    }
    document["target"]["base_url"] = reference_server.base_url
    (tmp_path / "good.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
    (tmp_path / "broken.yaml").write_text(yaml.safe_dump(broken), encoding="utf-8")
    credentials = server_env(reference_server)
    with workbench(tmp_path / "bench") as bench:
        watched = Watched(browser, bench)
        page = watched.page
        page.goto(bench.opening("/new"))

        page.set_input_files("#profile", str(tmp_path / "broken.yaml"))
        page.fill("#profile-name", "broken.yaml")
        page.click("form[action='/profiles'] button")
        problems = page.inner_text("#problems")
        assert "at target" in problems and "base_url" in problems, problems
        watched.shot(shots, "14-profile-refused")
        assert not (bench.profiles / "broken.yaml").exists()

        page.goto(f"{bench.url}/new")
        page.set_input_files("#profile", str(tmp_path / "good.yaml"))
        page.fill("#profile-name", "exampleshire.yaml")
        page.click("form[action='/profiles'] button")
        assert page.url.endswith("/new/profile?name=exampleshire.yaml")
        asked = [
            name.removeprefix("credential:")
            for name in page.locator("input[type=password]").evaluate_all(
                "fields => fields.map(f => f.name)"
            )
        ]
        wanted = {
            spec["token_env"] for spec in document["accounts"].values() if "token_env" in spec
        }
        assert set(asked) == wanted, asked
        for variable in asked:
            page.fill(f"#c-{variable}", credentials[variable])
        page.check("input[name=obligation][value=FW-02]")
        page.uncheck("input[name=html]")
        watched.shot(shots, "15-profile-run-form")
        page.click("form[action='/runs/profile'] button")
        page.wait_for_url(re.compile(r"/runs/[0-9TZ]+-[0-9a-f]+$"))
        _finished(watched, bench, shots, "16-profile")
        assert page.inner_text("#verdict") == "CONFORMANT", page.inner_text("main")
        watched.shot(shots, "17-profile-run")

    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".png"]
    for path in written:
        content = path.read_bytes()
        leaked = [v for v, secret in credentials.items() if secret.encode() in content]
        assert not leaked, f"{path} holds the credential of {leaked}"
