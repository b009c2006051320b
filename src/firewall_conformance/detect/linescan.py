"""The hot path for line-oriented exports (NDJSON, CSV).

Whole chunks are folded at C speed and searched by the matching engine (engines.py); only the
lines that hold a candidate are parsed, to say which field held what. Folding cannot see through
an encoding, so lines with signs of one (percent or HTML escapes, quoted-printable, letters
outside ASCII) are parsed too, and so are lines with a long base64 or hex run that holds a
planted value once decoded (decode.py); everything parsed is matched in all its decoded views.
For large files, worker processes (the matcher shipped to each once) survey chunks and parse
their candidate lines; the caller reads in order, numbers the findings from where each chunk
starts, and redoes in order any chunk that did not read cleanly, so an error names its line.
From a plain file the workers read their chunks themselves (`file_spans`), so the caller holds
none; memory is bounded by the chunk size times the chunks in flight, not by the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import multiprocessing
import os
import re
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from typing import Any, BinaryIO, TypeVar

from firewall_conformance.detect.blob_runs import BLOB_LENGTH
from firewall_conformance.detect.blob_runs import runs as blob_runs
from firewall_conformance.detect.decode import might_hide
from firewall_conformance.detect.errors import UnreadableExport, WorkerDied
from firewall_conformance.detect.file_spans import Span, held, spans
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.normalise import fold_ascii, fold_text
from firewall_conformance.detect.record import Finding, flatten_json, scan_fields
from firewall_conformance.detect.structured import parse_json_line

CHUNK_BYTES = 4 * 1024**2
# Characters of a chunk made into a string stream at a time (`universal_lines`).
LINES_PIECE = 256 * 1024
MAX_LINE_BYTES = 64 * 1024**2
# Signs of an encoding the fold cannot see through (Ascii85 opens with "<~"), or of markup that
# may cut a value in pieces (detect/decode.py); such lines are parsed and decoded.
_ESCAPES = r"%[0-9A-Fa-f]{2}|&#?[A-Za-z0-9]{2,8};|=[0-9A-F]{2}|\\x[0-9A-Fa-f]{2}|<[A-Za-z/!?~]"
# Byte chunks are pure ASCII (`_decode_utf8`), so the search for letters outside it is left out.
_ENCODED_TEXT = re.compile(_ESCAPES + r"|[^\x00-\x7f]")
_ENCODED_BYTES = re.compile(_ESCAPES.encode())
# Runs that may be base64 or hex of a blob holding a planted value (12 bytes and more): sieved
# and, if they may hide text, decoded in the survey. A lower-case or capitalised word is not
# (base64 of data is almost never one). Shorter whole values encoded are patterns of their own.
# In byte chunks they are found by `blob_runs`; the regular expression is only for decoded text.
_BLOB_TEXT = re.compile(f"[A-Za-z0-9+/_-]{{{BLOB_LENGTH},}}")
_SIGNS = (b"%", b"&", b"=", b"\\", b"<")
_NOT_QUOTE_OR_BREAK = bytes(b for b in range(256) if b not in b'"\n')
_JSON_CLOSERS = ("}\n", "]\n", "}\r\n", "]\r\n")
T = TypeVar("T")


@dataclass
class LineScan:
    """What a line scan counted and found."""

    records: int = 0
    bytes: int = 0
    lines: int = 0
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Survey:
    """A worker's verdict on one chunk: which lines to parse, and how much it held."""

    candidates: tuple[int, ...]
    lines: int
    records: int
    suspect: bool


Chunk = bytes | str  # bytes when the block is pure ASCII (the fast case), else decoded text
# A chunk, or a pure-ASCII one left in its plain file for the worker to read (`file_spans`).
Piece = Chunk | Span
# Where a stream lies in a plain file: its path and the offset of the stream's first byte.
Place = tuple[str, int]


def _tokens(chunk: Chunk) -> tuple[Any, Any, Any]:
    """Newline, quote and JSON unicode-escape, in the chunk's own type."""
    return (b"\n", b'"', b"\\u") if isinstance(chunk, bytes) else ("\n", '"', "\\u")


def text_of(chunk: Chunk) -> str:
    return chunk.decode("ascii") if isinstance(chunk, bytes) else chunk


