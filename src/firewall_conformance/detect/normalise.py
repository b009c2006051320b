"""Folding text to the one form patterns and scanned data are compared in.

Folding case-folds, strips diacritics and drops everything but letters, digits and line
breaks, so "O'Néill-Smith", "ONEILL SMITH" and "oneill smith" all meet as "oneillsmith", and a
passport number with or without spaces is one pattern. Line breaks survive so a hit in a
folded chunk still says which line it came from.
"""

from __future__ import annotations

import re
import unicodedata

_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NOT_KEPT = re.compile(r"[^\w\n]|_")
_ASCII_DELETE = bytes(b for b in range(256) if not (b < 128 and chr(b).isalnum()) and b != 0x0A)
_ASCII_LOWER = bytes.maketrans(bytes(range(0x41, 0x5B)), bytes(range(0x61, 0x7B)))
# JSON writers escape control characters; "\n" inside a string must not leave a stray "n".
_JSON_ESCAPES = (b"\\n", b"\\r", b"\\t")


def fold_text(text: str) -> str:
    """Fold any text; the slow path, for values and non-ASCII chunks (ASCII text, nearly every
    value, is folded as `fold_ascii` folds bytes, which keeps what the pattern keeps)."""
    text = text.casefold()
    if text.isascii():
        return text.encode("ascii").translate(None, _ASCII_DELETE).decode("ascii")
    return _NOT_KEPT.sub("", _COMBINING.sub("", unicodedata.normalize("NFKD", text)))


def fold_value(value: str) -> str:
    """Fold one field value: line breaks inside a value carry no meaning."""
    return fold_text(value).replace("\n", "")


def fold_ascii(chunk: bytes) -> bytes:
    """Fold an ASCII chunk at C speed (the hot path for large exports); it stays bytes, as the
    matching engine reads bytes."""
    # A one-byte search is far quicker than a two-byte one, and most chunks hold no escape.
    for escape in _JSON_ESCAPES if b"\\" in chunk else ():
        if escape in chunk:
            chunk = chunk.replace(escape, b"")
    return chunk.translate(_ASCII_LOWER, _ASCII_DELETE)
