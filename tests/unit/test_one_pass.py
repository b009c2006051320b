"""Given personas, `scan` reads each CSV or NDJSON file once, status detection and the canary
scan in the same worker processes, and reports exactly what reading it once per mode reports:
on the benchmark's exports, on every shape of the status detection's corpus (NIEM names
included, malformed files too) and on a NIEM XML document."""

import os
import zipfile
from dataclasses import replace

import pytest

from firewall_conformance.detect import batch as batch_module
from firewall_conformance.detect import linescan, one_pass, scan, status
from firewall_conformance.detect.batch import scan_files
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.sources import open_sources
from tests.unit.forked_workers import forked_workers  # noqa: F401 (a fixture)
from tests.unit.test_scan_bench_rounds import _bench
from tests.unit.test_status import NIEM
from tests.unit.test_status_prefilter import _corpus, _write

SALT = b"one-pass"


@pytest.fixture(scope="module")
def bench():
    return _bench()


@pytest.fixture(scope="module")
def personas(bench):
    return bench.make_personas(4, seed=7)


def _exports(tmp_path, bench, personas):
    """The benchmark's exports with planted personas, a NIEM document, and a zip holding an
    export beside the document."""
    exports = bench.generate(tmp_path, 1000, bench.plantable(personas), seed=5)
    assert exports["plants"]
    (tmp_path / "niem.xml").write_text(NIEM, encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "bundle.zip", "w") as bundle:
        bundle.write(tmp_path / "export.csv", "export.csv")
        bundle.write(tmp_path / "niem.xml", "niem.xml")
    return [tmp_path / n for n in ("export.ndjson", "export.csv", "niem.xml", "bundle.zip")]


def _seen(result):
    """Everything a batch reports, findings in order."""
    return (
        [
            (r.source, r.format, r.records, r.names_roles, list(r.findings), list(r.unbound))
            for r in result.status
        ],
        [(r.source, r.format, r.encoding, r.records, r.bytes, r.findings) for r in result.canaries],
        result.unreadable,
    )


def _both_ways(monkeypatch, paths, matcher):
    """What `scan_files` reports reading each file once, and reading it once per mode."""
    both = _seen(scan_files(paths, SALT, matcher))
    with monkeypatch.context() as mode_by_mode:
        mode_by_mode.setattr(batch_module, "one_pass", lambda *args: None)
        apart = _seen(scan_files(paths, SALT, matcher))
    return both, apart


@pytest.mark.usefixtures("forked_workers")
@pytest.mark.parametrize(
    ("chunk_bytes", "cores"),
    [(linescan.CHUNK_BYTES, 2), (700, 1), pytest.param(700, 2, marks=pytest.mark.slow)],
)
def test_one_reading_reports_what_one_reading_per_mode_reports(
    tmp_path, monkeypatch, bench, personas, chunk_bytes, cores
):
    monkeypatch.setattr(linescan, "CHUNK_BYTES", chunk_bytes)  # many chunks, many workers' jobs
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    matcher = CanaryMatcher.for_personas(personas)
    texts = _corpus()
    niem = _write(tmp_path, "niem.ndjson", texts.pop("niem.ndjson"))
    corpus = [_write(tmp_path, name, text) for name, text in sorted(texts.items())]
    both, apart = _both_ways(monkeypatch, corpus, matcher)
    assert both == apart
    assert len(both[2]) == 3  # the malformed files and the short row, as before
    # The large files in tens of chunks, not hundreds: as many kinds of chunk, in less time.
    monkeypatch.setattr(linescan, "CHUNK_BYTES", max(chunk_bytes, 32 * 1024))
    both, apart = _both_ways(monkeypatch, [niem, *_exports(tmp_path, bench, personas)], matcher)
    assert both == apart
    assert {"export.ndjson", "export.csv"} <= {os.path.basename(c[0]) for c in both[1] if c[5]}
    assert any(r[4] for r in both[0])  # status findings too


def _counting_opens(monkeypatch, opened):
    """Count how often each stream is opened, whoever opens it."""

    def counted(path, fmt=None):
        for source in open_sources(path, fmt):

            def reopen(source=source):
                opened.append(source.label)
                return source.open()

            yield replace(source, open=reopen)

    for module in (scan, status, one_pass):
        monkeypatch.setattr(module, "open_sources", counted, raising=False)


def test_each_file_is_read_once_by_one_set_of_workers(tmp_path, monkeypatch, bench, personas):
    monkeypatch.setattr(linescan, "CHUNK_BYTES", 64 * 1024)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    bench.generate(tmp_path, 2000, bench.plantable(personas), seed=5)
    opened: list[str] = []
    _counting_opens(monkeypatch, opened)
    pools = []
    real_pool = linescan.ProcessPoolExecutor

    def counted_pool(*args, **kwargs):
        pools.append(args)
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(linescan, "ProcessPoolExecutor", counted_pool)
    paths = [tmp_path / "export.ndjson", tmp_path / "export.csv"]
    result = scan_files(paths, SALT, CanaryMatcher.for_personas(personas))
    assert [r.records for r in result.status] == [2000, 2000]
    assert all(r.findings for r in result.canaries)
    assert sorted(opened) == sorted(p.name for p in paths)
    assert len(pools) == 2
