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
fast reader (`flat_json`) a batch at a time; they and CSV rows that hold no document are judged
by their values through their shape's plan, with no list of fields built per record. Each chunk goes out with the number of lines
before it, so workers number their findings in the file and the caller only passes them on.
Anything that does not read cleanly is read again by `read_every_record`, today's reading of
every record, so an error or an odd file reads exactly as it always has.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress, groupby
from typing import Any, Generic, TypeVar

from firewall_conformance.detect.embedded import may_be_document
from firewall_conformance.detect.encoding import UTF8_BOM, sniff
from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.file_spans import held, line_count, plain_file
from firewall_conformance.detect.flat_json import flat_objects
from firewall_conformance.detect.linescan import (
    Chunk,
    LineScan,
    Piece,
    chain,
    default_workers,
    in_workers,
    line_chunks,
    text_of,
    universal_lines,
)
from firewall_conformance.detect.record import flatten_json
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

F = TypeVar("F", bound=tuple[Any, ...])
# A chunk (or its span) with the number of lines before it in the file and the number in it.
Numbered = tuple[int, int, Piece]
# A chunk whose first lines are this often candidates has every record judged (`_candidates`).
SAMPLE_CHARS = 64 * 1024
DENSE_SHARE = 0.75
# NDJSON lines read by one call of the fast reader: few enough that their objects stay small
# beside the chunk, and that one odd line sends only its batch to the standard reader.
BATCH_LINES = 1024
# How one flat record is judged (`status.flat_status`): whether it names anyone's role, and its
# findings; the last argument says whether a value may hold a document.
Judgement = Callable[[Fields, str, int, bytes, Vocabulary, bool], tuple[bool, list[F]]]
# The same for records of one shape that hold no document, each given as its values in the
# order of the locators, with its number (`status.flat_rows_status`); the findings as plain
# tuples.
RowsJudgement = Callable[
    [tuple[str, ...], Sequence[Sequence[Any]], Sequence[int], str, bytes, Vocabulary],
    tuple[bool, list[tuple[Any, ...]]],
]


@dataclass(frozen=True)
class Judgements(Generic[F]):
    """How records are judged, one by its fields or many of a shape by their values;
    module-level functions, handed to the workers by reference."""

    fields: Judgement[F]
    rows: RowsJudgement


@dataclass(frozen=True)
class ChunkStatus:
    """One chunk's part of a report, its findings numbered in the file, as plain tuples (a
    named tuple is pickled through a Python call each, and millions may be sent); the first
    chunk of a CSV also gives the header and whether it names a status field."""

    lines: int
    records: int
    names_roles: bool
    findings: list[tuple[Any, ...]] = field(default_factory=list)
    header: list[str] | None = None
    every_row: bool = False


