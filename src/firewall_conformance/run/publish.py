"""The end of a run: every report written, secrets scrubbed, the offline report built when the
generator is there, summary.pdf printed, and — last — the signed evidence manifest over all of
it.

Order matters: the manifest must cover the final bytes of every artefact, so it is written
after everything else, and nothing may be written into the reports folder after it. Each
summary is written once, from the result as published: what publishing itself finds (no HTML
report, a credential that had to be masked, no PDF) is known before the summaries are written,
because they are made, masked and printed to PDF in memory first. The PDF is printed from the
final, masked summary.html, since a byte scrub cannot reach text inside a PDF's compressed
pages.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from firewall_conformance.model.results import RunResult
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
from firewall_conformance.reporting.scrub import masked, needles, scrub
from firewall_conformance.signed_evidence import manifest, signing
from firewall_conformance.signed_evidence.manifest import SuiteIdentity

NO_HTML = (
    "The step-by-step Allure HTML report was not built (--no-html); its results are "
    "in allure-results/."
)
NO_PDF = "summary.pdf was not printed (--no-pdf); summary.html prints the same pages."


def _allure_report(result: RunResult, reports: Path) -> tuple[str | None, list[str]]:
    """Build the offline report: its path, or on any problem a note saying so."""
    stale = reports / allure_html.REPORT_DIR
    if stale.exists():
        shutil.rmtree(stale)
    try:
        built = allure_html.build(reports, name=allure_extras.report_name(result))
    except allure_html.ReportError as exc:
        return None, [f"The step-by-step Allure report was not built: {exc}."]
    return built.path.relative_to(reports).as_posix(), []


class _Summaries:
    """The summaries of a result, made in memory and masked, remade when a note is added."""

    def __init__(
        self,
        result: RunResult,
        seal: Provenance,
        allure_report: str | None,
        found: Sequence[bytes],
        notes: list[str],
    ) -> None:
        self.decided, self.seal, self.allure_report, self.found = result, seal, allure_report, found
        self.notes = notes
        self.result, self.files, self.masked = self._make()

    def add_note(self, note: str) -> None:
        self.notes.append(note)
        self.result, self.files, _ = self._make()

    def _make(self) -> tuple[RunResult, dict[str, bytes], list[str]]:
        result = replace(self.decided, notes=(*self.decided.notes, *self.notes))
        made = {
            "summary.json": summary_json.render(result).encode(),
            "summary.md": summary_md.render(result).encode(),
            "summary.html": summary_html.render(result, self.seal, self.allure_report).encode(),
            "junit.xml": junit.render(result),
        }
        files = {name: masked(data, self.found) for name, data in made.items()}
        return result, files, [name for name in files if files[name] != made[name]]


def write_all(
    result: RunResult,
    reports: Path,
    *,
    secrets: Sequence[str],
    suite: SuiteIdentity,
    key: signing.SigningKey,
    html: bool = True,
    pdf: bool = True,
) -> RunResult:
    """Write every report and the evidence bundle; returns the result as published, with the
    notes publishing made. Without `html` the Allure results are still written, and the notes
    say the HTML was not built; without `pdf` the notes say summary.pdf was not printed, and a
    stale one is removed, since it would be signed as this run's."""
    allure_extras.write(result, reports / "allure-results", result.suite_hash)
    masked_files = scrub(reports, secrets)
    allure_report, notes = _allure_report(result, reports) if html else (None, [NO_HTML])
    masked_files += scrub(reports, secrets)
    if not pdf:
        (reports / "summary.pdf").unlink(missing_ok=True)
        notes.append(NO_PDF)
    seal = Provenance.of(result, suite, key)
    summaries = _Summaries(result, seal, allure_report, needles(secrets), notes)
    masked_files += summaries.masked
    if masked_files:
        summaries.add_note(
            "A credential reached these files and was masked before signing: "
            + ", ".join(sorted(set(masked_files)))
            + ". Please report this as a redaction defect."
        )
    if pdf:
        no_pdf = summary_pdf.print_pdf(
            summaries.files["summary.html"].decode("utf-8"), reports / "summary.pdf"
        )
        if no_pdf:
            summaries.add_note(no_pdf)
    for name, data in summaries.files.items():
        (reports / name).write_bytes(data)
    manifest.write(summaries.result, reports, suite, key)
    return summaries.result
