"""Reading every artefact of a run the way someone looking for a leak would."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path

import pypdfium2

_PAYLOADS = (
    re.compile(r'd\("[^"]+","([A-Za-z0-9+/=]+)"\)'),  # Allure 3 single-file data
    re.compile(r"base64,([A-Za-z0-9+/=]+)"),  # data: URIs
)


def embedded_payloads(html: str) -> list[bytes]:
    """Every base64 payload embedded in a single-file report, decoded."""
    return [base64.b64decode(m.group(1)) for pattern in _PAYLOADS for m in pattern.finditer(html)]


def pdf_text(path: Path) -> str:
    """The text a reader of the PDF sees, page by page (its bytes are compressed)."""
    document = pypdfium2.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def readable_contents(reports: Path) -> Iterator[tuple[str, bytes]]:
    """Each file's bytes; for HTML also every payload it carries encoded, for a PDF its text."""
    for path in sorted(p for p in reports.rglob("*") if p.is_file()):
        name = path.relative_to(reports).as_posix()
        data = path.read_bytes()
        yield name, data
        if path.suffix == ".html":
            for index, payload in enumerate(embedded_payloads(data.decode("utf-8"))):
                yield f"{name} (embedded payload {index})", payload
        if path.suffix == ".pdf":
            yield f"{name} (text)", pdf_text(path).encode("utf-8")
