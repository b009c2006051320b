"""A last pass over every file a run wrote: any known secret still in it is masked, in every
form it may have taken (redact.forms: URL-encoded, base64, escaped).

Credentials are masked where evidence is made (HTTP exchange attachments); this pass is the
second line, so that an error message, a repr, a target echoing a token back or a future
reporter can't carry a token out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from firewall_conformance.reporting.redact import MASK, known_forms


def needles(secrets: Iterable[str]) -> list[bytes]:
    """Every form of every secret, as bytes to look for."""
    return [form.encode() for form in known_forms(secrets)]


def masked(data: bytes, found: Sequence[bytes]) -> bytes:
    """`data` with every one of `found` (from `needles`) masked."""
    for needle in found:
        data = data.replace(needle, MASK.encode())
    return data


def scrub(folder: Path, secrets: Iterable[str]) -> list[str]:
    """Mask every secret in every file under `folder`; returns the files that needed it."""
    found = needles(secrets)
    touched: list[str] = []
    if not found:
        return touched
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
        data = path.read_bytes()
        cleaned = masked(data, found)
        if cleaned != data:
            path.write_bytes(cleaned)
            touched.append(path.relative_to(folder).as_posix())
    return touched
