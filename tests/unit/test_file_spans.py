"""Workers read the chunks of a plain file themselves: the reading process sends where each
chunk lies, not its bytes, and reports exactly what sending the bytes reported; a worker's
reading of a CSV chunk holds no four-bytes-a-character copy of it."""

import csv
import gzip
import io
import json
import os
import pickle
import random
import tracemalloc

import pytest

from firewall_conformance.detect import linescan, one_pass, scan, status, status_lines
from firewall_conformance.detect.batch import scan_files
from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.file_spans import Span, held, line_count, plain_file
from firewall_conformance.detect.matcher import CanaryMatcher
from tests.unit.forked_workers import forked_workers  # noqa: F401 (a fixture)
from tests.unit.test_one_pass import SALT, _seen
from tests.unit.test_scan_bench_rounds import _bench
from tests.unit.test_status_prefilter import _corpus, _write


@pytest.fixture(scope="module")
def bench():
    return _bench()


def _mixed(tmp_path, bench):
    """A CSV and an NDJSON export that open with a byte-order mark and hold letters outside
    ASCII in some chunks only (those go out as text, the rest as spans), and a CSV record whose
    quoted note runs over lines."""
    rng = random.Random(4)
    rows = [bench.background(rng, n) for n in range(1, 1500)]
    for n in range(0, len(rows), 211):
        rows[n]["family_name"] = "Ñúñez"
    rows[700]["note"] = "first line\nsecond line\r\nthird"
    text = io.StringIO()
    csv.DictWriter(text, fieldnames=bench.COLUMNS).writeheader()
    csv.DictWriter(text, fieldnames=bench.COLUMNS).writerows(rows)
    (tmp_path / "mixed.csv").write_bytes(b"\xef\xbb\xbf" + text.getvalue().encode("utf-8"))
    lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    (tmp_path / "mixed.ndjson").write_bytes(b"\xef\xbb\xbf" + lines.encode("utf-8"))
    return [tmp_path / "mixed.csv", tmp_path / "mixed.ndjson"]


def _not_in_files(monkeypatch):
    for module in (scan, status_lines):
        monkeypatch.setattr(module, "plain_file", lambda stream: None)


@pytest.mark.usefixtures("forked_workers")
@pytest.mark.parametrize("cores", [1, 2])
def test_spans_report_what_the_chunks_themselves_report(tmp_path, monkeypatch, bench, cores):
    monkeypatch.setattr(linescan, "CHUNK_BYTES", 16 * 1024)
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    personas = bench.make_personas(4, seed=7)
    matcher = CanaryMatcher.for_personas(personas)
    bench.generate(tmp_path, 1200, bench.plantable(personas), seed=5)
    paths = [*_mixed(tmp_path, bench), tmp_path / "export.csv", tmp_path / "export.ndjson"]
    if cores == 1:  # every shape of the corpus, in one process (no worker pools to start)
        paths += [_write(tmp_path, name, text) for name, text in sorted(_corpus().items())]
    read: list[Span] = []
    real_held = linescan.held

    def counted(piece, label):
        read.extend([piece] if isinstance(piece, Span) else [])
        return real_held(piece, label)

    for module in (linescan, status_lines):
        monkeypatch.setattr(module, "held", counted)
    spanned = _seen(scan_files(paths, SALT, matcher)), [_seen(scan_files([p], SALT)) for p in paths]
    assert read or cores == 2  # the workers' own reads are not counted here
    with monkeypatch.context() as chunks_sent:
        _not_in_files(chunks_sent)
        sent = (
            _seen(scan_files(paths, SALT, matcher)),
            [_seen(scan_files([p], SALT)) for p in paths],
        )
    assert spanned == sent
    assert any(r[4] for r in spanned[0][0]) and any(r[5] for r in spanned[0][1])


@pytest.mark.usefixtures("forked_workers")
def test_workers_are_sent_where_each_chunk_lies_not_its_bytes(tmp_path, monkeypatch, bench):
    # Before: each 4 MiB chunk was pickled by the reading process and piped to a worker, and
    # the reading process held every chunk in flight and its pickled copy.
    monkeypatch.setattr(linescan, "CHUNK_BYTES", 64 * 1024)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    personas = bench.make_personas(2, seed=7)
    bench.generate(tmp_path, 2000, bench.plantable(personas), seed=5)
    sent: list[int] = []
    real_in_workers = linescan.in_workers

    def measured(job, fixed, chunks, *args, **kwargs):
        pickled = (sent.append(len(pickle.dumps(c))) or c for c in chunks)
        return real_in_workers(job, fixed, pickled, *args, **kwargs)

    for module in (linescan, status_lines, one_pass):
        monkeypatch.setattr(module, "in_workers", measured)
    paths = [tmp_path / "export.csv", tmp_path / "export.ndjson"]
    result = scan_files(paths, SALT, CanaryMatcher.for_personas(personas))
    assert [r.records for r in result.status] == [2000, 2000]
    status.scan_status_path(paths[0], SALT)
    assert len(sent) > 10 and max(sent) < 1024


def test_a_file_that_changes_under_the_scan_is_not_read_as_if_it_had_not(tmp_path):
    path = tmp_path / "export.ndjson"
    path.write_bytes(b'{"a": 1}\n{"b": 2}\n')
    span = Span(str(path), 9, 9, 1)
    assert held(span, "export.ndjson") == b'{"b": 2}\n'
    for changed in (b'{"a": 1}\n{"b": 2', b'{"a": 1}\n{"b": "\xc3\xa9"}\n', b'{"a": 1}\n{"b"\n\n'):
        path.write_bytes(changed)
        with pytest.raises(UnreadableExport, match="changed while it was read"):
            held(span, "export.ndjson")
    path.unlink()
    with pytest.raises(UnreadableExport, match="changed while it was read"):
        held(span, "export.ndjson")


def test_a_worker_finds_the_file_whatever_its_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "export.csv").write_bytes(b"a,b\n1,2\n")
    with open("export.csv", "rb") as stream:
        assert plain_file(stream) == str(tmp_path / "export.csv")
    with gzip.open(io.BytesIO(gzip.compress(b"a,b\n")), "rb") as stream:
        assert plain_file(stream) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("piece", [1, 2, 3, 8, 1024])
def test_lines_read_a_piece_at_a_time_are_those_a_string_stream_gives(monkeypatch, piece):
    monkeypatch.setattr(linescan, "LINES_PIECE", piece)
    for text in [
        "",
        "a",
        "a\rb\r\nc\nd",
        "\r\r\n\n\r",
        '"x\ry",z\r\n"d\r\ne"\n',
        "a\x0cb\n\u2028c\x85",
    ]:
        assert list(linescan.universal_lines(text)) == list(io.StringIO(text, newline=""))
    assert line_count("a\rb\r\nc\nd") == 4


def test_a_worker_reads_a_csv_chunk_in_little_more_memory_than_the_chunk(bench):
    # Before: the chunk was read through one string stream, four bytes a character, so a
    # worker held five times the chunk on top of what it found.
    rng = random.Random(9)
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=bench.COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(bench.background(rng, n) for n in range(20_000))
    chunk = text.getvalue().encode("ascii")
    numbered = (0, line_count(chunk), chunk)
    judged = status.judgements()
    status_lines.chunk_status(judged, "csv", "x", SALT, None, False, numbered)  # warmed up
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        done = status_lines.chunk_status(judged, "csv", "x", SALT, None, False, numbered)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert done.findings and done.records == 20_000
    assert peak - kept < 2.5 * len(chunk)
    assert peak - before < 3.5 * len(chunk)
