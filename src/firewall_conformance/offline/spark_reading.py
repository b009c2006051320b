"""Reading a bundle's CSV and NDJSON extracts with Spark, to the same readings as the embedded
reader (`reading.read_extract`).

Each extract is read split by split with the scan engine's split machinery (`detect.spark.
splits`): a first pass counts each split's lines and takes a CSV file's header, so every task
numbers records as the embedded reader does; a CSV file whose quoted line breaks straddle a
split is read again whole, by one task. Every record goes through `read_flat_record`, the
embedded reader's own function; the vocabulary and salt are broadcast once, and the partial
readings are merged on the driver, in file order.

JSON arrays, XML documents, zip members and files Spark cannot take as UTF-8 text (a declared
or detected other encoding, a gzip file not named .gz, a name Spark reads as a pattern) stay
on the embedded reader; `stays_embedded` says why, and the run's notes list them.

Nothing at module level imports pyspark, so executors' code is tested without a cluster.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from firewall_conformance.detect.encoding import sniff
from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.sources import open_sources
from firewall_conformance.detect.spark.splits import (
    BOM,
    Shared,
    SplitPlan,
    count_task,
    header_of,
    plan_splits,
    shifted_error,
    split_blocks,
)
from firewall_conformance.detect.structured import line_records
from firewall_conformance.detect.vocabulary import Vocabulary, vocabulary
from firewall_conformance.offline.profile import Extract, FlatMapping
from firewall_conformance.offline.reading import (
    BundleMismatch,
    ExtractReading,
    flat_mismatch,
    header_mismatch,
    read_extract,
    read_flat_record,
)

SPARK_FORMATS = ("csv", "ndjson")
_UTF8 = ("utf-8", "utf8", "utf-8-sig")
# Spark's text input reads these in a file name as a glob or a list of files.
_PATTERN_CHARACTERS = frozenset(",{}[]*?\\")


@dataclass(frozen=True)
class SplitTask:
    """One task's split: where it sits in its file, and the extract it belongs to."""

    plan: SplitPlan
    extract: Extract


def stays_embedded(extract: Extract) -> str | None:
    """Why the embedded reader reads this extract rather than Spark; None if Spark reads it."""
    if extract.format not in SPARK_FORMATS or not isinstance(extract.mapping, FlatMapping):
        return f"{extract.format.upper()} documents are read whole, not split into lines"
    path = extract.path
    if not path.is_file():
        return "not in the bundle"  # the embedded reader raises the mismatch, as always
    with path.open("rb") as raw:
        magic = raw.read(4)
    name = path.name.lower()
    if magic.startswith(b"PK\x03\x04") or name.endswith(".zip"):
        return "zip archive members are read by the embedded reader"
    if magic.startswith(b"\x1f\x8b") != name.endswith(".gz"):
        return "gzip-compressed only if named .gz for Spark, and this one is not"
    if _PATTERN_CHARACTERS.intersection(path.name):
        return "its name holds a character Spark reads as a pattern or list"
    if extract.encoding and extract.encoding.lower() not in _UTF8:
        return f"declared {extract.encoding}; Spark reads UTF-8 only"
    try:
        source = next(open_sources(path, extract.format))
        with source.open() as stream:
            head = stream.peek(64 * 1024)[: 64 * 1024]
    except UnreadableExport:
        return "its head cannot be read (the embedded reader says why)"
    if sniff(head, extract.encoding) not in _UTF8:
        return "not UTF-8; Spark reads UTF-8 only"
    return None


# -- on the executors ----------------------------------------------------------------------


def read_split(
    task: SplitTask, lines: Iterable[str], words: Vocabulary, salt: bytes
) -> tuple[ExtractReading, set[str]]:
    """One split of a CSV or NDJSON extract, read by `read_flat_record`, with the field names
    it met; a split that cannot be read says where, and holds what was read before."""
    plan, extract = task.plan, task.extract
    mapping = extract.mapping
    assert isinstance(mapping, FlatMapping)
    sensitive = frozenset(mapping.sensitive)
    reading, seen = ExtractReading(extract), set[str]()
    line, header = plan.first_line, plan.header
    try:
        for text, count in split_blocks(lines, plan):
            if line == 1:
                text = text.removeprefix(BOM)
                if plan.fmt == "csv":
                    header = header_of(text.split("\n"))
            prefix = header if line > 1 else ""
            shift = line - 1 - prefix.count("\n")
            data = io.BytesIO((prefix + text).encode("utf-8"))
            try:
                for number, fields in line_records(data, plan.fmt, "utf-8", plan.label):
                    record = read_flat_record(
                        mapping, sensitive, words, salt, plan.label, number + shift, fields
                    )
                    reading.take(record, seen)
            except UnreadableExport as exc:
                raise shifted_error(exc, shift) from exc
            line += count
    except UnreadableExport as exc:
        reading.unreadable = str(exc)
    return reading, seen


