"""The Spark engine against the embedded one on the same input: the same findings at the same
locators, the same records counted, the same files not read and why (Spark local[2])."""

from __future__ import annotations

import gzip
import os
import random
from dataclasses import replace
from functools import partial

import pytest

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install '.[spark]')")

from firewall_conformance.detect.batch import scan_files
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.spark.engine import scan_with_spark
from firewall_conformance.persons.personas import make_cast
from tests.unit.spark_inputs import write_exports

SALT = b"same salt for both engines"


@pytest.fixture(scope="module")
def cast():
    return make_cast(random.Random(9))


@pytest.fixture(scope="module")
def matcher(cast):
    return CanaryMatcher.for_personas(cast.values())


@pytest.fixture(scope="module")
def exports(tmp_path_factory, cast):
    return write_exports(tmp_path_factory.mktemp("exports"), cast)


@pytest.mark.parametrize("splits_per_file", [None, 5])
def test_spark_finds_exactly_what_the_embedded_engine_finds(
    spark, exports, matcher, splits_per_file
):
    embedded = scan_files(exports, SALT, matcher)
    distributed = scan_with_spark(
        spark, [str(p) for p in exports], SALT, matcher, splits_per_file=splits_per_file
    )
    assert distributed.status == embedded.status
    # values stating status, and status data whose person's role cannot be told, among them
    assert {f.category for r in embedded.status for f in r.findings} >= {
        "asylum remark",
        "no recourse to public funds flag",
    }
    assert all(r.unbound for r in embedded.status)
    # Spark's reader drops a byte-order mark unseen, so its reports say utf-8 throughout.
    assert distributed.canaries == [replace(r, encoding="utf-8") for r in embedded.canaries]
    assert (
        distributed.unreadable
        == embedded.unreadable
        == ["broken.ndjson, line 329: not JSON (Expecting value)"]
    )
    assert sum(len(r.findings) for r in embedded.canaries) > 100
    assert {f.variant for r in embedded.canaries for f in r.findings} >= {
        "plain",
        "base64",
        "sha256",
        "phone-e164",
    }


def test_directories_globs_and_files_spark_cannot_read(spark, tmp_path):
    folder = tmp_path / "day=2026-11-01"
    folder.mkdir()
    (folder / "part-0.ndjson").write_text('{"role": "victim", "nationality": "Eritrean"}\n')
    (folder / "_SUCCESS").write_text("")
    (folder / "feed.xml").write_text("<a/>")
    damaged = tmp_path / "cut.ndjson.gz"
    lines = "".join(f'{{"n": {random.Random(n).random()}}}\n' for n in range(20_000))
    damaged.write_bytes(gzip.compress(lines.encode())[:4000])
    (tmp_path / "late.csv").write_text("role,visa_type\nwitness,Tier 2\n")
    batch = scan_with_spark(
        spark,
        [str(folder), str(damaged), str(tmp_path / "*.csv"), str(tmp_path / "none.csv")],
        SALT,
    )
    assert [(r.source, r.records, len(r.findings)) for r in batch.status] == [
        ("day=2026-11-01/part-0.ndjson", 1, 1),
        ("late.csv", 1, 1),
    ]
    assert batch.unreadable[0].startswith("day=2026-11-01/feed.xml, opening: XML documents")
    assert batch.unreadable[1].startswith("cut.ndjson.gz, reading: java.io.EOFException")
    assert batch.unreadable[2] == f"{tmp_path / 'none.csv'}, opening: no such file"
    assert batch.exit_code == 1


def test_a_file_delimited_otherwise_than_by_commas_is_refused_by_name(spark, tmp_path):
    """Spark parses each split as comma-separated: a tab-delimited file would be one field a
    record, its roles unknown; it is named as not read, for the embedded engine."""
    (tmp_path / "export.tsv").write_text("role\tnationality\nvictim\tEritrean\n")
    (tmp_path / "semi.csv").write_text("role;nationality\nvictim;Eritrean\n")
    batch = scan_with_spark(spark, [str(tmp_path / "export.tsv"), str(tmp_path / "semi.csv")], SALT)
    assert batch.status == []
    assert [u.split(",", 1)[0] for u in batch.unreadable] == ["export.tsv", "semi.csv"]
    assert all("--engine embedded" in u for u in batch.unreadable)


def test_parquet_findings_name_the_column_and_the_row_in_the_file(spark, tmp_path, cast, matcher):
    witness = cast["witness"]
    rows = [("suspect", "Irish", None)] * 3 + [("witness", "Eritrean", witness.passport_number)]
    frame = spark.createDataFrame(rows, "role string, nationality string, note string")
    frame.coalesce(1).write.parquet(str(tmp_path / "extract.parquet"))
    batch = scan_with_spark(spark, [str(tmp_path / "extract.parquet")], SALT, matcher)
    [status] = batch.status
    assert status.source.startswith("extract.parquet/part-") and status.records == 4
    assert [(f.record, f.field, f.role) for f in status.findings] == [(4, "nationality", "witness")]
    [canaries] = batch.canaries
    assert {(f.record, f.field, f.persona) for f in canaries.findings} == {
        (4, "note", "the witness")
    }


def _worker_matcher(shared, _index, _items):
    shared.value.value_hits("warm up the automaton")
    yield os.getpid(), id(shared.value), id(shared.value._built())


def test_canary_patterns_reach_each_python_worker_once(spark, matcher):
    context = spark.sparkContext
    shared = context.broadcast(matcher)
    seen = context.parallelize(range(16), 16).mapPartitionsWithIndex(
        partial(_worker_matcher, shared)
    )
    found = seen.collect()
    workers = {pid for pid, _, _ in found}
    assert len(found) == 16
    assert len(set(found)) == len(workers)  # one matcher and one automaton per worker process
