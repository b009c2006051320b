"""The offline Allure report: one HTML file, built from allure-results by the pinned Allure 3
generator, that opens from file:// and makes no request to anyone.

Allure 3 embeds a Google Analytics tag and ignores ALLURE_NO_ANALYTICS, so the tag is removed
from its output; a Content-Security-Policy that forbids every network fetch is added as a second
line of defence; and a report in which any external reference survives is refused, not written.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from firewall_conformance.reporting import generator_install, node_runtime
from firewall_conformance.reporting.allure_extras import ALLURE3_CATEGORIES

GENERATOR_VARIABLE = "FWC_ALLURE"
REPORT_DIR = "allure-report"
HISTORY_FILE = "allure-history.jsonl"
HISTORY_LIMIT = 50
TIMEOUT_SECONDS = 300
THEN_REPORT = "; then `firewall-conformance report --reports REPORTS_DIR` adds the report to this run's folder"
CSP = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval' data: blob:; "
    "style-src 'unsafe-inline' data: blob:; img-src data: blob:; font-src data:; "
    "media-src data: blob:; connect-src data: blob:; worker-src data: blob:; "
    "frame-src data: blob:; form-action 'none'"
)

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_EXTERNAL_SRC = re.compile(r"""\bsrc\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
_ANALYTICS = re.compile(r"gtag\s*\(|dataLayer|googletagmanager|google-analytics", re.IGNORECASE)
_TAG_WITH_URL = re.compile(
    r"""<(script|link|img|iframe|frame|embed|object|source|audio|video|track|image|use|form|base)\b"""
    r"""[^>]*?\b(?:src|href|data|action|poster|srcset|xlink:href)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)""",
    re.IGNORECASE,
)


class ReportError(Exception):
    """The generator is missing or failed, or its output could not be made safe."""


@dataclass(frozen=True)
class BuiltReport:
    path: Path
    bytes: int
    seconds: float
    removed: int


def _source_checkout_tools() -> Path:
    return Path(__file__).resolve().parents[3] / "tools" / "allure"


def _in_source_checkout() -> bool:
    return (_source_checkout_tools().parent.parent / "Makefile").is_file()


def install_hint() -> str:
    """How to get the generator: `make allure` in a source checkout, the tool's own
    `install-report-generator` for an installed package."""
    if _in_source_checkout():
        return (
            "`make allure` installs the pinned generator (and Node.js, if this machine has no "
            f"Node.js {node_runtime.MINIMUM_MAJOR}+), or set {GENERATOR_VARIABLE} to an Allure 3 "
            f"`allure` executable{THEN_REPORT}"
        )
    return (
        "`firewall-conformance install-report-generator` installs the pinned generator (it "
        f"needs Node.js {node_runtime.MINIMUM_MAJOR}+, or `pip install "
        f"'firewall-conformance[report]'`), or set {GENERATOR_VARIABLE} to an Allure 3 "
        f"`allure` executable{THEN_REPORT}"
    )


def _installed_generator() -> Path | None:
    """The generator `make allure` installed in a source checkout, else the one
    `install-report-generator` installed in the user's data directory."""
    for folder in (_source_checkout_tools(), generator_install.user_folder()):
        if generator_install.is_installed(folder):
            return generator_install.generator_script(folder)
    return None


def find_generator() -> list[str] | None:
    """The command that runs the generator: FWC_ALLURE if set, else an installed copy, run by
    a Node.js new enough for it."""
    configured = os.environ.get(GENERATOR_VARIABLE)
    if configured:
        return [configured] if Path(configured).is_file() else None
    installed = _installed_generator()
    node = node_runtime.find_node() if installed is not None else None
    return [str(node), str(installed)] if node and installed else None


def _why_no_generator() -> str:
    if os.environ.get(GENERATOR_VARIABLE) or _installed_generator() is None:
        return "the Allure report generator is not installed"
    return f"no Node.js {node_runtime.MINIMUM_MAJOR}+ was found to run the Allure report generator"


