"""Status detection on CSV and NDJSON at the canary scan's pace.

Chunks of whole records are read as the canary scan reads them (`linescan.line_chunks`) and,
from the second on, handed to the same kind of worker processes. In each chunk, one literal
search of the squeezed bytes (`status_literals`) points at the records that may hold a field the
vocabulary marks; every record is still parsed (a malformed one must make the file unreadable as
before), but only those are flattened and have their roles bound, plus the first records of a
chunk until one names a role (the report says whether any does). A CSV header naming a status
field makes every row a candidate, and so does a row spread over lines; a chunk with a carriage
return that ends a line alone is taken whole, and so is a chunk whose first lines are mostly
candidates (the search would cost more than it spares). Flat NDJSON records are read by the
fast reader (`flat_json`) a batch at a time. Each chunk goes out with the number of lines
before it, so workers number their findings in the file and the caller only passes them on.
Anything that does not read cleanly is read again by `read_every_record`, today's reading of
every record, so an error or an odd file reads exactly as it always has.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from firewall_conformance.detect.encoding import UTF8_BOM, sniff
from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.flat_json import flat_objects
from firewall_conformance.detect.linescan import (
    Chunk,
    LineScan,
    chain,
    default_workers,
    in_workers,
    line_chunks,
    text_of,
)
from firewall_conformance.detect.record import flat_fields, flatten_json
from firewall_conformance.detect.sources import Source
from firewall_conformance.detect.status_literals import status_literals
from firewall_conformance.detect.structured import (
    HEAD_BYTES,
    Fields,
    buffered_stream,
    csv_fields,
    parse_json_line,
)
from firewall_conformance.detect.vocabulary import Vocabulary, vocabulary

F = TypeVar("F")
# A chunk whose first lines are this often candidates has every record judged (`_candidates`).
SAMPLE_CHARS = 64 * 1024
DENSE_SHARE = 0.75
# NDJSON lines read by one call of the fast reader: few enough that their objects stay small
# beside the chunk, and that one odd line sends only its batch to the standard reader.
BATCH_LINES = 1024
# How one flat record is judged (`status.flat_status`): whether it names anyone's role, and its
# findings; the last argument says whether a value may hold a document. Handed to the workers
# by reference, as a module-level function.
Judgement = Callable[[Fields, str, int, bytes, Vocabulary, bool], tuple[bool, list[F]]]


@dataclass(frozen=True)
class ChunkStatus(Generic[F]):
    """One chunk's part of a report, its findings numbered from the chunk's first line; the
    first chunk of a CSV also gives the header and whether it names a status field."""

    lines: int
    records: int
    names_roles: bool
    findings: list[F] = field(default_factory=list)
    header: list[str] | None = None
    every_row: bool = False


class _Judge(Generic[F]):
    """Judges the records of one chunk: candidates always, others only until one names a role."""

    def __init__(
        self,
        judgement: Judgement[F],
        label: str,
        salt: bytes,
        candidates: set[int] | None,
        before: int,
    ) -> None:
        self.judgement, self.label, self.salt, self.candidates = judgement, label, salt, candidates
        self.before = before
        self.words = vocabulary()
        self.names_roles = False
        self.findings: list[F] = []

    def wanted(self, index: int, always: bool = False) -> bool:
        return always or self.candidates is None or index in self.candidates or not self.names_roles

    def judge(self, fields: Fields, line: int, documents: bool) -> None:
        """Judge one record, `line` counted in the chunk, numbered in the file."""
        named, found = self.judgement(
            fields, self.label, self.before + line, self.salt, self.words, documents
        )
        self.names_roles = self.names_roles or named
        self.findings += found


def _lines(text: str) -> list[str]:
    """The lines of a chunk as a text stream with universal newlines reads them."""
    if "\r" in text:
        return list(io.StringIO(text, newline=""))
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def _candidates(chunk: Chunk) -> set[int] | None:
    """The lines the literal search points at; None (judge every record) when a sample of the
    chunk shows most lines are candidates, as in an export with a status column: there the
    search costs more than judging the few records it would spare."""
    newline = "\n" if isinstance(chunk, str) else b"\n"
    sample = chunk[: chunk.rfind(newline, 0, SAMPLE_CHARS) + 1]  # type: ignore[arg-type]
    lines = sample.count(newline)  # type: ignore[arg-type]
    if lines and len(status_literals().lines(sample)) >= lines * DENSE_SHARE:
        return None
    return status_literals().lines(chunk)


def chunk_status(
    judgement: Judgement[F],
    fmt: str,
    label: str,
    salt: bytes,
    header: list[str] | None,
    every_row: bool,
    numbered: tuple[int, Chunk],
) -> ChunkStatus[F]:
    """Status findings in one chunk of whole records, apart from the chunks around it; the
    chunk comes with the number of lines before it, so its findings are numbered in the file."""
    before, chunk = numbered
    text = text_of(chunk)
    alone = text.count("\r") != text.count("\r\n")
    candidates = None if alone or every_row else _candidates(chunk)
    judge = _Judge(judgement, label, salt, candidates, before)
    if fmt == "csv":
        return _csv_chunk(text, label, header, every_row, judge)
    lines = _lines(text)
    filled = [index for index, line in enumerate(lines) if line.strip()]
    for start in range(0, len(filled), BATCH_LINES):
        batch = filled[start : start + BATCH_LINES]
        flat = flat_objects([lines[index] for index in batch])
        if flat is not None:
            for index, document in zip(batch, flat, strict=True):
                if judge.wanted(index):
                    judge.judge(flat_fields(document), index + 1, False)
        for index in batch if flat is None else ():
            document = parse_json_line(lines[index], label, f"line {index + 1}", True)
            if judge.wanted(index):
                judge.judge(list(flatten_json(document, "$")), index + 1, True)
    return ChunkStatus(len(lines), len(filled), judge.names_roles, judge.findings)


def _csv_chunk(
    text: str, label: str, header: list[str] | None, every_row: bool, judge: _Judge[F]
) -> ChunkStatus[F]:
    reader = csv.reader(io.StringIO(text, newline=""))
    records = 0
    documents = "{" in text or "[" in text
    try:
        if header is None:
            header = next(reader, None)
            every_row = bool(header) and bool(status_literals().lines(",".join(header or [])))
        start = reader.line_num + 1
        for row in reader:
            fields = csv_fields(header, row, label, start)
            records += 1
            if judge.wanted(start - 1, every_row or reader.line_num != start):
                judge.judge(fields, start, documents)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise UnreadableExport(label, "CSV", str(exc)) from exc
    return ChunkStatus(
        reader.line_num, records, judge.names_roles, judge.findings, header, every_row
    )


def _worker_chunk_status(
    judgement: Judgement[F],
    fmt: str,
    label: str,
    salt: bytes,
    header: list[str] | None,
    every_row: bool,
    numbered: tuple[int, Chunk],
) -> ChunkStatus[F] | None:
    """A worker's reading of a chunk; None when it did not read cleanly."""
    try:
        return chunk_status(judgement, fmt, label, salt, header, every_row, numbered)
    except UnreadableExport:
        return None


