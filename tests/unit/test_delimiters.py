"""CSV delimited by tabs, pipes or semicolons is read field by field, as comma-separated CSV
is: before, each record was one field, so a victim's status column and role were never seen
(roles unknown) and a .tsv file was not read at all."""

from __future__ import annotations

import csv
import io
import random

import pytest

from firewall_conformance.detect.delimiters import delimiter_of
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import scan_path
from firewall_conformance.detect.status import scan_status_path
from firewall_conformance.persons.personas import make_cast

SALT = b"test-salt"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("role,name,nationality", ","),
        ("role\tname\tnationality", "\t"),
        ("role|name|nationality", "|"),
        ("role;name;nationality", ";"),
        ('"surname, given"\trole\tnationality', "\t"),
        ('"a;b",c,d', ","),
        ("single", ","),
    ],
)
def test_the_header_line_says_the_delimiter(header, expected):
    assert delimiter_of(header) == expected


def _delimited(rows: list[list[str]], delimiter: str, terminator: str = "\n") -> str:
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator=terminator).writerows(rows)
    return text.getvalue()


ROWS = [
    ["case", "role", "name", "notes", "nationality"],
    ["C1", "suspect", "Max Moe", "plain", "British"],
    ["C2", "victim", "Ann Brook", "line one\nline two, with a comma", "Eritrean"],
]


@pytest.mark.parametrize(
    ("name", "delimiter", "encoding", "terminator"),
    [
        ("export.tsv", "\t", "utf-8", "\n"),
        ("export.tab", "\t", "utf-16", "\r\n"),  # Excel's "Unicode text"
        ("export.psv", "|", "utf-8", "\n"),
        ("export.csv", ";", "utf-8-sig", "\r\n"),
        ("export.csv", "|", "latin-1", "\n"),
    ],
)
def test_status_is_found_whatever_the_delimiter(tmp_path, name, delimiter, encoding, terminator):
    path = tmp_path / name
    path.write_bytes(_delimited(ROWS, delimiter, terminator).encode(encoding))
    [report] = list(scan_status_path(path, SALT))
    assert [(f.record, f.field, f.role) for f in report.findings] == [(3, "nationality", "victim")]
    assert report.records == 2 and not report.roles_unknown


def test_a_planted_person_is_found_field_by_field_in_a_tab_delimited_file(tmp_path):
    cast = make_cast(random.Random(7))
    victim = cast["victim"]
    rows = [
        ["name", "email", "note"],
        ["Nobody Here", "x@y.z", "a\tb"],
        [victim.full_name, victim.email, ""],
    ]
    path = tmp_path / "export.tsv"
    path.write_text(_delimited(rows, "\t"), encoding="utf-8")
    [report] = scan_path(CanaryMatcher.for_personas(cast.values()), path)
    located = {(f.record, f.field, f.attribute) for f in report.findings}
    assert {(3, "name", "full_name"), (3, "email", "email")} <= located


def test_a_comma_separated_file_is_read_as_it_is(tmp_path):
    text = _delimited(ROWS, ",")
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    [report] = list(scan_status_path(path, SALT))
    assert [(f.record, f.field) for f in report.findings] == [(3, "nationality")]
