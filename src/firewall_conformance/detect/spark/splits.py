"""What one Spark task does with its split of an export: the embedded scanner's own functions
run over whole lines (or Parquet rows), with every locator made absolute.

Nothing here imports pyspark: a task gets plain lines or rows and its plan, so the same code
is tested without a cluster. Line numbers match the embedded engine's because each task is
told the line its split starts on; a first, cheap pass (`count_split`) counts lines per split.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, TypeVar

from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.linescan import CHUNK_BYTES, MAX_LINE_BYTES, scan_lines
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.record import Finding, flatten_json, scan_fields
from firewall_conformance.detect.status import StatusFinding, flat_status
from firewall_conformance.detect.structured import line_records
from firewall_conformance.detect.vocabulary import Vocabulary, vocabulary

BOM = "\ufeff"
# Spark decodes text as UTF-8 and puts U+FFFD where bytes are not UTF-8; such a line is
# refused rather than scanned as something it does not say.
REPLACEMENT = "\ufffd"
NOT_UTF8 = (
    "not valid UTF-8 (the Spark engine reads UTF-8 only; convert the file, or scan it with "
    "the embedded engine)"
)
ROW_INDEX = "_fwc_row_index"
_LINE = re.compile(r"line (\d+)")
T_co = TypeVar("T_co", covariant=True)


class Shared(Protocol[T_co]):
    """A broadcast value, as a task sees it: shipped once per executor, read many times."""

    @property
    def value(self) -> T_co: ...


@dataclass(frozen=True)
class SplitPlan:
    """Where a task's split sits: its file, format and first line, and for a CSV split that
    does not start its file, the file's header to read the split's records with."""

    label: str
    fmt: str
    first_line: int = 1
    header: str = ""


@dataclass(frozen=True)
class SplitCount:
    """The first pass over a split: its lines, whether its quotes pair up (a CSV split that
    starts inside a quoted field cannot be read on its own) and, if it starts a CSV file, the
    header record."""

    lines: int
    odd_quotes: bool
    header: str


@dataclass
class SplitScan:
    """What a task found in its split, located as the embedded engine locates it."""

    records: int = 0
    status_records: int = 0
    roles_named: int = 0
    bytes: int = 0
    canaries: list[Finding] = field(default_factory=list)
    status: list[StatusFinding] = field(default_factory=list)
    unreadable: str | None = None


def header_of(lines: Iterable[str]) -> str:
    """A CSV file's header record, taken from its first lines: one line, and more while a
    quoted column name holds a line break."""
    taken: list[str] = []
    quotes = 0
    for line in lines:
        taken.append(line + "\n")
        quotes += line.count('"')
        if quotes % 2 == 0:
            break
    return "".join(taken).removeprefix(BOM)


def count_split(lines: Iterable[str], fmt: str, starts_file: bool) -> SplitCount:
    """Count a split's lines and quotes; keep the header record of a CSV file's first split."""
    rest = iter(lines)
    header = header_of(rest) if starts_file and fmt == "csv" else ""
    count, quotes = header.count("\n"), header.count('"')
    for line in rest:
        count += 1
        if fmt == "csv":
            quotes += line.count('"')
    return SplitCount(count, quotes % 2 == 1, header)


def plan_splits(label: str, fmt: str, counts: list[SplitCount]) -> list[SplitPlan] | None:
    """Each split's plan from the first pass, in file order; None when a CSV split starts or
    ends inside a quoted field, so the file must be read whole, as one split."""
    if fmt == "csv" and any(c.odd_quotes for c in counts):
        return None
    line, plans = 1, []
    header = counts[0].header if counts else ""
    for count in counts:
        plans.append(SplitPlan(label, fmt, line, header if line > 1 else ""))
        line += count.lines
    return plans


def split_blocks(lines: Iterable[str], plan: SplitPlan) -> Iterator[tuple[str, int]]:
    """Whole lines joined into blocks of about CHUNK_BYTES, never cutting a quoted CSV field;
    each with its number of lines."""
    pending: list[str] = []
    size = quotes = 0
    number = plan.first_line - 1
    for line in lines:
        number += 1
        if len(line) > MAX_LINE_BYTES:
            raise UnreadableExport(
                plan.label, "a line", f"longer than {MAX_LINE_BYTES} bytes; refused"
            )
        if REPLACEMENT in line:
            raise UnreadableExport(plan.label, f"line {number}", NOT_UTF8)
        pending.append(line)
        size += len(line) + 1
        if plan.fmt == "csv":
            quotes += line.count('"')
        if size >= CHUNK_BYTES:
            if quotes % 2 == 0:
                yield "\n".join(pending) + "\n", len(pending)
                pending, size = [], 0
            elif size > MAX_LINE_BYTES + CHUNK_BYTES:
                raise UnreadableExport(plan.label, "a record", "a quoted field never closes")
    if pending:
        yield "\n".join(pending) + "\n", len(pending)


def shifted_error(exc: UnreadableExport, shift: int) -> UnreadableExport:
    """The core's error, located in the file rather than in the block it was given."""
    found = _LINE.fullmatch(exc.where)
    where = f"line {int(found[1]) + shift}" if found else exc.where
    return UnreadableExport(exc.source, where, exc.problem)


