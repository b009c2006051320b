"""Chunks of whole lines: a block read is completed to its line break by reading on, so every
chunk ends at a line break (or the end), together they are the file, and a line past the limit
read past a chunk is refused wherever it falls."""

import io

import pytest

from firewall_conformance.detect import linescan
from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.scan import _Counting

LINES = [b'{"n": %d, "pad": "%s"}' % (n, b"x" * (n * 7 % 50)) for n in range(200)]


def _chunks(data: bytes, wrap: str) -> list[bytes]:
    stream: io.RawIOBase | io.BufferedIOBase = io.BufferedReader(io.BytesIO(data[5:]))
    if wrap == "counting":
        stream = _Counting(stream, data[:5])  # type: ignore[arg-type]
    else:
        stream = io.BufferedReader(io.BytesIO(data))
    chunks = list(linescan.line_chunks(stream, "ndjson", "x", "utf-8", linescan.LineScan()))  # type: ignore[arg-type]
    return [c if isinstance(c, bytes) else c.encode() for c in chunks]


@pytest.mark.parametrize("wrap", ["buffered", "counting"])
@pytest.mark.parametrize("chunk_bytes", [7, 64, 300, 1 << 20])
@pytest.mark.parametrize("ending", [b"\n", b"", b"\r\n"])
def test_chunks_are_whole_lines_and_together_the_file(monkeypatch, wrap, chunk_bytes, ending):
    monkeypatch.setattr(linescan, "CHUNK_BYTES", chunk_bytes)
    # With no ending given, no line break after the last line.
    data = (ending or b"\n").join(LINES) + ending
    chunks = _chunks(data, wrap)
    assert b"".join(chunks) == data
    assert all(c.endswith(b"\n") for c in chunks[:-1])
    assert all(len(c) <= chunk_bytes + max(map(len, LINES)) + 2 for c in chunks)


@pytest.mark.parametrize("wrap", ["buffered", "counting"])
@pytest.mark.parametrize("chunk_bytes", [16, 64, 99])
def test_a_line_past_the_limit_is_refused_wherever_it_falls(monkeypatch, wrap, chunk_bytes):
    monkeypatch.setattr(linescan, "CHUNK_BYTES", chunk_bytes)
    monkeypatch.setattr(linescan, "MAX_LINE_BYTES", 100)
    fits = b"a\n" + b"b" * 100 + b"\nc\n"
    assert b"".join(_chunks(fits, wrap)) == fits
    with pytest.raises(UnreadableExport, match="longer than 100 bytes"):
        _chunks(b"a\n" + b"b" * 101 + b"\nc\n", wrap)
