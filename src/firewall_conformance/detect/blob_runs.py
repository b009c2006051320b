"""Where base64 or hex runs lie in an ASCII chunk: runs of `BLOB_LENGTH` or more characters of
their alphabet, which may hide a planted value once decoded (linescan.py sieves them).

A chunk is masked to "A" (a character of a run) and " " (anything else) and searched for runs
of "A" at C speed; where Hyperscan is installed it finds the same runs about five times faster,
as every window of `BLOB_LENGTH` run characters, which are joined into runs. A chunk that is
mostly runs gives a window per byte, so past `MOST_WINDOWS` the mask search answers instead.
"""

from __future__ import annotations

import os
from typing import Any

from firewall_conformance.detect.engines import AHO_CORASICK, ENGINE_VARIABLE

try:
    import hyperscan
except ImportError:  # no wheel for this platform: the mask search serves
    hyperscan = None  # type: ignore[assignment]

BLOB_LENGTH = 16
ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-"
MOST_WINDOWS = 4096
_MASK = bytes(ord("A") if b in ALPHABET else ord(" ") for b in range(256))
_RUN = b"A" * BLOB_LENGTH
_WINDOWS: list[Any] = []  # this process's Hyperscan database, built on first use


def masked_runs(chunk: bytes) -> list[tuple[int, bytes]]:
    """(start, run) for each run, by searching the masked chunk."""
    masked = chunk.translate(_MASK)
    runs = []
    start = masked.find(_RUN)
    while start >= 0:
        end = masked.find(b" ", start)
        end = len(masked) if end < 0 else end
        runs.append((start, chunk[start:end]))
        start = masked.find(_RUN, end)
    return runs


def _database() -> Any:
    if not _WINDOWS:
        database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        window = b"[" + ALPHABET.replace(b"-", b"") + b"-]{%d}" % BLOB_LENGTH
        database.compile(expressions=[window], ids=[0], elements=1, flags=[0])
        _WINDOWS.append(database)
    return _WINDOWS[0]


def windows_of(chunk: bytes) -> list[int] | None:
    """Where each window of run characters ends, in order; None past `MOST_WINDOWS`."""
    ends: list[int] = []

    def found(_id: int, _start: int, end: int, _flags: int, _context: Any) -> bool:
        ends.append(end)
        return len(ends) > MOST_WINDOWS

    try:
        _database().scan(chunk, match_event_handler=found)
    except hyperscan.ScanTerminated:
        return None
    return ends


def hyperscan_runs(chunk: bytes) -> list[tuple[int, bytes]] | None:
    """(start, run) for each run, joined from Hyperscan's windows; None past `MOST_WINDOWS`."""
    ends = windows_of(chunk)
    if ends is None:
        return None
    runs, start, last = [], -1, -2
    for end in ends:
        if end != last + 1:
            if start >= 0:
                runs.append((start, chunk[start:last]))
            start = end - BLOB_LENGTH
        last = end
    if start >= 0:
        runs.append((start, chunk[start:last]))
    return runs


def runs(chunk: bytes) -> list[tuple[int, bytes]]:
    """(start, run) for each run in the chunk, by the quickest means installed here."""
    if hyperscan is None or os.environ.get(ENGINE_VARIABLE) == AHO_CORASICK:
        return masked_runs(chunk)
    found = hyperscan_runs(chunk)
    return masked_runs(chunk) if found is None else found