def universal_lines(text: str) -> Iterator[str]:
    """The lines of `text` as `io.StringIO(text, newline="")` gives them (ended by a line feed,
    a carriage return or both, kept), read a piece at a time: a string stream holds four bytes
    a character, so one over a whole chunk costs four times the chunk in each worker. Pieces
    end just after a line feed, where no line and no carriage-return pair is cut."""
    return itertools.chain.from_iterable(
        io.StringIO(piece, newline="") for piece in _pieces(text, LINES_PIECE)
    )


def _pieces(text: str, size: int) -> Iterator[str]:
    at = 0
    while at < len(text):
        end = text.find("\n", at + size) + 1 or len(text)
        yield text[at:end]
        at = end


def _hit_lines(matcher: CanaryMatcher, chunk: Chunk) -> set[int]:
    if isinstance(chunk, bytes):
        folded: bytes | str = fold_ascii(chunk)
    else:
        folded = fold_ascii(chunk.encode("ascii")) if chunk.isascii() else fold_text(chunk)
    return _lines_of(folded, matcher.offsets(folded))


def _lines_of(text: bytes | str, offsets: list[int]) -> set[int]:
    """The 0-based lines the offsets fall on, by counting line breaks between them."""
    newline = _tokens(text)[0]
    lines, line, at = set(), 0, 0
    for offset in sorted(offsets):
        line += text.count(newline, at, offset)
        at = offset
        lines.add(line)
    return lines


def _sign_starts(chunk: bytes) -> list[int]:
    """Where an escape or a tag starts (`_ESCAPES`). Each begins with a sign byte and holds no
    other, so trying the expression at each sign found by a byte search finds what searching
    the whole chunk with it finds, some thirty times faster on an export with a few."""
    starts = []
    for sign in _SIGNS:
        at = chunk.find(sign)
        while at >= 0:
            if _ENCODED_BYTES.match(chunk, at):
                starts.append(at)
            at = chunk.find(sign, at + 1)
    return sorted(starts)


def _encoded_lines(matcher: CanaryMatcher, chunk: Chunk) -> set[int]:
    """Lines whose planted values an encoding may hide from the fold."""
    if isinstance(chunk, bytes):
        starts = _sign_starts(chunk)
        runs = ((start, run.decode("ascii")) for start, run in blob_runs(chunk))
    else:
        starts = [m.start() for m in _ENCODED_TEXT.finditer(chunk)]
        runs = ((m.start(), m.group()) for m in _BLOB_TEXT.finditer(chunk))
    for start, run in runs:
        if (
            not (run.isalpha() and (run.islower() or run.istitle()))
            and might_hide(run)
            and matcher.value_hits(run)
        ):
            starts.append(start)
    return _lines_of(chunk, starts)


def _quoted_breaks(chunk: Chunk) -> int:
    """Line breaks inside quoted CSV text, which continue a record rather than start one.
    Chunks start outside quotes, so odd segments between quotes are quoted text. Only quotes
    and line breaks decide that, and a pair of quotes with nothing between holds no break: a
    byte chunk is cut down to the rest at C speed before it is split."""
    newline, quote = _tokens(chunk)[:2]
    if quote not in chunk:
        return 0
    if isinstance(chunk, bytes):
        chunk = chunk.translate(None, _NOT_QUOTE_OR_BREAK).replace(b'""', b"")
    return sum(part.count(newline) for part in chunk.split(quote)[1::2])


