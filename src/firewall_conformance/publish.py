"""The end of a run: every report written, secrets scrubbed, the offline report built when the
generator is there, summary.pdf printed, and — last — the signed evidence manifest over all of
it.

Order matters: the manifest must cover the final bytes of every artefact, so it is written
after everything else, and nothing may be written into the reports folder after it. The PDF is
printed from the final, scrubbed summary.html, since a byte scrub cannot reach text inside a
PDF's compressed pages.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from firewall_conformance.bundle import manifest, signing
from firewall_conformance.bundle.manifest import SuiteIdentity
from firewall_conformance.reporting import (
    allure_extras,
    allure_html,
    junit,
    summary_html,
    summary_json,
    summary_md,
    summary_pdf,
)
from firewall_conformance.reporting.provenance import Provenance
from firewall_conformance.reporting.scrub import scrub
from firewall_conformance.results import RunResult


def _allure_report(result: RunResult, reports: Path) -> str | None:
    """Build the offline report; on any problem, say so in the notes and carry on."""
    stale = reports / allure_html.REPORT_DIR
    if stale.exists():
        shutil.rmtree(stale)
    try:
        built = allure_html.build(reports, name=allure_extras.report_name(result))
    except allure_html.ReportError as exc:
        result.notes.append(f"The step-by-step Allure report was not built: {exc}.")
        return None
    return built.path.relative_to(reports).as_posix()


def _summaries(
    result: RunResult, reports: Path, seal: Provenance, allure_report: str | None
) -> None:
    summary_json.write(result, reports / "summary.json")
    summary_md.write(result, reports / "summary.md")
    summary_html.write(result, reports / "summary.html", seal, allure_report)
    junit.write(result, reports / "junit.xml")


def write_all(
    result: RunResult,
    reports: Path,
    *,
    secrets: Sequence[str],
    suite: SuiteIdentity,
    key: signing.SigningKey,
    html: bool = True,
) -> Path:
    """Write every report and the evidence bundle; returns the evidence folder. Without
    `html` the Allure results are still written, and the notes say the HTML was not built."""
    allure_extras.write(result, reports / "allure-results", result.suite_hash)
    masked = scrub(reports, secrets)
    if html:
        allure_report = _allure_report(result, reports)
    else:
        allure_report = None
        result.notes.append(
            "The step-by-step Allure HTML report was not built (--no-html); its results are "
            "in allure-results/."
        )
    seal = Provenance.of(result, suite, key)
    _summaries(result, reports, seal, allure_report)
    masked += scrub(reports, secrets)
    if masked:
        result.notes.append(
            "A credential reached these files and was masked before signing: "
            + ", ".join(sorted(set(masked)))
            + ". Please report this as a redaction defect."
        )
        _summaries(result, reports, seal, allure_report)
        scrub(reports, secrets)
    no_pdf = summary_pdf.write(reports / "summary.html", reports / "summary.pdf")
    if no_pdf:
        result.notes.append(no_pdf)
        _summaries(result, reports, seal, allure_report)
        scrub(reports, secrets)
    return manifest.write(result, reports, suite, key)