def read_task(
    tasks: Shared[list[SplitTask]],
    shared: Shared[tuple[Vocabulary, bytes]],
    index: int,
    lines: Iterator[str],
) -> Iterator[tuple[ExtractReading, set[str]]]:
    """Second pass, per partition: the vocabulary and salt arrive once per executor."""
    words, salt = shared.value
    yield read_split(tasks.value[index], lines, words, salt)


# -- on the driver -------------------------------------------------------------------------


def _spark_parts(
    spark: Any, extracts: list[Extract], words: Vocabulary, salt: bytes, splits: int | None
) -> list[list[tuple[ExtractReading, set[str]]] | str]:
    """Every partial reading of each extract in file order, or why Spark could not read it."""
    from firewall_conformance.detect.spark.engine import per_file
    from firewall_conformance.detect.spark.inputs import Input

    context = spark.sparkContext
    files = [Input(f"file://{e.path.resolve()}", e.path.name, e.format) for e in extracts]
    rdds = [context.textFile(f.uri, splits or context.defaultMinPartitions) for f in files]
    owners = [i for i, rdd in enumerate(rdds) for _ in range(rdd.getNumPartitions())]
    starts = [(e.format, k == 0) for e, r in zip(extracts, rdds, strict=True) for k in range(r.getNumPartitions())]  # fmt: skip
    counted = per_file(
        context, context.union(rdds), partial(count_task, context.broadcast(starts)), owners, files
    )
    second, tasks, owners = [], [], []
    for index, (extract, rdd, counts) in enumerate(zip(extracts, rdds, counted, strict=True)):
        if isinstance(counts, str):
            continue
        label = extract.path.name
        planned = plan_splits(label, extract.format, counts)
        if planned is None:  # quoted line breaks straddle a split: one task reads it whole
            rdd = rdd.coalesce(1)
            planned = [SplitPlan(label, extract.format)]
        tasks += [SplitTask(plan, extract) for plan in planned]
        second.append(rdd)
        owners += [index] * rdd.getNumPartitions()
    if not second:
        return counted
    task = partial(read_task, context.broadcast(tasks), context.broadcast((words, salt)))
    parts = per_file(context, context.union(second), task, owners, files)
    return [c if isinstance(c, str) else p for c, p in zip(counted, parts, strict=True)]


def read_extracts_with_spark(
    spark: Any, extracts: Sequence[Extract], salt: bytes, splits_per_file: int | None = None
) -> tuple[list[ExtractReading], list[str]]:
    """What `read_extract` gives for each extract, in order, with CSV and NDJSON read by Spark;
    and a note for each extract left to the embedded reader. Raises the first BundleMismatch
    in profile order, as reading them one by one does."""
    readings: dict[int, ExtractReading] = {}
    mismatches: dict[int, BundleMismatch] = {}
    left: dict[str, list[str]] = {}  # reason -> the extracts left to the embedded reader
    chosen: list[int] = []
    for index, extract in enumerate(extracts):
        reason = stays_embedded(extract)
        if reason:
            left.setdefault(reason, []).append(extract.name)
            try:
                readings[index] = read_extract(extract, salt)
            except BundleMismatch as exc:
                mismatches[index] = exc
            continue
        reading = ExtractReading(extract, bytes=extract.path.stat().st_size)
        readings[index] = reading
        try:
            if extract.format == "csv":
                source = next(open_sources(extract.path, extract.format))
                header_mismatch(source, extract, extract.mapping)  # type: ignore[arg-type]
            chosen.append(index)
        except BundleMismatch as exc:
            mismatches[index] = exc
        except UnreadableExport as exc:
            reading.unreadable = str(exc)
    if chosen:
        words = vocabulary()
        results = _spark_parts(spark, [extracts[i] for i in chosen], words, salt, splits_per_file)
        for index, parts in zip(chosen, results, strict=True):
            reading, seen = readings[index], set()
            if isinstance(parts, str):
                reading.unreadable = parts
                continue
            for part, names in parts:
                if not reading.unreadable:
                    seen |= names
                reading.merge(part)
            extract = extracts[index]
            if extract.format != "csv" and reading.records and not reading.unreadable:
                try:
                    flat_mismatch(extract, extract.mapping, seen)  # type: ignore[arg-type]
                except BundleMismatch as exc:
                    mismatches[index] = exc
    if mismatches:
        raise mismatches[min(mismatches)]
    notes = [
        f"Read by the embedded reader ({why}): {', '.join(names)}." for why, names in left.items()
    ]
    return [readings[i] for i in range(len(extracts))], notes
