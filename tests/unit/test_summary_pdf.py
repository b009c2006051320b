"""summary.pdf: A4 pages an inspector can attach to a report, each page tied to the signed
evidence by its footer; and no PDF, said plainly, when the renderer is missing."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pypdfium2
import pytest

from firewall_conformance.reporting import summary_html, summary_pdf
from firewall_conformance.reporting.provenance import Provenance
from tests.unit.test_reporters import _result

SEAL = Provenance(
    run_id="20261205T003000Z-c0ffee",
    verdict="BREACH",
    fingerprint="SHA256:" + "Zx9" * 14 + "Q",
    key="provided",
    suite_hash="ab" * 32,
    released_version="0.1.0",
    matches_released=False,
    differences="changed: features/fw01.feature",
)
A4_POINTS = (595.28, 841.89)


def page_texts(pdf: Path) -> list[tuple[tuple[float, float], str]]:
    """Each page's size in points and its text, as a PDF reader extracts it."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [(page.get_size(), page.get_textpage().get_text_range()) for page in document]
    finally:
        document.close()


def long_result():
    """A result long enough to need several pages."""
    result = replace(_result(), run_id=SEAL.run_id)
    for o in result.obligations:
        o.scenarios[0].reason = "The export held the planted person's name. " * 60
    return result


def test_every_page_is_a4_and_its_footer_ties_it_to_the_signed_evidence(tmp_path):
    html, pdf = tmp_path / "summary.html", tmp_path / "summary.pdf"
    summary_html.write(long_result(), html, SEAL)
    assert summary_pdf.write(html, pdf) is None
    pages = page_texts(pdf)
    assert len(pages) >= 2
    for number, (size, text) in enumerate(pages, start=1):
        assert size == pytest.approx(A4_POINTS, abs=1), f"page {number} is not A4: {size}"
        flat = " ".join(text.split())
        for expected in (
            SEAL.run_id,
            "BREACH",
            SEAL.fingerprint,
            "suite differs from released 0.1.0",
            f"Page {number} of {len(pages)}",
        ):
            assert expected in flat, f"page {number} lacks {expected!r}"


def test_the_first_page_renders_to_an_a4_image_with_ink_in_its_footer(tmp_path):
    html, pdf = tmp_path / "summary.html", tmp_path / "summary.pdf"
    summary_html.write(_result(), html, SEAL)
    assert summary_pdf.write(html, pdf) is None
    document = pypdfium2.PdfDocument(pdf)
    image = document[0].render(scale=2).to_pil().convert("L")
    document.close()
    width, height = image.size
    assert height / width == pytest.approx(297 / 210, abs=0.01)
    footer = image.crop((0, int(height * 0.94), width, height))
    assert footer.getextrema()[0] < 200, "nothing is printed in the footer band"


def test_without_weasyprint_no_pdf_is_written_and_the_reason_says_so(tmp_path, monkeypatch):
    html, pdf = tmp_path / "summary.html", tmp_path / "summary.pdf"
    summary_html.write(_result(), html, SEAL)
    pdf.write_bytes(b"%PDF-1.7 a previous run's summary")
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    reason = summary_pdf.write(html, pdf)
    assert reason is not None and "summary.pdf" in reason and "WeasyPrint" in reason
    assert not pdf.exists(), "a stale PDF would be signed as this run's"
