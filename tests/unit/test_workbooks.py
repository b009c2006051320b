"""Excel workbooks are read sheet by sheet as exports: before, only their XML parts were read,
where no cell stands under its column heading, so every status scan of one said "roles
unknown" and found nothing."""

from __future__ import annotations

import random
import re
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.comments import Comment

from firewall_conformance.detect import workbook_parts
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


WITNESS = ["I-1", "witness", "A B", "none"]
VICTIM = ["I-2", "victim", "C D", "asylum seeker awaiting decision"]


def _rewritten_sheet(tmp_path, name, rewrite, records):
    """A one-sheet workbook of `records` (under one header) whose sheet XML `rewrite` has
    changed as a vendor's writer could."""
    header = ["incident", "role", "name", "notes"]
    whole = _workbook(tmp_path / "whole.xlsx", [("Persons", [header, *records], False)])
    path = tmp_path / name
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(path, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = rewrite(data.decode()).encode()
            out.writestr(info, data)
    return path


def _status_found(path):
    reports = [r for r in scan_status_path(path, SALT) if r.source.endswith("!Persons")]
    return [(f.record, f.field, f.role) for r in reports for f in r.findings]


def test_a_sheet_whose_declared_dimension_is_too_small_is_read_whole(tmp_path):
    """openpyxl's read-only reader stops at the sheet's declared dimension: a workbook that
    declares A1:D2 would hide every row after the first record from the scan."""
    path = _rewritten_sheet(
        tmp_path,
        "dimension.xlsx",
        lambda xml: re.sub(r'<dimension ref="[^"]*" ?/>', '<dimension ref="A1:D2"/>', xml),
        [WITNESS, VICTIM],
    )
    assert _status_found(path) == [(3, "notes", "victim")]


def _swap_rows(xml: str) -> str:
    """Rows 2 and 3 written in the other order (row 3 first), each keeping its number."""
    rows = re.findall(r"<row [^>]*>.*?</row>", xml)
    return xml.replace(rows[1] + rows[2], rows[2] + rows[1])


def test_rows_written_out_of_order_are_read_or_refused_never_skipped(tmp_path):
    """openpyxl's read-only reader silently drops a row whose number is below one already
    read: the victim's row would vanish from the scan while Excel and other readers show it."""
    path = _rewritten_sheet(tmp_path, "order.xlsx", _swap_rows, [VICTIM, WITNESS])
    try:
        found = _status_found(path)
    except UnreadableExport:
        return
    assert (2, "notes", "victim") in found


@pytest.mark.parametrize(
    ("name", "rewrite"),
    [
        ("far.xlsx", lambda xml: xml.replace('<row r="3"', '<row r="2000000"')),
        ("twice.xlsx", lambda xml: xml.replace('<c r="A3"', '<c r="D3"', 1)),
    ],
)
def test_a_row_past_excels_last_or_a_cell_written_twice_is_refused(tmp_path, name, rewrite):
    """A row numbered past Excel's last would be padded to with empty rows (a row number of
    10**11 never ends); a cell written twice hides its first value."""
    path = _rewritten_sheet(tmp_path, name, rewrite, [WITNESS, VICTIM])
    with pytest.raises(UnreadableExport, match=name.replace(".", r"\.")):
        _status_found(path)


def _cells_reversed_without_dimension(xml: str) -> str:
    """No declared dimension, and row 3's cells written last column first."""
    xml = re.sub(r'<dimension ref="[^"]*" ?/>', "", xml)
    row = re.findall(r'<row r="3"[^>]*>.*?</row>', xml)[0]
    opening = row[: row.index(">") + 1]
    cells = re.findall(r"<c .*?</c>", row)
    return xml.replace(row, opening + "".join(reversed(cells)) + "</row>")


def test_a_row_whose_cells_are_written_last_column_first_is_read_whole(tmp_path):
    """Without a declared dimension, openpyxl's read-only row ends at its last-written cell."""
    path = _rewritten_sheet(
        tmp_path, "reversed.xlsx", _cells_reversed_without_dimension, [WITNESS, VICTIM]
    )
    assert _status_found(path) == [(3, "notes", "victim")]


def test_a_status_remark_in_a_cell_note_on_a_victims_row_is_found(tmp_path):
    """Excel's notes are where an officer writes a remark about a cell. The notes part is read
    for planted persons only, so a victim's asylum remark in the note on her row is neither a
    finding nor 'roles unknown': the scan says nothing found (before 5240044 the part was read
    as XML whose owner could not be shown, inconclusive)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Persons"
    sheet.append(["incident", "role", "name", "notes"])
    sheet.append(["I-2", "victim", "C D", "see note"])
    sheet["D2"].comment = Comment("Victim disclosed she is an asylum seeker", "PC 123")
    book.save(tmp_path / "noted.xlsx")
    reports = list(scan_status_path(tmp_path / "noted.xlsx", SALT))
    found = [(f.record, f.field, f.role) for r in reports for f in r.findings]
    assert found == [(2, "note on notes", "victim")]


def test_a_part_read_whole_that_is_too_large_is_refused_by_name(tmp_path, monkeypatch):
    """The notes of a sheet (and openpyxl's shared strings) are held in memory whole: a
    workbook whose part is larger than the bound is refused, naming the part, before anything
    is read."""
    book = Workbook()
    book.active.append(["role", "name"])
    book.active.append(["victim", "K L"])
    book.active["B2"].comment = Comment("x" * 5000, "officer")
    path = tmp_path / "big.xlsx"
    book.save(path)
    monkeypatch.setattr(workbook_parts, "MAX_PART_READ_WHOLE", 1000)
    with pytest.raises(UnreadableExport, match=r"big\.xlsx!xl/comments.*, opening: .*refused"):
        list(scan_status_path(path, SALT))


@pytest.mark.parametrize(
    "part",
    ["xl/macrosheets/sheet1.xml", "xl/drawings/drawing1.xml", "xl/externalLinks/externalLink1.xml"],
)
def test_status_data_in_a_part_no_sheet_shows_is_never_skipped(tmp_path, part):
    """An Excel 4.0 macro sheet, a text box or an external link's cached cells is not read as a
    sheet: a victim's status there was skipped by the status scan (nothing found); now the part
    is read whole, and a remark whose owner it cannot show makes it 'roles unknown'."""
    path = _workbook(
        tmp_path / "parts.xlsx", [("Cases", [["case", "role"], ["C1", "suspect"]], False)]
    )
    text = f"Victim Ann Brook, Eritrean national, {VICTIM[3]}"
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(part, f'<part xmlns="urn:example"><t>{text}</t></part>')
    reports = {r.source: r for r in scan_status_path(path, SALT)}
    assert reports[f"parts.xlsx!{part}"].roles_unknown
    assert not reports["parts.xlsx!Cases"].roles_unknown
