"""Rows of any origin as the comma-separated bytes every CSV reader here parses.

A file of another dialect (`delimiters`) or a spreadsheet's sheet (`workbooks`) is handed on as
such a stream, written a batch of rows at a time as it is read, so one reader and every engine
behind it serve them all, with memory independent of the file's size.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Sequence

_ROWS_PER_BATCH = 1024


class RowsAsCsv(io.RawIOBase):
    """`rows` written as comma-separated lines in `codec`; `close` closes `owner` too."""

    def __init__(self, rows: Iterator[Sequence[str]], codec: str, owner: io.IOBase | None = None):
        self._rows = rows
        self._encoder = codecs.getincrementalencoder(codec)()
        self._owner = owner
        self._pending = bytearray()
        self._done = False

    def readable(self) -> bool:
        return True

    def _batch(self) -> bytes:
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        for _ in range(_ROWS_PER_BATCH):
            row = next(self._rows, None)
            if row is None:
                self._done = True
                break
            writer.writerow(row)
        return self._encoder.encode(text.getvalue(), final=self._done)

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while len(self._pending) < len(buffer) and not self._done:
            self._pending += self._batch()
        count = min(len(buffer), len(self._pending))
        buffer[:count] = self._pending[:count]
        del self._pending[:count]
        return count

    def close(self) -> None:
        if self._owner is not None:
            self._owner.close()
        super().close()


def buffered(
    rows: Iterator[Sequence[str]], codec: str, owner: io.IOBase | None = None
) -> io.BufferedReader:
    """`RowsAsCsv` behind a buffer, as every `Source` opener returns."""
    return io.BufferedReader(RowsAsCsv(rows, codec, owner), 1 << 20)
