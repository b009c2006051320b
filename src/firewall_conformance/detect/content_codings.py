"""Taking the HTTP content codings off an answer or a push strictly, a chunk at a time.

Decoders stop at the end of a gzip or deflate stream and drop whatever follows it unread
(urllib3's, and a bare `zlib` inflater, which also stops after a first gzip member): an answer
declared `gzip` that holds a clean compressed document and then a victim's record in plain
bytes reaches its recipient whole (any reader of the raw bytes sees it), while the harness
would see only the clean document. Here every gzip member is read; what follows the end of a
stream is refused, as is a stream that stops short of its end (bytes a decoder took for the
start of one, and waits on) and a coding nothing here decodes; and no chunk may expand past the
caller's limit, however small it arrived. One decoder for the answers the harness reads
(targets/bounded.py) and the pushes its recorders receive (detect/payloads.py).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Protocol

import brotli

_GZIP = 16 + zlib.MAX_WBITS
_GZIP_MAGIC = b"\x1f\x8b"


class CodingRefused(Exception):
    """The body cannot be decoded whole; the message completes "The answer ..."."""


class Decoder(Protocol):
    def decode(self, data: bytes, limit: int) -> bytes: ...

    def ending(self) -> tuple[bool, int]:
        """Whether the stream ended (or none was sent), and how many bytes came after its end."""
        ...


class _Zlib:
    """gzip (its members one after another) or deflate (zlib-wrapped by the standard, raw as
    some servers send it), counting what follows the end of the stream."""

    def __init__(self, gzip: bool) -> None:
        self.gzip = gzip
        self._wbits = _GZIP if gzip else zlib.MAX_WBITS
        self._inflater = zlib.decompressobj(self._wbits)
        self._may_be_raw = not gzip  # until a deflate body's wrapping has given output
        self._fed = False
        self._after_end = 0

    def decode(self, data: bytes, limit: int) -> bytes:
        out = b""
        self._fed = self._fed or bool(data)
        while data:
            if self._inflater.eof:
                if not (self.gzip and data.startswith(_GZIP_MAGIC[: len(data)])):
                    self._after_end += len(data)
                    return out
                self._inflater = zlib.decompressobj(self._wbits)
            try:
                chunk = self._inflated(data, limit - len(out))
            except zlib.error as exc:
                if not self._may_be_raw:
                    raise CodingRefused(f"came with corrupt compressed data ({exc})") from exc
                self._may_be_raw = False
                self._wbits = -zlib.MAX_WBITS
                self._inflater = zlib.decompressobj(self._wbits)
                continue
            self._may_be_raw = self._may_be_raw and not chunk
            out += chunk
            data = self._inflater.unused_data
        return out

    def _inflated(self, data: bytes, room: int) -> bytes:
        out = self._inflater.decompress(data, room + 1)
        if len(out) > room or self._inflater.unconsumed_tail:
            raise _TooLarge
        return out

    def ending(self) -> tuple[bool, int]:
        return self._inflater.eof or not self._fed, self._after_end


class _Brotli:
    def __init__(self) -> None:
        self._decompressor = brotli.Decompressor()
        self._fed = False
        self._after_end = 0

    def decode(self, data: bytes, limit: int) -> bytes:
        self._fed = self._fed or bool(data)
        if self._decompressor.is_finished():
            self._after_end += len(data)
            return b""
        try:
            out: bytes = self._decompressor.process(data, output_buffer_limit=limit + 1)
        except brotli.error as exc:
            raise CodingRefused(f"came with corrupt Brotli data ({exc})") from exc
        if len(out) > limit:
            raise _TooLarge
        return out

    def ending(self) -> tuple[bool, int]:
        return self._decompressor.is_finished() or not self._fed, self._after_end


class _TooLarge(Exception):
    """A chunk expanded past the room left under the cap."""


_DECODERS: dict[str, Callable[[], Decoder]] = {
    "gzip": lambda: _Zlib(gzip=True),
    "x-gzip": lambda: _Zlib(gzip=True),
    "deflate": lambda: _Zlib(gzip=False),
    "br": _Brotli,
}


class Codings:
    """The decoders for a `Content-Encoding` header, last applied first (RFC 9110 8.4)."""

    def __init__(self, declared: str) -> None:
        names = [c.strip().lower() for c in declared.split(",") if c.strip()]
        unknown = [n for n in names if n != "identity" and n not in _DECODERS]
        if unknown:
            raise CodingRefused(f"came coded as {unknown[0]!r}, which the harness cannot decode")
        self.names = [n for n in reversed(names) if n != "identity"]
        self._decoders = [_DECODERS[n]() for n in self.names]

    def decode(self, data: bytes, limit: int) -> bytes:
        """`data` with every coding taken off; any layer past `limit` bytes is `OverCap`."""
        for decoder in self._decoders:
            try:
                data = decoder.decode(data, limit)
            except _TooLarge:
                raise OverCap from None
        return data

    def finish(self) -> None:
        """Refuse a body whose compressed data stopped short of its end, or held bytes after
        it: either way, not all that was sent was read."""
        for name, decoder in zip(self.names, self._decoders, strict=True):
            ended, after = decoder.ending()
            if after:
                raise CodingRefused(
                    f"held {after} bytes after the end of its {name} data, which an HTTP "
                    "library drops unread while anyone reading the bytes sees them"
                )
            if not ended:
                raise CodingRefused(f"stopped before the end of its {name} data")


class OverCap(Exception):
    """Decoded, the body grew past its cap."""