def survey(matcher: CanaryMatcher, fmt: str, chunk: Chunk) -> Survey:
    """Fold, search and count one chunk of whole lines (0-based candidate line indices)."""
    newline, _, escape = _tokens(chunk)
    # Two-character searches are slow; most chunks hold no backslash at all.
    escaped = escape[:1] in chunk and escape in chunk
    lines = chunk.count(newline) + (0 if chunk.endswith(newline) else 1)
    candidates = _hit_lines(matcher, chunk) | _encoded_lines(matcher, chunk)
    if fmt == "csv":
        return Survey(tuple(sorted(candidates)), lines, lines - _quoted_breaks(chunk), False)
    unterminated = 0 if chunk.endswith(newline) else 1
    closers: list[Any] = (
        [c.encode() for c in _JSON_CLOSERS] if isinstance(chunk, bytes) else list(_JSON_CLOSERS)
    )
    if not escaped and chunk.count(closers[0]) + unterminated == lines:
        # Every line ends in a closing brace (the common chunk): none is blank or suspect, and
        # the slow two-character search for blank lines is spared.
        return Survey(tuple(sorted(candidates)), lines, lines, False)
    text = (
        text_of(chunk) if (newline * 2 in chunk or chunk.startswith(newline) or escaped) else None
    )
    split = text.split("\n") if text is not None else []
    blank = sum(1 for line in split[:lines] if not line.strip())
    records = lines - blank
    # Every record line ends with a closing brace; only when the count is off is the whole
    # chunk parsed, to find the bad line.
    suspect = chunk.count(closers[0]) + unterminated != records and (
        sum(chunk.count(c) for c in closers) + unterminated != records
    )
    if escaped:
        # JSON escapes hide characters from the fold; those lines are parsed instead.
        candidates |= {i for i, line in enumerate(split) if "\\u" in line}
    return Survey(tuple(sorted(candidates)), lines, records, suspect)


_WORKER_MATCHER: CanaryMatcher | None = None


def worker_init(matcher: CanaryMatcher) -> None:
    global _WORKER_MATCHER
    _WORKER_MATCHER = matcher


@dataclass(frozen=True)
class Attributed:
    """A worker's whole work on one chunk: its survey and, when the chunk read cleanly, the
    findings in it numbered from the chunk's first line (None: the caller redoes the chunk in
    order, so an error names the right line)."""

    survey: Survey
    findings: list[Finding] | None


def attributed(
    matcher: CanaryMatcher, fmt: str, label: str, header: list[str] | None, chunk: Chunk
) -> Attributed:
    """Survey one chunk and parse its candidate lines, apart from the chunks around it."""
    found = survey(matcher, fmt, chunk)
    alone = LineScan()
    attributor = Attributor(matcher, fmt, label, alone)
    attributor.header = header
    try:
        attributor.chunk(chunk, found)
    except UnreadableExport:
        return Attributed(found, None)
    return Attributed(found, alone.findings)


def worker_attributed(fmt: str, label: str, header: list[str] | None, piece: Piece) -> Attributed:
    assert _WORKER_MATCHER is not None
    return attributed(_WORKER_MATCHER, fmt, label, header, held(piece, label))


def _utf8_chunks(stream: BinaryIO, label: str, result: LineScan) -> Iterator[Chunk]:
    """Decoded chunks of whole lines; a line past the limit is an error, not a memory blow-up.
    A block read is completed to its line break by reading on, not cut and joined to the next:
    each cut and join copies the chunk into fresh memory, which cost the reading process more
    than the read itself."""
    offset = 0
    while block := stream.read(CHUNK_BYTES):
        if not block.endswith(b"\n"):
            block += _rest_of_line(stream, len(block) - block.rfind(b"\n") - 1, label)
        result.bytes += len(block)
        yield _decode_utf8(block, label, offset)
        offset += len(block)


def _rest_of_line(stream: BinaryIO, begun: int, label: str) -> bytes:
    """The rest of a line of which `begun` bytes are read, up to its line break or the end."""
    rest = stream.readline(max(MAX_LINE_BYTES - begun, 0) + 1)
    if begun + len(rest.removesuffix(b"\n")) > MAX_LINE_BYTES:
        raise UnreadableExport(label, "a line", f"longer than {MAX_LINE_BYTES} bytes; refused")
    return rest


def _decode_utf8(block: bytes, label: str, offset: int) -> Chunk:
    if block.isascii():
        return block
    try:
        return block.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableExport(
            label,
            f"byte {offset + exc.start}",
            f"not valid UTF-8 ({exc.reason}); name the file's encoding (e.g. --encoding latin-1)",
        ) from exc


