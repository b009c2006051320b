"""CSV written with another delimiter: tab (a .tsv file, Excel's "Unicode text"), pipe, or
semicolon (Excel where the comma is the decimal mark).

Read as comma-separated, each such record is one field, so a scan would find no role and no
status column in it and a canary search could not tell one field from the next. The header
line says which delimiter it is: the one that splits it into the most fields, the comma when
none does better. Such a stream is rewritten with commas as it is read, a batch of rows at a
time, so every reader and engine downstream sees the one dialect they all parse, with the same
lines and the same values.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

from firewall_conformance.detect.csv_stream import buffered
from firewall_conformance.detect.encoding import UTF16_BOMS
from firewall_conformance.detect.errors import UnreadableExport

CANDIDATES = (",", "\t", "|", ";")
_HEAD_BYTES = 64 * 1024


def delimiter_of(header: str) -> str:
    """The delimiter that splits `header` (a CSV file's first line) into the most fields; the
    comma on a tie."""
    counts = {d: _fields(header, d) for d in CANDIDATES}
    return max(CANDIDATES, key=lambda d: (counts[d], d == ","))


def _fields(line: str, delimiter: str) -> int:
    """How many fields `line` splits into by `delimiter`; 0 when it is no CSV line at all
    (the readers downstream then say what is wrong with it)."""
    try:
        return len(next(csv.reader([line], delimiter=delimiter), []))
    except csv.Error:
        return 0


def _codec(head: bytes) -> str:
    """How to read the stream's characters: UTF-16 by its mark; otherwise Latin-1, which maps
    each byte to one character and back, so UTF-8 and any other ASCII-based encoding pass
    through unchanged (the delimiters and quotes are ASCII, and no byte of a multi-byte UTF-8
    character is)."""
    return "utf-16" if head.startswith(UTF16_BOMS) else "latin-1"


def _rows(stream: io.BufferedReader, delimiter: str, codec: str, label: str) -> Iterator[list[str]]:
    reader = csv.reader(io.TextIOWrapper(stream, codec, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except (csv.Error, UnicodeDecodeError) as exc:
        where = f"line {reader.line_num}"
        raise UnreadableExport(label, where, f"not a delimited record ({exc})") from exc


def comma_separated(
    opener: Callable[[], io.BufferedReader], label: str
) -> Callable[[], io.BufferedReader]:
    """`opener`, its stream rewritten with commas when its header line is delimited otherwise."""

    def opened() -> io.BufferedReader:
        stream = opener()
        head = stream.peek(_HEAD_BYTES)[:_HEAD_BYTES]
        codec = _codec(head)
        header = head.decode(codec, errors="replace").split("\n", 1)[0].rstrip("\r")
        delimiter = delimiter_of(header)
        if delimiter == ",":
            return stream
        return buffered(_rows(stream, delimiter, codec, label), codec, stream)

    return opened