class _Judge(Generic[F]):
    """Judges the records of one chunk. Records of a known shape that hold no document are
    judged by their values, all of them (their shape says what to read, and only that is
    read); others one by one, by their fields: candidates of the literal search (made only if
    needed, and not at all when `every` record is to be judged), and the others until one names
    a role."""

    def __init__(
        self,
        judgements: Judgements[F],
        label: str,
        salt: bytes,
        chunk: Chunk,
        every: bool,
        before: int,
    ) -> None:
        self.judgements, self.label, self.salt, self.before = judgements, label, salt, before
        self._chunk, self._every = chunk, every
        self.words = vocabulary()
        self.names_roles = False
        # Findings as plain tuples (`ChunkStatus`).
        self.findings: list[tuple[Any, ...]] = []

    @cached_property
    def _candidates(self) -> set[int] | None:
        return None if self._every else _candidates(self._chunk)

    def wanted(self, index: int, always: bool = False) -> bool:
        if always or not self.names_roles:
            return True
        return self._candidates is None or index in self._candidates

    def judge(self, fields: Fields, line: int, documents: bool) -> None:
        """Judge one record, `line` counted in the chunk, numbered in the file."""
        named, found = self.judgements.fields(
            fields, self.label, self.before + line, self.salt, self.words, documents
        )
        self.names_roles = self.names_roles or named
        self.findings += map(tuple, found)

    def judge_rows(
        self, locators: tuple[str, ...], rows: Sequence[Sequence[Any]], lines: Sequence[int]
    ) -> None:
        """Judge records of one shape that hold no document by their values."""
        numbers = [self.before + line for line in lines]
        named, found = self.judgements.rows(
            locators, rows, numbers, self.label, self.salt, self.words
        )
        self.names_roles = self.names_roles or named
        self.findings += found

    def judge_objects(self, documents: list[dict[str, Any]], lines: list[int]) -> None:
        """Judge flat JSON objects as `flat_fields` reads them (a null value is no field), each
        run of objects of one shape together, in file order."""
        shapes: Sequence[tuple[str, ...]] = list(map(tuple, documents))
        rows: Sequence[tuple[Any, ...]] = list(map(tuple, map(dict.values, documents)))
        if None in itertools.chain.from_iterable(rows):
            shapes, rows = zip(*map(_without_nulls, documents), strict=True)
        start = 0
        for keys, run in groupby(shapes):
            end = start + len(list(run))
            self.judge_rows(self._json_locators(keys), rows[start:end], lines[start:end])
            start = end

    def _json_locators(self, keys: tuple[str, ...]) -> tuple[str, ...]:
        return self.words.remembered(("$", keys), lambda: tuple(f"$.{k}" for k in keys))


def _without_nulls(document: dict[str, Any]) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    kept = [(key, value) for key, value in document.items() if value is not None]
    return tuple(key for key, _ in kept), tuple(value for _, value in kept)


def _lines(text: str) -> list[str]:
    """The lines of a chunk as a text stream with universal newlines reads them."""
    if "\r" in text:
        return list(universal_lines(text))
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
    judgements: Judgements[F],
    fmt: str,
    label: str,
    salt: bytes,
    header: list[str] | None,
    every_row: bool,
    numbered: Numbered,
) -> ChunkStatus:
    """Status findings in one chunk of whole records, apart from the chunks around it; the
    chunk comes with the number of lines before it, so its findings are numbered in the file,
    and the number of lines counted in it, which its reading must find too."""
    before, counted, piece = numbered
    chunk = held(piece, label)
    text = text_of(chunk)
    alone = "\r" in text and text.count("\r") != text.count("\r\n")
    judge = _Judge(judgements, label, salt, chunk, alone or every_row, before)
    done = (
        _csv_chunk(text, label, header, every_row, judge)
        if fmt == "csv"
        else _ndjson_chunk(text, label, judge)
    )
    if done.lines != counted:
        raise UnreadableExport(label, "a chunk", "did not read cleanly")
    return done


def _ndjson_chunk(text: str, label: str, judge: _Judge[F]) -> ChunkStatus:
    """Flat objects read fast a batch at a time and judged by shape; any other line read by the
    standard reader and judged by its fields if it is wanted."""
    lines = _lines(text)
    # Made without a Python step per line: a line strips to itself unless it has white space.
    filled = list(compress(range(len(lines)), map(str.strip, lines)))
    for start in range(0, len(filled), BATCH_LINES):
        batch = filled[start : start + BATCH_LINES]
        flat = flat_objects(list(map(lines.__getitem__, batch)))
        if flat is not None:
            judge.judge_objects(flat, list(map((1).__add__, batch)))
        for index in batch if flat is None else ():
            document = parse_json_line(lines[index], label, f"line {index + 1}", True)
            if judge.wanted(index):
                judge.judge(list(flatten_json(document, "$")), index + 1, True)
    return ChunkStatus(len(lines), len(filled), judge.names_roles, judge.findings)


