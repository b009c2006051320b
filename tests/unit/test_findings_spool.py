"""Status findings are kept in file order without holding them all in memory: a national
extract may hold millions, and the report must still list every one."""

import json
import tracemalloc

from firewall_conformance.detect import linescan
from firewall_conformance.detect.spool import Spool
from firewall_conformance.detect.status import StatusFinding, scan_status_path


def _finding(record):
    return StatusFinding("export.ndjson", record, "$.visa", "visa", "victim", "$", 3, "ab" * 8)


def test_a_spool_reads_as_the_list_of_what_was_put_in_it():
    spool = Spool(in_memory=3)
    expected = [_finding(n) for n in range(10)]
    spool += expected[:4]
    for finding in expected[4:]:
        spool.append(finding)
    assert len(spool) == 10 and spool
    assert list(spool) == expected and list(spool) == expected  # read twice
    assert spool == expected and expected == spool
    spool.append(_finding(10))
    assert list(spool)[-1] == _finding(10) and spool != expected
    assert not Spool() and Spool() == []


def _peak_while_scanning(path):
    tracemalloc.start()
    [report] = scan_status_path(path, b"salt", workers=1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(report.findings) > 0
    return peak, report


def _dense(path, records):
    with path.open("w", encoding="utf-8") as out:
        for n in range(records):
            out.write(json.dumps({"role": "witness", "nationality": f"N{n}", "n": n}) + "\n")
    return path


def test_memory_does_not_grow_with_the_number_of_findings(tmp_path, monkeypatch):
    monkeypatch.setattr(linescan, "CHUNK_BYTES", 256 * 1024)  # both files in many chunks
    small, _ = _peak_while_scanning(_dense(tmp_path / "small.ndjson", 20_000))
    large, report = _peak_while_scanning(_dense(tmp_path / "large.ndjson", 100_000))
    assert len(report.findings) == 100_000
    assert [f.record for f in report.findings][-3:] == [99_998, 99_999, 100_000]
    # 80,000 more findings held in memory would take well over 10 MB more
    assert large - small < 4 * 1024**2, (small, large)


def test_findings_are_written_as_plain_rows_and_read_back_as_findings(tmp_path, monkeypatch):
    """A named tuple is pickled through a Python call per item; millions of findings are
    written (and sent from the workers) as plain tuples, and made findings again when read."""

    def refused(self):
        raise AssertionError("a finding was pickled as a named tuple")

    monkeypatch.setattr(linescan, "CHUNK_BYTES", 64 * 1024)
    path = _dense(tmp_path / "people.ndjson", 20_000)
    with monkeypatch.context() as pickling:
        pickling.setattr(StatusFinding, "__getnewargs__", refused)
        [report] = scan_status_path(path, b"salt", workers=1)
    found = list(report.findings)
    assert len(found) == 20_000 and {type(f) for f in found} == {StatusFinding}
    assert found[-1].record == 20_000 and found[-1].field == "$.nationality"
    assert found[-1].value_length == len("N19999")


def test_findings_given_one_at_a_time_are_held_no_more_than_the_bound(tmp_path):
    """XML findings come to the spool as a stream: it must write them as they come, not take
    them all in first."""

    def stream(count):
        for n in range(count):
            yield _finding(n)

    tracemalloc.start()
    spool = Spool(stream(60_000), in_memory=1_000)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(spool) == 60_000 and list(spool)[-1] == _finding(59_999)
    # 60,000 findings held at once take well over 5 MB
    assert peak < 2 * 1024**2, peak