def _decoded_chunks(stream: BinaryIO, encoding: str, label: str, result: LineScan) -> Iterator[str]:
    """Chunks of whole lines in any other encoding (UTF-16, Latin-1, a declared one)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    rest, consumed = "", 0
    while block := stream.read(CHUNK_BYTES):
        result.bytes += len(block)
        try:
            text = rest + decoder.decode(block)
        except UnicodeDecodeError as exc:
            raise UnreadableExport(
                label, f"byte {consumed + exc.start}", f"not valid {encoding} ({exc.reason})"
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
    try:
        rest += decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise UnreadableExport(
            label, f"byte {consumed}", f"ends inside a {encoding} character ({exc.reason})"
        ) from exc
    if rest:
        yield rest


def _quote_balanced(chunks: Iterator[Chunk], label: str) -> Iterator[Chunk]:
    """Join chunks until the quotes pair up, so no CSV record straddles two chunks."""
    pending: list[Chunk] = []
    quotes = size = 0
    for chunk in chunks:
        pending.append(chunk)
        quotes += chunk.count(_tokens(chunk)[1])
        size += len(chunk)
        if quotes % 2 == 0:
            yield _joined(pending)
            pending, quotes, size = [], 0, 0
        elif size > MAX_LINE_BYTES + CHUNK_BYTES:
            raise UnreadableExport(label, "a record", "a quoted field never closes")
    if pending:
        yield _joined(pending)


def _joined(parts: list[Chunk]) -> Chunk:
    if len(parts) == 1:
        return parts[0]
    if all(isinstance(p, bytes) for p in parts):
        return b"".join(parts)  # type: ignore[arg-type]
    return "".join(text_of(p) for p in parts)


class Attributor:
    """Parses only the candidate lines of each chunk, in file order."""

    def __init__(self, matcher: CanaryMatcher, fmt: str, label: str, result: LineScan) -> None:
        self.matcher, self.fmt, self.label, self.result = matcher, fmt, label, result
        self.header: list[str] | None = None

    def surveyed(self, chunk: Chunk) -> None:
        """Survey a chunk here and take it in."""
        self.chunk(chunk, survey(self.matcher, self.fmt, chunk))

    def chunk(self, chunk: Chunk, found: Survey) -> None:
        first_line = self.result.lines + 1
        if self.fmt == "csv":
            self.result.records += found.records
            if self.header is None or found.candidates:
                self._csv(text_of(chunk), found, first_line)
        else:
            self.result.records += found.records
            if found.suspect or found.candidates:
                self._ndjson(text_of(chunk), found, first_line)
        self.result.lines += found.lines

    def _ndjson(self, text: str, found: Survey, first_line: int) -> None:
        lines = text.split("\n")
        for index in range(found.lines) if found.suspect else found.candidates:
            line = lines[index]
            if not line.strip():
                continue
            document = parse_json_line(line, self.label, f"line {first_line + index}", True)
            if index in found.candidates:
                fields = list(flatten_json(document, "$"))
                self.result.findings += scan_fields(
                    self.matcher, self.label, first_line + index, fields, "line"
                )

    def _record(self, row: list[str], line: int) -> None:
        assert self.header is not None
        if len(row) != len(self.header):
            raise UnreadableExport(
                self.label, f"line {line}", f"{len(row)} fields, header has {len(self.header)}"
            )
        pairs = list(zip(self.header, row, strict=True))
        self.result.findings += scan_fields(self.matcher, self.label, line, pairs, "line")

    def _csv(self, text: str, found: Survey, first_line: int) -> None:
        body_start = first_line
        if self.header is None:
            reader = csv.reader(universal_lines(text))
            self.header = next(reader, [])
            self.result.records -= 1
            body_start = first_line + reader.line_num
            if any(first_line + c < body_start for c in found.candidates):
                # A planted value as a column name: the header is no record, but it is sent.
                named = [(name, "") for name in self.header]
                self.result.findings += scan_fields(
                    self.matcher, self.label, first_line, named, "line"
                )
        wanted = sorted(w for w in (first_line + c for c in found.candidates) if w >= body_start)
        if not wanted:
            return
        if found.records == found.lines:
            # One record per line: parse just the candidate lines.
            lines = text.split("\n")
            for line in wanted:
                try:
                    [row] = list(csv.reader([lines[line - first_line].rstrip("\r")]))
                except (csv.Error, ValueError) as exc:
                    raise UnreadableExport(
                        self.label, f"line {line}", f"not a CSV record ({exc})"
                    ) from exc
                self._record(row, line)
            return
        self._csv_rows(text, wanted, first_line, skip_header=body_start != first_line)

    def _csv_rows(self, text: str, wanted: list[int], first_line: int, skip_header: bool) -> None:
        """Records that span lines: walk the chunk's rows to find those holding candidates."""
        reader = csv.reader(universal_lines(text))
        start, pointer = first_line, 0
        try:
            for number, row in enumerate(reader):
                end = first_line + reader.line_num - 1
                while pointer < len(wanted) and wanted[pointer] < start:
                    pointer += 1
                if pointer == len(wanted):
                    return
                if not (skip_header and number == 0) and wanted[pointer] <= end:
                    self._record(row, start)
                start = end + 1
        except csv.Error as exc:
            raise UnreadableExport(self.label, f"line {start}", str(exc)) from exc


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def line_chunks(
    stream: BinaryIO,
    fmt: str,
    label: str,
    encoding: str,
    result: LineScan,
    place: Place | None = None,
) -> Iterator[Piece]:
    """Chunks of whole lines (for CSV, of whole records) of a stream in `encoding`, counting
    the bytes read into `result`; given the `place` of a UTF-8 stream in a plain file, its
    pure-ASCII chunks as their spans (`file_spans`)."""
    if encoding != "utf-8":
        chunks: Iterator[Chunk] = _decoded_chunks(stream, encoding, label, result)
        return _quote_balanced(chunks, label) if fmt == "csv" else chunks
    chunks = _utf8_chunks(stream, label, result)
    chunks = _quote_balanced(chunks, label) if fmt == "csv" else chunks
    return chunks if place is None else spans(chunks, *place)


