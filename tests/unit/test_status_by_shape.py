"""Status detection reads a flat record (NDJSON read by the fast reader, a CSV row) through
what its shape says, worked out once: the values of its role fields, then those of the fields
that mark immigration data. No list of fields is built per record, so a dense national extract
is judged at the pace of reading it; the findings are those of the field-by-field reading
(`test_status_prefilter.py` compares them on every kind of input)."""

import csv
import io
import json
import random

import pytest

import firewall_conformance.detect.status as status_module
from firewall_conformance.detect import linescan
from firewall_conformance.detect.status import scan_status_path

SALT = b"shapes"


def _people(count):
    rng = random.Random(7)
    return [
        {
            "role": rng.choice(["victim", "witness", "suspect"]),
            "given_name": f"P{i}",
            "nationality": rng.choice(["Eritrean", "Albanian", ""]),
        }
        for i in range(count)
    ]


def _expected(people):
    return [
        (number, "$.nationality" if number else "nationality")
        for number, p in enumerate(people, start=1)
        if p["role"] != "suspect" and p["nationality"]
    ]


def _write(tmp_path, fmt, people):
    path = tmp_path / f"people.{fmt}"
    if fmt == "ndjson":
        path.write_text("".join(json.dumps(p) + "\n" for p in people), encoding="utf-8")
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(people[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(people)
        path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["ndjson", "csv"])
@pytest.mark.parametrize("chunk_bytes", [linescan.CHUNK_BYTES, 700])
def test_flat_records_are_judged_by_their_shape_not_field_by_field(
    tmp_path, monkeypatch, fmt, chunk_bytes
):
    monkeypatch.setattr(linescan, "CHUNK_BYTES", chunk_bytes)  # one chunk, or many
    people = _people(600)
    path = _write(tmp_path, fmt, people)
    judged = []  # in this process: field-by-field judging cannot be counted in workers
    real = status_module.flat_status

    def field_by_field(fields, *args):
        judged.append(fields)
        return real(fields, *args)

    monkeypatch.setattr(status_module, "flat_status", field_by_field)
    [report] = scan_status_path(path, SALT, workers=1)
    assert report.records == 600 and report.names_roles
    shift = 1 if fmt == "csv" else 0  # a CSV row is numbered by its line, after the header
    expected = [
        (n + shift, "nationality" if fmt == "csv" else "$.nationality")
        for n, _ in _expected(people)
    ]
    assert [(f.record, f.field) for f in report.findings] == expected
    assert {f.person for f in report.findings} == (
        {f"record {n}" for n, _ in expected} if fmt == "csv" else {"$"}
    )
    assert judged == []