def external_references(html: str) -> list[str]:
    """Every URL a tag would fetch from another host, and any analytics code left over."""
    found = [f"<{m.group(1)}> {m.group(2)}" for m in _TAG_WITH_URL.finditer(html)]
    found += [f"analytics code: {m.group(0)}" for m in _ANALYTICS.finditer(_inline_scripts(html))]
    return found


def _inline_scripts(html: str) -> str:
    return "\n".join(m.group(2) for m in _SCRIPT.finditer(html) if "src" not in m.group(1).lower())


def make_offline(html: str) -> tuple[str, int]:
    """Drop every script that loads from another host or runs analytics; add the CSP."""
    removed = 0

    def keep_or_drop(match: re.Match[str]) -> str:
        nonlocal removed
        attributes, content = match.group(1), match.group(2)
        if _EXTERNAL_SRC.search(attributes) or _ANALYTICS.search(content):
            removed += 1
            return ""
        return match.group(0)

    cleaned = _SCRIPT.sub(keep_or_drop, html)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    cleaned, inserted = re.subn(r"(<head\b[^>]*>)", rf"\1{meta}", cleaned, count=1, flags=re.I)
    if not inserted:
        raise ReportError("the generated report has no <head> to put the security policy in")
    leftovers = external_references(cleaned)
    if leftovers:
        raise ReportError(
            "the generated report still refers to other hosts after clean-up: "
            + "; ".join(leftovers[:5])
        )
    return cleaned, removed


def _config(name: str, output: Path, history: Path, append_history: bool) -> dict[str, Any]:
    return {
        "name": name,
        "output": str(output),
        "historyPath": str(history),
        "historyLimit": HISTORY_LIMIT,
        "appendHistory": append_history,
        "categories": ALLURE3_CATEGORIES,
        "plugins": {
            "awesome": {
                "options": {
                    "singleFile": True,
                    "reportName": name,
                    "reportLanguage": "en",
                    "groupBy": ["epic", "feature", "story"],
                }
            }
        },
    }


def build(
    reports: Path,
    *,
    name: str = "Firewall conformance",
    append_history: bool = True,
    generator: list[str] | None = None,
) -> BuiltReport:
    """Build reports/allure-report/index.html from reports/allure-results.

    History is kept in reports/history/allure-history.jsonl: a run appends one entry, a
    rebuild with `append_history=False` only reads it.
    """
    reports = reports.resolve()  # the generator runs in a scratch folder of its own
    results = reports / "allure-results"
    if not any(results.glob("*-result.json")):
        raise ReportError(f"{results} holds no Allure results; run the suite first")
    generator = generator or find_generator()
    if generator is None:
        raise ReportError(_why_no_generator() + ": " + install_hint())
    history = reports / "history" / HISTORY_FILE
    history.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="fwc-allure-") as work:
        output = Path(work) / "out"
        config = Path(work) / "allurerc.json"
        config.write_text(json.dumps(_config(name, output, history, append_history)))
        try:
            completed = subprocess.run(
                [*generator, "generate", "--config", str(config), str(results)],
                cwd=work,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                env={**os.environ, "ALLURE_NO_ANALYTICS": "true", "NO_COLOR": "1"},
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ReportError(f"the Allure generator could not run ({exc})") from exc
        page = output / "index.html"
        if completed.returncode != 0 or not page.is_file():
            detail = (completed.stderr or completed.stdout).strip().splitlines()[-3:]
            raise ReportError(
                f"the Allure generator failed (exit {completed.returncode}): " + " | ".join(detail)
            )
        html, removed = make_offline(page.read_text(encoding="utf-8"))
    target = reports / REPORT_DIR
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    final = target / "index.html"
    final.write_text(html, encoding="utf-8")
    return BuiltReport(final, final.stat().st_size, time.monotonic() - started, removed)