def _scan_block(
    plan: SplitPlan,
    header: str,
    text: str,
    line: int,
    matcher: CanaryMatcher | None,
    salt: bytes,
    words: Vocabulary,
    result: SplitScan,
) -> None:
    """Status and canary scan of one block starting at `line`, by the embedded engine's code;
    a CSV block after the file's first gets the file's header put in front of it."""
    if line == 1:
        text = text.removeprefix(BOM)  # Hadoop's line reader drops it; older ones did not
    body = text.encode("utf-8")
    result.bytes += len(body)
    prefix = header if line > 1 else ""
    data = prefix.encode("utf-8") + body
    shift = line - 1 - prefix.count("\n")
    try:
        for number, fields in line_records(io.BytesIO(data), plan.fmt, "utf-8", plan.label):
            named, found = flat_status(fields, plan.label, number + shift, salt, words)
            result.status_records += 1
            result.roles_named += named
            result.status += found
        if matcher is not None:
            scan = scan_lines(matcher, io.BytesIO(data), plan.fmt, plan.label, "utf-8", workers=1)
            result.records += scan.records
            result.canaries += [replace(f, record=f.record + shift) for f in scan.findings]
    except UnreadableExport as exc:
        raise shifted_error(exc, shift) from exc


def scan_split(
    plan: SplitPlan, lines: Iterable[str], matcher: CanaryMatcher | None, salt: bytes
) -> SplitScan:
    """Scan one split of a CSV or NDJSON file; a split that cannot be read says where."""
    result = SplitScan()
    words = vocabulary()
    line, header = plan.first_line, plan.header
    try:
        for text, count in split_blocks(lines, plan):
            if line == 1 and plan.fmt == "csv":
                header = header_of(text.split("\n"))
            _scan_block(plan, header, text, line, matcher, salt, words, result)
            line += count
    except UnreadableExport as exc:
        result.unreadable = str(exc)
    return result


def row_fields(row: dict[str, Any]) -> list[tuple[str, str]]:
    """A Parquet row's values, named by column (nested values by dotted path, as in JSON)."""
    return [pair for name, value in row.items() for pair in flatten_json(value, name)]


def scan_rows(
    label: str, rows: Iterable[dict[str, Any]], matcher: CanaryMatcher | None, salt: bytes
) -> SplitScan:
    """Scan Parquet rows; each names its row index in the file under ROW_INDEX, and the record
    number is that index plus one."""
    result = SplitScan()
    words = vocabulary()
    for row in rows:
        record = row.pop(ROW_INDEX) + 1
        fields = row_fields(row)
        result.records += 1
        named, found = flat_status(fields, label, record, salt, words)
        result.status_records += 1
        result.roles_named += named
        result.bytes += sum(len(value) for _, value in fields)
        result.status += found
        if matcher is not None:
            result.canaries += scan_fields(matcher, label, record, fields)
    return result


def count_task(
    plans: Shared[list[tuple[str, bool]]], index: int, lines: Iterator[str]
) -> Iterator[SplitCount]:
    """First pass, per partition: plans[index] is (format, whether the split starts its file)."""
    fmt, starts_file = plans.value[index]
    yield count_split(lines, fmt, starts_file)


def scan_task(
    plans: Shared[list[SplitPlan]],
    matcher: Shared[CanaryMatcher | None],
    salt: bytes,
    index: int,
    lines: Iterator[str],
) -> Iterator[SplitScan]:
    """Second pass, per partition. The matcher is a broadcast: each executor receives it once,
    and each Python worker builds its automaton once and keeps it for every later task."""
    yield scan_split(plans.value[index], lines, matcher.value, salt)


def row_task(
    labels: Shared[list[str]],
    matcher: Shared[CanaryMatcher | None],
    salt: bytes,
    index: int,
    rows: Iterator[Any],
) -> Iterator[SplitScan]:
    """Parquet, per partition: rows (pyspark Row objects) become plain dicts here."""
    yield scan_rows(
        labels.value[index], (r.asDict(recursive=True) for r in rows), matcher.value, salt
    )
