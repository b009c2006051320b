"""Status detection and the canary scan in one reading of each file.

Given personas, `scan` looks for both; read one after the other, a CSV or NDJSON file was read,
chunked, handed to worker processes and decoded twice. Here each chunk is read once and the
same worker looks at it both ways: the canary survey (`linescan.attributed`) and the status
judgement (`status_lines.chunk_status`), each exactly as it is done alone, so the reports are
those the two readings give. Other formats are read as before, each mode in turn.

Where the two readings would part (an encoding told apart differently from the stream's head,
a chunk or record that does not read cleanly), nothing here is kept: `one_pass` says so and the
caller reads the file as it always has, one mode after the other, so an unreadable file and an
odd one are reported exactly as before. A worker that dies ends the file at once (`WorkerDied`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from firewall_conformance.detect.encoding import sniff
from firewall_conformance.detect.errors import UnreadableExport, WorkerDied
from firewall_conformance.detect.file_spans import held, line_count
from firewall_conformance.detect.linescan import (
    Attributed,
    Attributor,
    LineScan,
    chain,
    default_workers,
    in_workers,
    line_chunks,
    settle,
    worker_attributed,
    worker_init,
)
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import HEAD_BYTES, ScanReport, line_input, scan_source
from firewall_conformance.detect.sources import Source, open_sources
from firewall_conformance.detect.status import (
    StatusReport,
    every_record,
    judgements,
    source_status,
)
from firewall_conformance.detect.status_lines import (
    ChunkStatus,
    Judgements,
    Numbered,
    numbered_chunks,
    worker_chunk_status,
)
from firewall_conformance.detect.structured import buffered_stream
from firewall_conformance.detect.vocabulary import vocabulary

Reports = tuple[list[StatusReport], list[ScanReport]]
# What status detection needs besides the chunk: how it judges records, the salt, the CSV
# header and whether it makes every row a candidate (`status_lines.chunk_statuses`); None once it no longer reads in chunks.
StatusFixed = tuple[Judgements[Any], bytes, list[str] | None, bool] | None


def one_pass(
    matcher: CanaryMatcher,
    path: Path,
    salt: bytes,
    fmt: str | None = None,
    encoding: str | None = None,
    workers: int | None = None,
) -> Reports | None:
    """The status and canary reports of every stream in `path`, each read once; None when the
    two readings would part or something does not read cleanly (read it mode by mode)."""
    status: list[StatusReport] = []
    canaries: list[ScanReport] = []
    try:
        for source in open_sources(path, fmt):
            if source.format in ("csv", "ndjson") and not source.canaries_only:
                both = _both(matcher, source, salt, encoding, workers or default_workers())
                if both is None:
                    return None
                status.append(both[0])
                canaries.append(both[1])
                continue
            if not source.canaries_only:
                status.append(source_status(source, salt, encoding, workers))
            canaries.append(scan_source(matcher, source, encoding))
    except WorkerDied:
        raise
    except UnreadableExport:
        return None
    return status, canaries


class _StatusParts:
    """A stream's status report, taken in chunk by chunk; once a chunk does not read cleanly,
    the rest are passed over and the stream is read record by record at the end, as status
    detection alone does (`status.every_record`)."""

    def __init__(self, source: Source, salt: bytes) -> None:
        self.source, self.salt = source, salt
        self.report = StatusReport(source.label, source.format or "")
        self.failed = False

    def take(self, part: ChunkStatus | None) -> None:
        if part is None:
            self.failed = True
        elif not self.failed:
            self.report.add_part(part)

    def finished(self, encoding: str | None) -> StatusReport:
        if self.failed:
            return every_record(self.source, self.salt, vocabulary(), encoding)
        return self.report


def _both(
    matcher: CanaryMatcher, source: Source, salt: bytes, encoding: str | None, workers: int
) -> tuple[StatusReport, ScanReport] | None:
    fmt, label = source.format or "", source.label
    canary = ScanReport(source=label, format=fmt)
    parts = _StatusParts(source, salt)
    judged = judgements()
    with source.open() as stream:
        reader = buffered_stream(stream)
        # Status detection tells the encoding from what the buffer holds, the canary scan from
        # the whole head; where they differ the files are read as before.
        peeked = sniff(reader.peek(HEAD_BYTES)[:HEAD_BYTES], encoding)
        canary.encoding, codec, lines, place = line_input(reader, reader.read(HEAD_BYTES), encoding)
        if peeked != canary.encoding:
            return None
        result = LineScan()
        chunks = line_chunks(lines, fmt, label, codec, result, place)
        attributor = Attributor(matcher, fmt, label, result)
        piece = next(chunks, None)
        if piece is not None:
            first = held(piece, label)
            attributor.surveyed(first)
            head = worker_chunk_status(
                judged, fmt, label, salt, None, False, (0, line_count(first), first)
            )
            parts.take(head)
            fixed: StatusFixed = (
                None if head is None else (judged, salt, head.header, head.every_row)
            )
            second = next(chunks, None)
            rest = numbered_chunks(chain(second, chunks), 0 if head is None else head.lines)
            if second is None or workers == 1:
                for before, count, piece in rest:
                    numbered = (before, count, held(piece, label))
                    attributor.surveyed(numbered[2])
                    parts.take(_status_of(fmt, label, None if parts.failed else fixed, numbered))
            else:
                for numbered, (attributed, part) in in_workers(
                    _worker_both,
                    (fmt, label, attributor.header, fixed),
                    rest,
                    workers,
                    label,
                    worker_init,
                    (matcher,),
                ):
                    settle(numbered[2], attributed, attributor)
                    parts.take(part)
    canary.records, canary.bytes, canary.findings = result.records, result.bytes, result.findings
    return parts.finished(encoding), canary


def _status_of(fmt: str, label: str, fixed: StatusFixed, numbered: Numbered) -> ChunkStatus | None:
    if fixed is None:
        return None
    judged, salt, header, every_row = fixed
    return worker_chunk_status(judged, fmt, label, salt, header, every_row, numbered)


def _worker_both(
    fmt: str, label: str, header: list[str] | None, fixed: StatusFixed, numbered: Numbered
) -> tuple[Attributed, ChunkStatus | None]:
    """A worker's two readings of one chunk, read from its file once when it is a span (the
    matcher is the worker's own, `worker_init`)."""
    before, count, piece = numbered
    chunk = held(piece, label)
    return worker_attributed(fmt, label, header, chunk), _status_of(
        fmt, label, fixed, (before, count, chunk)
    )
