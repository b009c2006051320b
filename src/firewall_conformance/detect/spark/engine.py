"""Scanning exports with Spark, to the same results as the embedded engine.

CSV and NDJSON are read as lines, Parquet as rows; every partition is scanned by the embedded
engine's own functions (`splits`), and the findings are gathered, file by file and in order,
into the same `Batch` the embedded engine returns, so every report reads them alike.

Text is read twice. The first pass counts each split's lines and reads each CSV file's header,
so in the second every task knows the line its split starts on and numbers records as the
embedded engine does. A CSV file whose quotes do not pair up within some split (a quoted field
holding a line break, cut by a split boundary) is read again whole, by one task. A file Spark
cannot read (broken compression, a damaged Parquet footer) is reported as not read, with the
reason, and the other files go on. Spark reads text as UTF-8 and drops a byte-order mark, so
a text file's report says "utf-8" whether or not it had one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from py4j.protocol import Py4JJavaError
from pyspark.errors import PySparkException
from pyspark.sql import functions

from firewall_conformance.detect.batch import Batch
from firewall_conformance.detect.delimiters import delimiter_of
from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import ScanReport
from firewall_conformance.detect.spark.inputs import TEXT_FORMATS, Input, list_inputs
from firewall_conformance.detect.spark.session import failure_reason
from firewall_conformance.detect.spark.splits import (
    ROW_INDEX,
    SplitPlan,
    SplitScan,
    count_task,
    plan_splits,
    row_task,
    scan_task,
)
from firewall_conformance.detect.status import StatusReport

# Spark splits a file by lines and parses each split as comma-separated CSV itself.
OTHER_DELIMITER = (
    "its fields are delimited otherwise than by commas (tabs, pipes or semicolons), which the "
    "Spark engine does not read; use --engine embedded for it"
)
FileResult = list[Any] | str  # a file's results, one per partition in order; or why it was not read


def _not_read(item: Input, exc: Exception) -> str:
    return str(UnreadableExport(item.label, "reading", failure_reason(exc)))


def per_file(
    context: Any, rdd: Any, task: Callable[..., Any], owners: list[int], files: list[Input]
) -> list[FileResult]:
    """Run `task` (one result per partition) over every partition. If Spark cannot read some
    file, each file is run on its own, so that only the files that fail are lost."""
    mapped = rdd.mapPartitionsWithIndex(task)
    try:
        results = mapped.collect()
    except Py4JJavaError:
        outcomes: list[FileResult] = []
        for index, item in enumerate(files):
            own = [k for k, owner in enumerate(owners) if owner == index]
            try:
                outcomes.append(context.runJob(mapped, list, own) if own else [])
            except Py4JJavaError as exc:
                outcomes.append(_not_read(item, exc))
        return outcomes
    grouped: list[FileResult] = [[] for _ in files]
    for owner, result in zip(owners, results, strict=True):
        grouped[owner].append(result)  # type: ignore[union-attr]
    return grouped


def _scan_text(
    context: Any,
    files: list[Input],
    matcher: Any,
    salt: bytes,
    splits_per_file: int | None,
) -> list[FileResult]:
    rdds = [context.textFile(f.uri, splits_per_file or context.defaultMinPartitions) for f in files]
    owners = [i for i, rdd in enumerate(rdds) for _ in range(rdd.getNumPartitions())]
    starts = [
        (f.fmt, k == 0)
        for f, rdd in zip(files, rdds, strict=True)
        for k in range(rdd.getNumPartitions())
    ]
    counted = per_file(
        context, context.union(rdds), partial(count_task, context.broadcast(starts)), owners, files
    )
    second, plans, owners = [], [], []
    for index, (item, rdd, counts) in enumerate(zip(files, rdds, counted, strict=True)):
        if isinstance(counts, str):
            continue
        header = counts[0].header.split("\n", 1)[0] if counts else ""
        if item.fmt == "csv" and delimiter_of(header) != ",":
            counted[index] = str(UnreadableExport(item.label, "its header", OTHER_DELIMITER))
            continue
        planned = plan_splits(item.label, item.fmt or "", counts)
        if planned is None:
            rdd = rdd.coalesce(1)
            planned = [SplitPlan(item.label, item.fmt or "")]
        plans += planned
        second.append(rdd)
        owners += [index] * rdd.getNumPartitions()
    if not second:
        return counted
    task = partial(scan_task, context.broadcast(plans), matcher, salt)
    scanned = per_file(context, context.union(second), task, owners, files)
    return [c if isinstance(c, str) else s for c, s in zip(counted, scanned, strict=True)]


def _scan_parquet(spark: Any, files: list[Input], matcher: Any, salt: bytes) -> list[FileResult]:
    outcomes: list[FileResult] = [[] for _ in files]
    rdds, labels, owners = [], [], []
    for index, item in enumerate(files):
        try:
            frame = spark.read.parquet(item.uri).select(
                "*", functions.col("_metadata.row_index").alias(ROW_INDEX)
            )
            rdd = frame.rdd
            partitions = rdd.getNumPartitions()
        except (Py4JJavaError, PySparkException) as exc:
            outcomes[index] = _not_read(item, exc)
            continue
        rdds.append(rdd)
        labels += [item.label] * partitions
        owners += [index] * partitions
    if not rdds:
        return outcomes
    context = spark.sparkContext
    task = partial(row_task, context.broadcast(labels), matcher, salt)
    scanned = per_file(context, context.union(rdds), task, owners, files)
    return [o if isinstance(o, str) else s for o, s in zip(outcomes, scanned, strict=True)]


def _report(batch: Batch, item: Input, outcome: FileResult, with_canaries: bool) -> None:
    if isinstance(outcome, str):
        batch.unreadable.append(outcome)
        return
    parts: list[SplitScan] = outcome
    problem = next((p.unreadable for p in parts if p.unreadable), None)
    if problem is not None:
        batch.unreadable.append(problem)
        return
    fmt = item.fmt or ""
    status = StatusReport(
        item.label,
        fmt,
        sum(p.status_records for p in parts),
        names_roles=any(p.roles_named for p in parts),
    )
    status.add([f for p in parts for f in p.status])
    batch.status.append(status)
    if with_canaries:
        batch.canaries.append(
            ScanReport(
                item.label,
                fmt,
                "" if fmt == "parquet" else "utf-8",
                sum(p.records for p in parts),
                sum(p.bytes for p in parts),
                [f for p in parts for f in p.canaries],
            )
        )


def scan_with_spark(
    spark: Any,
    arguments: Sequence[str],
    salt: bytes,
    matcher: CanaryMatcher | None = None,
    fmt: str | None = None,
    splits_per_file: int | None = None,
) -> Batch:
    """What `scan_files` finds, found by Spark: CSV, NDJSON (gzip too) and Parquet files named
    by local paths, URIs, globs or directories. `splits_per_file` asks Spark for at least that
    many splits of each text file (default: Spark's minimum partitions)."""
    inputs = list_inputs(spark, arguments, fmt)
    shared = spark.sparkContext.broadcast(matcher)
    text = [n for n, i in enumerate(inputs) if i.problem is None and i.fmt in TEXT_FORMATS]
    parquet = [n for n, i in enumerate(inputs) if i.problem is None and i.fmt == "parquet"]
    outcomes: dict[int, FileResult] = {n: i.problem for n, i in enumerate(inputs) if i.problem}
    if text:
        results = _scan_text(
            spark.sparkContext, [inputs[n] for n in text], shared, salt, splits_per_file
        )
        outcomes.update(zip(text, results, strict=True))
    if parquet:
        results = _scan_parquet(spark, [inputs[n] for n in parquet], shared, salt)
        outcomes.update(zip(parquet, results, strict=True))
    batch = Batch()
    for n, item in enumerate(inputs):
        _report(batch, item, outcomes[n], matcher is not None)
    return batch
