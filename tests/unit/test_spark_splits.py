"""A Spark task's work, without Spark: any cut of a file into line ranges, scanned split by
split, finds exactly what the embedded engine finds in the whole file, at the same lines."""

from __future__ import annotations

import itertools
import random

import pytest

from firewall_conformance.detect.batch import scan_files
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.sources import format_of
from firewall_conformance.detect.spark import splits
from firewall_conformance.detect.spark.splits import (
    NOT_UTF8,
    ROW_INDEX,
    SplitPlan,
    count_split,
    plan_splits,
    scan_rows,
    scan_split,
)
from firewall_conformance.detect.status_binding import UNKNOWN_ROLE
from firewall_conformance.persons.personas import make_cast
from tests.unit.spark_inputs import write_exports

SALT = b"same salt for both engines"


@pytest.fixture(scope="module")
def cast():
    return make_cast(random.Random(5))


@pytest.fixture(scope="module")
def exports(tmp_path_factory, cast):
    return {p.name: p for p in write_exports(tmp_path_factory.mktemp("exports"), cast)}


def _lines(data: bytes) -> list[str]:
    """Lines as Spark's text input gives them with "\\n" as the only delimiter."""
    lines = data.decode("utf-8").split("\n")
    return lines[:-1] if lines[-1] == "" else lines


def _by_splits(path, cuts, matcher):
    fmt = format_of(path.name)
    lines = _lines(path.read_bytes())
    edges = [0, *cuts, len(lines)]
    parts = [lines[a:b] for a, b in itertools.pairwise(edges)]
    counts = [count_split(part, fmt, k == 0) for k, part in enumerate(parts)]
    plans = plan_splits(path.name, fmt, counts)
    if plans is None:
        plans, parts = [SplitPlan(path.name, fmt)], [lines]
    return [scan_split(plan, part, matcher, SALT) for plan, part in zip(plans, parts, strict=True)]


@pytest.mark.parametrize("name", ["people.csv", "bom-crlf.csv", "long-field.csv", "people.ndjson"])
@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("block_bytes", [splits.CHUNK_BYTES, 3000])
def test_any_cut_into_splits_finds_what_the_whole_file_holds(
    exports, cast, name, seed, block_bytes, monkeypatch
):
    monkeypatch.setattr(splits, "CHUNK_BYTES", block_bytes)  # many blocks in one split
    matcher = CanaryMatcher.for_personas(cast.values())
    [whole] = scan_files([exports[name]], SALT, matcher).canaries
    [status] = scan_files([exports[name]], SALT).status
    total = len(_lines(exports[name].read_bytes()))
    cuts = sorted(random.Random(seed).sample(range(1, total), 1 + seed * 3))
    scanned = _by_splits(exports[name], cuts, matcher)
    assert [s.unreadable for s in scanned] == [None] * len(scanned)
    assert [f for s in scanned for f in s.canaries] == whole.findings
    split_status = [f for s in scanned for f in s.status]
    assert [f for f in split_status if f.role != UNKNOWN_ROLE] == status.findings
    assert [f for f in split_status if f.role == UNKNOWN_ROLE] == status.unbound
    assert sum(s.records for s in scanned) == whole.records == status.records
    assert sum(s.bytes for s in scanned) == whole.bytes


def test_a_csv_split_cut_inside_a_quoted_field_sends_the_file_to_one_task(exports):
    lines = _lines(exports["long-field.csv"].read_bytes())
    counts = [count_split(lines[:10], "csv", True), count_split(lines[10:], "csv", False)]
    assert counts[0].odd_quotes
    assert plan_splits("long-field.csv", "csv", counts) is None


def test_the_header_travels_to_later_csv_splits_and_line_numbers_continue():
    counts = [count_split(['\ufeffrole,"nation', 'ality"', "victim,X"], "csv", True)]
    counts.append(count_split(["witness,Y"], "csv", False))
    plans = plan_splits("a.csv", "csv", counts)
    assert plans == [
        SplitPlan("a.csv", "csv", 1, ""),
        SplitPlan("a.csv", "csv", 4, 'role,"nation\nality"\n'),
    ]


def test_a_broken_line_is_located_in_the_file_not_in_its_split():
    plan = SplitPlan("feed.ndjson", "ndjson", first_line=1001)
    scan = scan_split(plan, ['{"a": 1}', "", '{"a": '], None, SALT)
    assert scan.unreadable == "feed.ndjson, line 1003: not JSON (Expecting value)"


def test_bytes_spark_could_not_decode_are_refused_not_scanned():
    plan = SplitPlan("legacy.csv", "csv", first_line=7, header="role,nationality\n")
    scan = scan_split(plan, ["victim,Eritrean", "witness,Fran\ufffdaise"], None, SALT)
    assert scan.unreadable == f"legacy.csv, line 8: {NOT_UTF8}"
    assert scan.status == []


def test_parquet_rows_are_numbered_by_their_index_in_the_file(cast):
    witness = cast["witness"]
    rows = [
        {ROW_INDEX: 0, "role": "suspect", "nationality": "Irish", "note": None},
        {
            ROW_INDEX: 1,
            "role": "witness",
            "nationality": "Eritrean",
            "contact": {"phone": witness.phone, "email": None},
        },
    ]
    matcher = CanaryMatcher.for_personas(cast.values())
    scan = scan_rows("part-0.parquet", rows, matcher, SALT)
    assert scan.records == 2
    assert [(f.record, f.field, f.person) for f in scan.status] == [(2, "nationality", "record 2")]
    assert {(f.record, f.field, f.persona, f.unit) for f in scan.canaries} == {
        (2, "contact.phone", "the witness", "record")
    }
