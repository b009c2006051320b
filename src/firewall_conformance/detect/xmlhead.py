"""Real-world XML heads that a strict parser rejects but that carry no trickery.

Exchange gateways often write a comment (a banner, a generator stamp) before the XML
declaration, which XML forbids, and some write Latin-1 without declaring it. Both are repaired
here by rewriting only the head of the stream; everything else, including the refusal of
entities, is left to the parser.
"""

from __future__ import annotations

import io
import re
from typing import BinaryIO

from firewall_conformance.detect.encoding import UTF8_BOM

HEAD_BYTES = 64 * 1024
_DECLARATION = re.compile(rb"<\?xml\s[^?]*\?>")
_LEADING = re.compile(rb"\A(?:\s|<!--.*?-->)*", re.DOTALL)


class _Prefixed(io.RawIOBase):
    """A head held in memory, then the rest of the original stream."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size], self._head = self._head[:size], self._head[size:]
            return size
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._rest.close()
        super().close()


def repaired_head(head: bytes, encoding: str | None) -> bytes:
    """Move a declaration that follows comments to the front; declare a single-byte encoding
    the profile names when the file declares none."""
    bom = UTF8_BOM if head.startswith(UTF8_BOM) else b""
    body = head[len(bom) :]
    leading = _LEADING.match(body)
    skipped = leading.end() if leading else 0
    declaration = _DECLARATION.match(body, skipped)
    if declaration and skipped:
        body = declaration.group(0) + body[: declaration.start()] + body[declaration.end() :]
    elif not _DECLARATION.match(body) and encoding and not bom:
        body = f'<?xml version="1.0" encoding="{encoding}"?>'.encode("ascii") + body
    return bom + body


def xml_stream(raw: BinaryIO, encoding: str | None = None) -> BinaryIO:
    """`raw` with its head repaired, as a buffered binary stream."""
    head = raw.read(HEAD_BYTES)
    return io.BufferedReader(_Prefixed(repaired_head(head, encoding), raw))
