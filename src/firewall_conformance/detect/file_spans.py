"""Chunks handed to worker processes as where they lie in their file, not as their bytes.

A chunk sent through a pipe is pickled by the reading process, copied through the pipe and
unpickled by the worker: CPU on both sides, and in the reading process memory for every chunk
in flight and for its pickled copy. Where a CSV or NDJSON stream is a plain file read as it is
(no compression taken off, no delimiter rewritten), each pure-ASCII chunk goes out as its
offset, length and line count, and the worker reads it itself. The reading process still reads
every byte once, to cut chunks at line ends and count their lines, but keeps none of it.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from firewall_conformance.detect.errors import UnreadableExport


@dataclass(frozen=True)
class Span:
    """A pure-ASCII chunk of whole lines left in its file."""

    path: str
    offset: int
    length: int
    lines: int


def line_count(chunk: bytes | str | Span) -> int:
    """The lines of a chunk as the readers count them: a carriage return alone ends one too."""
    if isinstance(chunk, Span):
        return chunk.lines
    newline, cr = ("\n", "\r") if isinstance(chunk, str) else (b"\n", b"\r")
    ends = chunk.count(newline)  # type: ignore[arg-type]
    if cr in chunk:  # type: ignore[operator]
        ends += chunk.count(cr) - chunk.count(cr + newline)  # type: ignore[arg-type, operator]
    return ends + (0 if not chunk or chunk.endswith((newline, cr)) else 1)  # type: ignore[arg-type]


def plain_file(stream: BinaryIO) -> str | None:
    """The absolute path of the regular file `stream` reads as it is, if it does (no layer
    between): absolute, so a worker finds it whatever its working directory."""
    raw = getattr(stream, "raw", None)
    if not isinstance(raw, io.FileIO) or not isinstance(raw.name, str):
        return None
    return os.path.abspath(raw.name) if stat.S_ISREG(os.fstat(raw.fileno()).st_mode) else None


def spans(chunks: Iterator[bytes | str], path: str, start: int) -> Iterator[bytes | str | Span]:
    """Chunks of UTF-8 text read in order from `path` from byte `start` on, each pure-ASCII one
    (a byte chunk) as its span; any other as it is."""
    offset = start
    for chunk in chunks:
        if isinstance(chunk, bytes):
            yield Span(path, offset, len(chunk), line_count(chunk))
            offset += len(chunk)
        else:
            yield chunk
            offset += len(chunk.encode("utf-8"))


def held(piece: bytes | str | Span, label: str) -> bytes | str:
    """The chunk itself, read from its file when it is a span; a file that no longer holds the
    same pure-ASCII lines there is not read on as if it did."""
    if not isinstance(piece, Span):
        return piece
    changed = UnreadableExport(label, f"byte {piece.offset}", "the file changed while it was read")
    try:
        with open(piece.path, "rb") as stream:
            stream.seek(piece.offset)
            chunk = stream.read(piece.length)
    except OSError as exc:
        raise changed from exc
    if len(chunk) != piece.length or not chunk.isascii() or line_count(chunk) != piece.lines:
        raise changed
    return chunk