def chunk_statuses(
    source: Source,
    salt: bytes,
    encoding: str | None,
    judgement: Judgement[F],
    workers: int | None = None,
) -> Iterator[ChunkStatus[F]]:
    """Each chunk's part of one CSV or NDJSON stream's report, in file order. Anything that
    does not read cleanly raises `UnreadableExport`, for the caller to read every record."""
    fmt, workers = source.format or "", workers or default_workers()
    with source.open() as stream:
        reader = buffered_stream(stream)
        codec = sniff(reader.peek(HEAD_BYTES)[:HEAD_BYTES], encoding)
        if codec == "utf-8-sig":
            reader.read(len(UTF8_BOM))
            codec = "utf-8"
        chunks = line_chunks(reader, fmt, source.label, codec, LineScan())
        first = next(chunks, None)
        if first is None:
            return
        head = chunk_status(judgement, fmt, source.label, salt, None, False, (0, first))
        yield head
        second = next(chunks, None)
        fixed = (judgement, fmt, source.label, salt, head.header, head.every_row)
        rest = _numbered(chain(second, chunks), head.lines)
        parts = (
            ((numbered, chunk_status(*fixed, numbered)) for numbered in rest)
            if second is None or workers == 1
            else in_workers(_worker_chunk_status, fixed, rest, workers, source.label)
        )
        for (_, chunk), done in parts:
            # A chunk's findings were numbered by the lines counted here before it was read.
            if done is None or done.lines != line_count(chunk):
                raise UnreadableExport(source.label, "a chunk", "did not read cleanly")
            yield done


def line_count(chunk: Chunk) -> int:
    """The lines of a chunk as the readers count them: a carriage return alone ends one too."""
    newline, cr = ("\n", "\r") if isinstance(chunk, str) else (b"\n", b"\r")
    ends = chunk.count(newline) + chunk.count(cr) - chunk.count(cr + newline)  # type: ignore[arg-type, operator]
    return ends + (0 if not chunk or chunk.endswith((newline, cr)) else 1)  # type: ignore[arg-type]


def _numbered(chunks: Iterator[Chunk], before: int) -> Iterator[tuple[int, Chunk]]:
    """Each chunk with the number of lines before it in the file."""
    for chunk in chunks:
        yield before, chunk
        before += line_count(chunk)
