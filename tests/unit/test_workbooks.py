"""Excel workbooks are read sheet by sheet as exports: before, only their XML parts were read,
where no cell stands under its column heading, so every status scan of one said "roles
unknown" and found nothing."""

from __future__ import annotations

import random

import pytest
from openpyxl import Workbook

from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import scan_path
from firewall_conformance.detect.status import scan_status_path
from firewall_conformance.persons.personas import make_cast

SALT = b"test-salt"


def _workbook(path, sheets, title=None):
    book = Workbook()
    book.remove(book.active)
    for name, rows, hidden in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if hidden:
            sheet.sheet_state = "hidden"
    if title:
        book.properties.title = title
    book.save(path)
    return path


def test_status_on_a_victim_is_found_in_every_sheet_hidden_ones_too(tmp_path):
    path = _workbook(
        tmp_path / "return.xlsx",
        [
            ("Cases", [["case", "role", "name"], ["C1", "suspect", "Max Moe"]], False),
            (
                "Parties",
                [
                    ["role", "name", "nationality"],
                    ["victim", "Ann Brook", "Eritrean", "asylum seeker awaiting decision"],
                    ["suspect", "Max Moe", "Albanian"],
                ],
                True,
            ),
        ],
    )
    reports = list(scan_status_path(path, SALT))
    assert [r.source for r in reports] == ["return.xlsx!Cases", "return.xlsx!Parties"]
    found = [(f.source, f.record, f.field, f.role) for r in reports for f in r.findings]
    # the remark stands beyond the header's width: its column is named by its letter
    assert found == [
        ("return.xlsx!Parties", 2, "nationality", "victim"),
        ("return.xlsx!Parties", 2, "D", "victim"),
    ]
    assert not any(r.roles_unknown for r in reports)


def test_planted_persons_are_found_in_cells_formulas_and_properties(tmp_path):
    cast = make_cast(random.Random(7))
    victim, witness, suspect = cast["victim"], cast["witness"], cast["suspect"]
    path = _workbook(
        tmp_path / "list.xlsx",
        [
            (
                "People",
                [
                    ["name", "email", "check"],
                    [victim.full_name, victim.email, f'=IF(FALSE,"{witness.full_name}","")'],
                ],
                False,
            )
        ],
        title=f"Statement of {suspect.full_name}",
    )
    matcher = CanaryMatcher.for_personas(cast.values())
    reports = list(scan_path(matcher, path))
    by_source = {r.source: {(f.persona, f.field) for f in r.findings} for r in reports}
    assert {("the victim", "name"), ("the victim", "email")} <= by_source["list.xlsx!People"]
    elsewhere = {p for source, found in by_source.items() if source != "list.xlsx!People"
                 for p, _ in found}  # fmt: skip
    assert {"the witness", "the suspect"} <= elsewhere


def test_a_damaged_workbook_is_refused_by_name(tmp_path):
    path = tmp_path / "cut.xlsx"
    whole = _workbook(tmp_path / "whole.xlsx", [("S", [["role"], ["victim"]], False)])
    path.write_bytes(whole.read_bytes()[:-200])
    with pytest.raises(UnreadableExport, match=r"cut\.xlsx"):
        list(scan_status_path(path, SALT))