def in_workers(
    job: Callable[..., T],
    fixed: tuple[Any, ...],
    chunks: Iterator[Any],
    workers: int,
    label: str,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[tuple[Any, T]]:
    """Each chunk handed to one of `workers` spawned processes as `job(*fixed, chunk)`, yielded
    with its result in file order; at most `workers` + 1 chunks are in flight, so memory is
    bounded by the chunk size, not the file. A worker that dies is `WorkerDied`, at once."""
    context = multiprocessing.get_context("spawn")
    pending: deque[tuple[Any, Future[T]]] = deque()
    try:
        with ProcessPoolExecutor(
            workers, context, initializer=initializer, initargs=initargs
        ) as pool:
            for chunk in chunks:
                pending.append((chunk, pool.submit(job, *fixed, chunk)))
                if len(pending) > workers:
                    chunk, done = pending.popleft()
                    yield chunk, done.result()
            while pending:
                chunk, done = pending.popleft()
                yield chunk, done.result()
    except BrokenProcessPool as exc:
        raise WorkerDied(label) from exc


def scan_lines(
    matcher: CanaryMatcher,
    stream: BinaryIO,
    fmt: str,
    label: str,
    encoding: str,
    workers: int | None = None,
    place: Place | None = None,
) -> LineScan:
    """Scan a CSV or NDJSON stream in `encoding` (at `place` in a plain file, if it is one).
    Small inputs are surveyed in-process; from the second chunk on, `workers` processes
    (default: the cores, up to four) survey in parallel."""
    result = LineScan()
    chunks = line_chunks(stream, fmt, label, encoding, result, place)
    attributor = Attributor(matcher, fmt, label, result)
    workers = workers or default_workers()
    first = next(chunks, None)
    if first is None:
        return result
    # The first chunk is read here, in order: it holds a CSV header the workers need.
    attributor.surveyed(held(first, label))
    second = next(chunks, None)
    if second is None or workers == 1:
        for piece in chain(second, chunks):
            attributor.surveyed(held(piece, label))
        return result
    fixed = (fmt, label, attributor.header)
    for piece, done in in_workers(
        worker_attributed, fixed, chain(second, chunks), workers, label, worker_init, (matcher,)
    ):
        settle(piece, done, attributor)
    return result


def settle(piece: Piece, done: Attributed, attributor: Attributor) -> None:
    """Take in one chunk a worker surveyed and attributed, renumbering its findings from where
    the chunk starts; if the chunk did not read cleanly, redo it here to name the bad line."""
    if done.findings is None:
        attributor.chunk(held(piece, attributor.label), done.survey)
        return
    result = attributor.result
    result.records += done.survey.records
    result.findings += [replace(f, record=f.record + result.lines) for f in done.findings]
    result.lines += done.survey.lines


def chain(first: T | None, rest: Iterator[T]) -> Iterator[T]:
    """`first` (when there is one), then the rest."""
    if first is not None:
        yield first
    yield from rest
