"""An unexpected exception told in one line: its kind and the first line of its message,
with every known secret masked and cut short.

Exit code 1 means BREACH, so a harness bug must never end with Python's traceback and exit 1;
and an exception's message may quote a header, a token or a megabyte of data.
"""

from __future__ import annotations

from collections.abc import Iterable

from firewall_conformance.reporting import redact

MAX_CHARS = 200


def one_line(exc: BaseException, secrets: Iterable[str] = ()) -> str:
    """'an unexpected error (KindOfError: first line of its message)', masked and short."""
    lines = str(exc).strip().splitlines()
    message = redact.text(lines[0] if lines else "", secrets)
    if len(message) > MAX_CHARS:
        message = message[:MAX_CHARS] + "…"
    kind = type(exc).__name__
    return (
        f"an unexpected error ({kind}: {message})" if message else f"an unexpected error ({kind})"
    )