class _Rows:
    """CSV rows that hold no document, judged by their values a batch at a time."""

    def __init__(self, judge: _Judge[Any], locators: tuple[str, ...]) -> None:
        self.judge_, self.locators = judge, locators
        self.rows: list[list[str]] = []
        self.lines: list[int] = []

    def add(self, row: list[str], line: int) -> None:
        self.rows.append(row)
        self.lines.append(line)
        if len(self.rows) == BATCH_LINES:
            self.judge()

    def judge(self) -> None:
        if self.rows:
            self.judge_.judge_rows(self.locators, self.rows, self.lines)
        self.rows, self.lines = [], []


def _csv_chunk(
    text: str, label: str, header: list[str] | None, every_row: bool, judge: _Judge[F]
) -> ChunkStatus:
    reader = csv.reader(universal_lines(text))
    records = 0
    documents = "{" in text or "[" in text
    try:
        if header is None:
            header = next(reader, None)
            every_row = bool(header) and bool(status_literals().lines(",".join(header or [])))
        start = reader.line_num + 1
        locators = tuple(header or ())
        rows = _Rows(judge, locators)
        for row in reader:
            if len(row) != len(locators):
                csv_fields(header, row, label, start)  # refuses the row, naming its line
            records += 1
            if not documents or not any(map(may_be_document, row)):
                rows.add(row, start)
            elif judge.wanted(start - 1, every_row or reader.line_num != start):
                rows.judge()  # the rows before it first: findings in file order
                judge.judge(csv_fields(header, row, label, start), start, True)
            start = reader.line_num + 1
        rows.judge()
    except csv.Error as exc:
        raise UnreadableExport(label, "CSV", str(exc)) from exc
    return ChunkStatus(
        reader.line_num, records, judge.names_roles, judge.findings, header, every_row
    )


def worker_chunk_status(
    judgements: Judgements[F],
    fmt: str,
    label: str,
    salt: bytes,
    header: list[str] | None,
    every_row: bool,
    numbered: Numbered,
) -> ChunkStatus | None:
    """A worker's reading of a chunk; None when it did not read cleanly."""
    try:
        return chunk_status(judgements, fmt, label, salt, header, every_row, numbered)
    except UnreadableExport:
        return None


def chunk_statuses(
    source: Source,
    salt: bytes,
    encoding: str | None,
    judgements: Judgements[F],
    workers: int | None = None,
) -> Iterator[ChunkStatus]:
    """Each chunk's part of one CSV or NDJSON stream's report, in file order. Anything that
    does not read cleanly raises `UnreadableExport`, for the caller to read every record."""
    fmt, workers = source.format or "", workers or default_workers()
    with source.open() as stream:
        reader = buffered_stream(stream)
        codec = sniff(reader.peek(HEAD_BYTES)[:HEAD_BYTES], encoding)
        if codec == "utf-8-sig":
            reader.read(len(UTF8_BOM))
            codec = "utf-8"
        path = plain_file(reader)
        place = None if path is None else (path, reader.tell())
        chunks = line_chunks(reader, fmt, source.label, codec, LineScan(), place)
        first = next(chunks, None)
        if first is None:
            return
        head = chunk_status(
            judgements, fmt, source.label, salt, None, False, (0, line_count(first), first)
        )
        yield head
        second = next(chunks, None)
        fixed = (judgements, fmt, source.label, salt, head.header, head.every_row)
        rest = numbered_chunks(chain(second, chunks), head.lines)
        parts = (
            ((numbered, chunk_status(*fixed, numbered)) for numbered in rest)
            if second is None or workers == 1
            else in_workers(worker_chunk_status, fixed, rest, workers, source.label)
        )
        for _, done in parts:
            if done is None:
                raise UnreadableExport(source.label, "a chunk", "did not read cleanly")
            yield done


def numbered_chunks(chunks: Iterator[Piece], before: int) -> Iterator[Numbered]:
    """Each chunk with the number of lines before it in the file and in it."""
    for chunk in chunks:
        lines = line_count(chunk)
        yield before, lines, chunk
        before += lines
