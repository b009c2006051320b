"""The hot path for line-oriented exports (NDJSON, CSV): fold whole chunks at C speed, find
candidate lines with Aho-Corasick, and parse only those lines to say which field held what.

Memory is bounded by the chunk size (and by the longest allowed line), not by the file.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.normalise import fold_ascii, fold_text
from firewall_conformance.detect.record import Finding, flatten_json, scan_fields

CHUNK_BYTES = 8 * 1024**2
MAX_LINE_BYTES = 64 * 1024**2
_NEWLINE = re.compile("\n")
_JSON_CLOSERS = ("}\n", "]\n", "}\r\n", "]\r\n")


@dataclass
class LineScan:
    """What a line scan counted and found."""

    records: int = 0
    bytes: int = 0
    lines: int = 0
    findings: list[Finding] = field(default_factory=list)


def _blocks(stream: BinaryIO, label: str) -> Iterator[bytes]:
    """Chunks of whole lines; a line longer than the limit is an error, not a memory blow-up."""
    rest = b""
    while True:
        block = stream.read(CHUNK_BYTES)
        if not block:
            if rest:
                yield rest
            return
        block = rest + block
        cut = block.rfind(b"\n")
        if cut < 0:
            if len(block) > MAX_LINE_BYTES:
                raise UnreadableExport(
                    label, "a line", f"longer than {MAX_LINE_BYTES} bytes; refused"
                )
            rest = block
            continue
        rest = block[cut + 1 :]
        yield block[: cut + 1]


def _texts(stream: BinaryIO, encoding: str, label: str, result: LineScan) -> Iterator[str]:
    """Decoded chunks of whole lines (UTF-16, Latin-1 and other declared encodings)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    rest, consumed = "", 0
    while block := stream.read(CHUNK_BYTES):
        result.bytes += len(block)
        try:
            text = rest + decoder.decode(block)
        except UnicodeDecodeError as exc:
            raise UnreadableExport(
                label,
                f"byte {consumed + exc.start}",
                f"not valid {encoding} ({exc.reason}); name the file's encoding (e.g. --encoding latin-1)",
            ) from exc
        consumed += len(block)
        cut = text.rfind("\n")
        rest, text = (text, "") if cut < 0 else (text[cut + 1 :], text[: cut + 1])
        if len(rest) > MAX_LINE_BYTES:
            raise UnreadableExport(
                label, "a line", f"longer than {MAX_LINE_BYTES} characters; refused"
            )
        if text:
            yield text
    rest += decoder.decode(b"", final=True)
    if rest:
        yield rest


class _Scanner:
    def __init__(self, matcher: CanaryMatcher, fmt: str, label: str) -> None:
        self.matcher, self.fmt, self.label = matcher, fmt, label
        self.result = LineScan()
        self.header: list[str] | None = None

    def chunk(self, text: str, folded: str) -> None:
        first_line = self.result.lines + 1
        lines_here = text.count("\n") + (0 if text.endswith("\n") else 1)
        if self.fmt == "ndjson":
            self._ndjson(text, folded, first_line)
        else:
            self._csv(text, folded, first_line)
        self.result.lines += lines_here

    def _candidate_lines(self, folded: str, first_line: int) -> set[int]:
        offsets = self.matcher.offsets(folded)
        if not offsets:
            return set()
        breaks = [m.start() for m in _NEWLINE.finditer(folded)]
        return {first_line + bisect.bisect_left(breaks, offset) for offset in offsets}

    def _ndjson(self, text: str, folded: str, first_line: int) -> None:
        lines = text.splitlines()
        blank = (
            sum(1 for line in lines if not line.strip())
            if "\n\n" in text or text.startswith("\n")
            else 0
        )
        self.result.records += len(lines) - blank
        closed = sum(text.count(closer) for closer in _JSON_CLOSERS) + (
            0 if text.endswith("\n") else 1
        )
        suspect = closed != len(lines) - blank
        candidates = self._candidate_lines(folded, first_line)
        if "\\u" in text:
            candidates |= {first_line + i for i, line in enumerate(lines) if "\\u" in line}
        wanted = range(first_line, first_line + len(lines)) if suspect else sorted(candidates)
        for number in wanted:
            line = lines[number - first_line]
            if not line.strip():
                continue
            try:
                document = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UnreadableExport(
                    self.label, f"line {number}", f"not JSON ({exc.msg})"
                ) from exc
            if number in candidates:
                self.result.findings += scan_fields(
                    self.matcher, self.label, number, list(flatten_json(document, "$")), unit="line"
                )

    def _csv(self, text: str, folded: str, first_line: int) -> None:
        candidates = self._candidate_lines(folded, first_line)
        if '"' not in text and not candidates and self.header is not None:
            self.result.records += text.count("\n") + (0 if text.endswith("\n") else 1)
            return
        reader = csv.reader(io.StringIO(text, newline=""))
        start = first_line
        try:
            for row in reader:
                end = first_line + reader.line_num - 1
                if self.header is None:
                    self.header = row
                    start = end + 1
                    continue
                self.result.records += 1
                if any(start <= c <= end for c in candidates):
                    if len(row) != len(self.header):
                        raise UnreadableExport(
                            self.label,
                            f"line {start}",
                            f"{len(row)} fields, header has {len(self.header)}",
                        )
                    self.result.findings += scan_fields(
                        self.matcher,
                        self.label,
                        start,
                        list(zip(self.header, row, strict=True)),
                        unit="line",
                    )
                start = end + 1
        except csv.Error as exc:
            raise UnreadableExport(self.label, f"line {start}", str(exc)) from exc


def scan_lines(
    matcher: CanaryMatcher, stream: BinaryIO, fmt: str, label: str, encoding: str
) -> LineScan:
    """Scan a CSV or NDJSON stream; `encoding` as sniffed from its first block."""
    scanner = _Scanner(matcher, fmt, label)
    if encoding == "utf-8":
        texts = _utf8_texts(stream, label, scanner)
    else:
        texts = ((t, fold_text(t)) for t in _texts(stream, encoding, label, scanner.result))
    if fmt == "csv":
        texts = _rebalanced(texts)
    for text, folded in texts:
        scanner.chunk(text, folded)
    return scanner.result


def _utf8_texts(stream: BinaryIO, label: str, scanner: _Scanner) -> Iterator[tuple[str, str]]:
    offset = 0
    for block in _blocks(stream, label):
        scanner.result.bytes += len(block)
        if block.isascii():
            yield block.decode("ascii"), fold_ascii(block)
        else:
            try:
                text = block.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise UnreadableExport(
                    label,
                    f"byte {offset + exc.start}",
                    f"not valid UTF-8 ({exc.reason}); name the file's encoding (e.g. --encoding latin-1)",
                ) from exc
            yield text, fold_text(text)
        offset += len(block)


def _rebalanced(texts: Iterator[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """Join chunks until the quotes balance, so a CSV record never straddles two chunks."""
    pending_text, pending_fold = "", ""
    for text, folded in texts:
        pending_text += text
        pending_fold += folded
        if pending_text.count('"') % 2 == 0:
            yield pending_text, pending_fold
            pending_text, pending_fold = "", ""
        elif len(pending_text) > MAX_LINE_BYTES + CHUNK_BYTES:
            raise UnreadableExport("the CSV export", "a record", "a quoted field never closes")
    if pending_text:
        yield pending_text, pending_fold
