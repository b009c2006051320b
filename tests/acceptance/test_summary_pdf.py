"""summary.pdf from a real run: A4, every page's footer naming the run, its verdict, the key
that signed the manifest and the suite's status; covered by `verify`; and a run without the
PDF renderer still succeeds and says no PDF was written."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pypdfium2
import pytest

from firewall_conformance.signed_evidence.verify import verify
from tests.acceptance.conftest import CliRun, cli
from tests.unit.test_summary_pdf import A4_POINTS, page_texts

# The whole catalogue on A4 (the wide table printed to 44 Letter pages).
MOST_PAGES = 16


@pytest.fixture(scope="module")
def clean_run(signed_clean_run: CliRun) -> Path:
    """The shared signed clean run; tests copy it before changing anything."""
    return signed_clean_run.reports


def test_every_page_of_summary_pdf_is_a4_and_names_run_verdict_key_and_suite(clean_run):
    summary = json.loads((clean_run / "summary.json").read_text(encoding="utf-8"))
    manifest = json.loads((clean_run / "evidence" / "manifest.json").read_text(encoding="utf-8"))
    pages = page_texts(clean_run / "summary.pdf")
    assert 2 <= len(pages) <= MOST_PAGES, f"{len(pages)} pages"
    for number, (size, text) in enumerate(pages, start=1):
        assert size == pytest.approx(A4_POINTS, abs=1), f"page {number} is not A4: {size}"
        flat = " ".join(text.split())
        for expected in (
            f"Run {summary['run_id']}",
            "CONFORMANT",
            f"key {manifest['signing']['fingerprint']}",
            f"suite matches released {manifest['suite']['released_version']}",
            f"Page {number} of {len(pages)}",
        ):
            assert expected in flat, f"page {number} lacks {expected!r}"
    first = " ".join(pages[0][1].split())
    assert first.index("CONFORMANT") < first.index("The signed evidence this page belongs to")


def test_summary_pdf_is_signed_and_a_changed_pdf_fails_verify(clean_run, tmp_path):
    manifest = json.loads((clean_run / "evidence" / "manifest.json").read_text(encoding="utf-8"))
    assert "summary.pdf" in manifest["artefacts"]
    assert verify(clean_run, None).ok
    document = pypdfium2.PdfDocument(clean_run / "summary.pdf")
    image = document[0].render(scale=1).to_pil()
    document.close()
    image.save(tmp_path / "first-page.png")
    assert (tmp_path / "first-page.png").stat().st_size > 10_000
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in clean_run.rglob("*"):
        if path.is_file():
            (copy / path.relative_to(clean_run)).parent.mkdir(parents=True, exist_ok=True)
            (copy / path.relative_to(clean_run)).write_bytes(path.read_bytes())
    (copy / "summary.pdf").write_bytes(b"%PDF-1.7 all compliant")
    assert verify(copy, None).changed == ["summary.pdf"]


def test_without_the_pdf_renderer_the_run_succeeds_and_says_no_pdf_was_written(tmp_path):
    """WeasyPrint without its system libraries fails at import with OSError; a stand-in
    module on the path fails the same way, and so does the PDF and nothing else."""
    stand_in = tmp_path / "no-pango" / "weasyprint"
    stand_in.mkdir(parents=True)
    (stand_in / "__init__.py").write_text(
        "raise OSError(\"cannot load library 'libpango-1.0-0'\")\n", encoding="utf-8"
    )
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "summary.pdf").write_bytes(b"%PDF-1.7 a previous run's summary")
    path = os.pathsep.join(filter(None, [str(stand_in.parent), os.environ.get("PYTHONPATH")]))
    result = cli(
        "run", "--obligation", "FW-02", "--no-html", reports=reports, env={"PYTHONPATH": path}
    )
    assert result.code == 0, result.stdout + result.stderr
    assert not (reports / "summary.pdf").exists()
    notes = json.loads((reports / "summary.json").read_text(encoding="utf-8"))["notes"]
    assert any(n.startswith("No summary.pdf was written") for n in notes), notes
    assert "No summary.pdf was written" in (reports / "summary.html").read_text(encoding="utf-8")
    assert "No summary.pdf was written" in " ".join(result.stdout.split())
    assert "summary.pdf" not in result.stdout.split("Reports in")[-1]
    assert cli("verify", str(reports)).code == 0


def test_a_run_told_not_to_print_the_pdf_never_loads_the_printer_and_says_so(tmp_path):
    """--no-pdf, for runs whose reader wants only the verdicts (the matrices, the mutants): no
    PDF, a stale one removed rather than signed as this run's, and the printer never loaded
    (about 2.5 s of CPU a run). Before: no such option (exit 3)."""
    stand_in = tmp_path / "watched" / "weasyprint"
    stand_in.mkdir(parents=True)
    loaded = tmp_path / "weasyprint-was-loaded"
    (stand_in / "__init__.py").write_text(
        f"open({str(loaded)!r}, 'w').close()\nraise OSError('a stand-in')\n", encoding="utf-8"
    )
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "summary.pdf").write_bytes(b"%PDF-1.7 a previous run's summary")
    path = os.pathsep.join(filter(None, [str(stand_in.parent), os.environ.get("PYTHONPATH")]))
    result = cli(
        "run", "--obligation", "FW-02", "--no-html", "--no-pdf",
        reports=reports, env={"PYTHONPATH": path},
    )  # fmt: skip
    assert result.code == 0, result.stdout + result.stderr
    assert not loaded.exists()
    assert not (reports / "summary.pdf").exists()
    notes = json.loads((reports / "summary.json").read_text(encoding="utf-8"))["notes"]
    assert any("summary.pdf was not printed (--no-pdf)" in n for n in notes), notes
    assert "summary.pdf" not in result.stdout.split("Reports in")[-1]
    assert cli("verify", str(reports)).code == 0
