"""summary.pdf: summary.html printed to A4 by WeasyPrint, for inspectors who attach a PDF to
their report.

WeasyPrint (pip, with the pango libraries of the system) lays out CSS paged media itself — page
size, margin boxes, page counters — so the footer that ties each page to the signed evidence
comes from summary.html's own print stylesheet. It fetches nothing: the page is self-contained
and any request for a resource is refused. When WeasyPrint cannot be loaded or fails, no PDF is
written, a stale one is removed (it would be signed as this run's) and the reason is returned
for the run's notes.
"""

from __future__ import annotations

from pathlib import Path

_PDF_MAGIC = b"%PDF-"


def write(html: Path, pdf: Path) -> str | None:
    """Print the file `html` to `pdf`; None when written, else why no PDF was written."""
    return print_pdf(html.read_text(encoding="utf-8"), pdf)


def print_pdf(html: str, pdf: Path) -> str | None:
    """Print the page `html` to `pdf`; None when written, else why no PDF was written."""
    pdf.unlink(missing_ok=True)
    try:
        import weasyprint
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as exc:
        return (
            "No summary.pdf was written: WeasyPrint, which prints it, could not be loaded "
            f"({type(exc).__name__}). Install the pango libraries (Debian: libpango-1.0-0 "
            "libpangoft2-1.0-0) and the package's dependencies; summary.html prints the same "
            "pages from a browser."
        )
    try:
        document = weasyprint.HTML(
            string=html,
            url_fetcher=URLFetcher(allowed_protocols=()),  # no scheme at all may be fetched
        ).write_pdf()
    except Exception as exc:
        return f"No summary.pdf was written: WeasyPrint failed to print summary.html ({type(exc).__name__})."
    if not document or not document.startswith(_PDF_MAGIC):
        return "No summary.pdf was written: WeasyPrint produced no PDF from summary.html."
    pdf.write_bytes(document)
    return None
