"""Workers parse their own chunks' candidate lines: findings and errors still name the line
of the whole file, as when one process reads everything in order."""

import json
import random

import pytest

import firewall_conformance.detect.linescan as linescan
from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.persons.personas import make_cast


@pytest.fixture
def cast():
    return make_cast(random.Random(5))


def _scan(matcher, path, fmt, workers):
    with path.open("rb") as stream:
        return linescan.scan_lines(matcher, stream, fmt, path.name, "utf-8", workers=workers)


def _lines(cast, count):
    people = list(cast.values())
    return [
        {"n": i, "email": people[i % 3].email if i % 401 == 0 else "-", "note": "x" * 40}
        for i in range(count)
    ]


def test_findings_are_numbered_from_the_start_of_the_file(tmp_path, cast, monkeypatch):
    monkeypatch.setattr(linescan, "CHUNK_BYTES", 4096)
    matcher = CanaryMatcher.for_personas(cast.values())
    path = tmp_path / "big.ndjson"
    rows = _lines(cast, 4000)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    scan = _scan(matcher, path, "ndjson", 2)
    lines = sorted({f.record for f in scan.findings})
    assert lines == [i + 1 for i in range(0, 4000, 401)]


@pytest.mark.parametrize("fmt", ["ndjson", "csv"])
def test_a_bad_line_in_a_workers_chunk_is_named_by_its_line_in_the_file(
    tmp_path, cast, monkeypatch, fmt
):
    monkeypatch.setattr(linescan, "CHUNK_BYTES", 4096)
    matcher = CanaryMatcher.for_personas(cast.values())
    rows = _lines(cast, 3000)
    if fmt == "ndjson":
        text = [json.dumps(r) for r in rows]
        text[2500] = '{"n": 2500, "email": '
    else:
        text = ["n,email,note"] + [f"{r['n']},{r['email']},{r['note']}" for r in rows]
        text[2500] = f"2499,{cast['victim'].email},x,too many"
    path = tmp_path / f"bad.{fmt}"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    messages = []
    for workers in (1, 2):
        with pytest.raises(UnreadableExport) as caught:
            _scan(matcher, path, fmt, workers)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert "line 2501" in messages[1]
