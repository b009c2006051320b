"""OpenDocument spreadsheets (.ods) are read sheet by sheet as exports: before, only their XML
parts were read, where no cell stands under its column heading, so every status scan of one
said "roles unknown" and found nothing. The documents here are written as LibreOffice writes
them: trailing empty cells and rows repeated to the sheet's end."""

from __future__ import annotations

import random
import signal
import zipfile
from contextlib import contextmanager
from xml.sax.saxutils import escape

import pytest

from firewall_conformance.detect import opendocument
from firewall_conformance.detect.batch import scan_files
from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import scan_path
from firewall_conformance.detect.status import scan_status_path
from firewall_conformance.persons.personas import make_cast
from tests.unit.status_found import status_found

SALT = b"test-salt"
NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)
HEADER = ["incident", "role", "name", "notes"]
WITNESS = ["I-1", "witness", "A B", "none"]
VICTIM = ["I-2", "victim", "C D", "asylum seeker awaiting decision"]
REMARK = "asylum seeker awaiting decision"


def cell(value: str, attributes: str = "") -> str:
    return (
        f'<table:table-cell office:value-type="string" {attributes}>'
        f"<text:p>{escape(value)}</text:p></table:table-cell>"
    )


def row(values: list[str], attributes: str = "") -> str:
    """A row as LibreOffice writes it: its cells, then one empty cell repeated to the end."""
    cells = "".join(cell(v) for v in values)
    return (
        f"<table:table-row {attributes}>{cells}"
        f'<table:table-cell table:number-columns-repeated="{1024 - len(values)}"/></table:table-row>'
    )


# One name cell repeated past the widest sheet LibreOffice or Excel can hold.
WIDE = cell("x", 'table:number-columns-repeated="20000"')


def sheet(name: str, rows: str) -> str:
    tail = (
        '<table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    return (
        f'<table:table table:name="{name}">'
        f'<table:table-column table:number-columns-repeated="1024"/>{rows}{tail}</table:table>'
    )


def spreadsheet(path, *sheets: str, title: str = "Return", prolog: str = ""):
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content {NAMESPACES} '
        'office:version="1.3"><office:automatic-styles/><office:body><office:spreadsheet>'
        f"{''.join(sheets)}</office:spreadsheet></office:body></office:document-content>"
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {NAMESPACES}>'
        f"<office:meta><dc:title>{escape(title)}</dc:title></office:meta></office:document-meta>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("content.xml", content)
        archive.writestr("meta.xml", meta)
    return path


def test_status_on_a_victim_is_found_in_every_sheet_by_column(tmp_path):
    path = spreadsheet(
        tmp_path / "return.ods",
        sheet("Cases", row(["case", "role", "name"]) + row(["C1", "suspect", "Max Moe"])),
        sheet(
            "Parties",
            row(["role", "name", "nationality"])
            + row(["victim", "Ann Brook", "Eritrean", REMARK])
            + row(["suspect", "Max Moe", "Albanian"]),
        ),
    )
    reports = list(scan_status_path(path, SALT))
    assert [r.source for r in reports] == ["return.ods!Cases", "return.ods!Parties"]
    assert not any(r.roles_unknown for r in reports)
    # the remark stands beyond the header's width: its column is named by its letter
    assert status_found(path) == [
        ("return.ods!Parties", 2, "nationality", "victim"),
        ("return.ods!Parties", 2, "D", "victim"),
    ]
    # LibreOffice's trailing repeats are not padded out: three rows, not a million
    assert [r.records for r in reports] == [1, 2]


def test_a_remark_in_a_note_a_span_or_a_nested_list_is_found(tmp_path):
    noted = (
        '<table:table-cell office:value-type="string"><text:p>see note</text:p>'
        f"<office:annotation><text:p>Victim disclosed she is an {REMARK}</text:p>"
        "</office:annotation></table:table-cell>"
    )
    spanned = (
        '<table:table-cell office:value-type="string"><text:p>'
        '<text:span>asylum</text:span><text:s text:c="1"/>seeker awaiting decision</text:p>'
        "</table:table-cell>"
    )
    listed = (
        '<table:table-cell office:value-type="string"><text:list><text:list-item>'
        f"<text:p>{REMARK}</text:p></text:list-item></text:list></table:table-cell>"
    )
    rows = "".join(
        f"<table:table-row>{cell(i)}{cell('victim')}{cell('C D')}{remark}</table:table-row>"
        for i, remark in (("I-1", noted), ("I-2", spanned), ("I-3", listed))
    )
    path = spreadsheet(tmp_path / "noted.ods", sheet("Persons", row(HEADER) + rows))
    assert status_found(path) == [
        ("noted.ods!Persons", 2, "note on notes", "victim"),
        ("noted.ods!Persons", 3, "notes", "victim"),
        ("noted.ods!Persons", 4, "notes", "victim"),
    ]


def test_typed_cells_read_as_their_values_and_text_beside_a_number_is_kept(tmp_path):
    typed = (
        '<table:table-cell office:value-type="date" office:date-value="1990-04-01">'
        "<text:p>01/04/90</text:p></table:table-cell>"
        '<table:table-cell office:value-type="float" office:value="3.0"><text:p>3</text:p>'
        "</table:table-cell>"
        '<table:table-cell office:value-type="float" office:value="0">'
        f"<text:p>{REMARK}</text:p></table:table-cell>"
    )
    header = row(["role", "date of birth", "count", "notes"])
    path = spreadsheet(
        tmp_path / "typed.ods",
        sheet("P", header + f"<table:table-row>{cell('victim')}{typed}</table:table-row>"),
    )
    [layout] = opendocument.sheet_layouts(path, "typed.ods")
    with opendocument.sheet_opener(path, layout, "typed.ods")() as stream:
        lines = stream.read().decode().splitlines()
    assert lines[1] == f"victim,1990-04-01,3,0 {REMARK}"
    assert status_found(path) == [("typed.ods!P", 2, "notes", "victim")]


def test_repeated_rows_are_read_as_often_as_a_spreadsheet_shows_them(tmp_path):
    """Empty rows count too, so a finding's record is the row a spreadsheet shows it on."""
    empty = '<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>'
    path = spreadsheet(
        tmp_path / "repeated.ods",
        sheet("P", row(HEADER) + empty + row(VICTIM, 'table:number-rows-repeated="3"')),
    )
    assert [r for _, r, _, _ in status_found(path)] == [4, 5, 6]


def test_two_sheets_of_one_name_are_both_read(tmp_path):
    """A second sheet of the same name could otherwise hide behind the first."""
    path = spreadsheet(
        tmp_path / "twice.ods",
        sheet("P", row(HEADER) + row(WITNESS)),
        sheet("P", row(HEADER) + row(VICTIM)),
    )
    assert status_found(path) == [("twice.ods!P #2", 2, "notes", "victim")]


def test_planted_persons_are_found_in_cells_and_in_the_properties(tmp_path):
    cast = make_cast(random.Random(7))
    victim, suspect = cast["victim"], cast["suspect"]
    path = spreadsheet(
        tmp_path / "list.ods",
        sheet("People", row(["name", "email"]) + row([victim.full_name, victim.email])),
        title=f"Statement of {suspect.full_name}",
    )
    reports = list(scan_path(CanaryMatcher.for_personas(cast.values()), path))
    by_source = {r.source: {(f.persona, f.field) for f in r.findings} for r in reports}
    assert {("the victim", "name"), ("the victim", "email")} <= by_source["list.ods!People"]
    assert "the suspect" in {p for p, _ in by_source["list.ods!meta.xml"]}


@pytest.mark.parametrize(
    ("name", "rows", "reason"),
    [
        ("rows.ods", row(VICTIM, 'table:number-rows-repeated="2000000"'), "more rows than"),
        ("columns.ods", "<table:table-row>" + WIDE + "</table:table-row>", "more columns than"),
        ("count.ods", row(VICTIM, 'table:number-rows-repeated="-1"'), "repeat count"),
        ("digits.ods", row(VICTIM, 'table:number-rows-repeated="\u00b2"'), "repeat count"),
    ],
)
def test_repeats_past_a_sheets_limits_are_refused_by_name(tmp_path, name, rows, reason):
    path = spreadsheet(tmp_path / name, sheet("P", row(HEADER) + rows))
    with pytest.raises(UnreadableExport, match=name.replace(".", r"\.") + ".*" + reason):
        status_found(path)


def test_a_document_type_declaration_in_the_content_is_refused(tmp_path):
    entity = '<!DOCTYPE office:document-content [<!ENTITY r "asylum">]>'
    path = spreadsheet(tmp_path / "dtd.ods", sheet("P", row(HEADER)), prolog=entity)
    with pytest.raises(UnreadableExport, match=r"dtd\.ods!content\.xml"):
        status_found(path)


def test_a_zip_that_only_calls_itself_a_spreadsheet_is_read_as_an_archive(tmp_path):
    path = tmp_path / "plain.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/zip")
        archive.writestr("content.xml", "<a/>")
    with zipfile.ZipFile(path) as archive:
        assert not opendocument.is_spreadsheet(path, archive.infolist())


def test_a_canary_scan_of_a_spreadsheet_holding_a_picture_names_the_picture_unread(tmp_path):
    """LibreOffice stores a thumbnail of the first sheet; a picture cannot be read, so the scan
    of planted persons cannot say the document is clean."""
    path = spreadsheet(tmp_path / "pictured.ods", sheet("P", row(HEADER) + row(WITNESS)))
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("Thumbnails/thumbnail.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    matcher = CanaryMatcher.for_personas(make_cast(random.Random(3)).values())
    with pytest.raises(UnreadableExport, match=r"pictured\.ods!Thumbnails/thumbnail\.png"):
        list(scan_path(matcher, path))
    assert status_found(path) == []  # the status scan reads the sheets, not the picture


@contextmanager
def cpu_seconds(limit: float):
    """Fails the test once it has spent `limit` CPU seconds, instead of letting it hang."""

    def stop(*_):
        raise TimeoutError(f"more than {limit} CPU seconds")

    previous = signal.signal(signal.SIGPROF, stop)
    signal.setitimer(signal.ITIMER_PROF, limit)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def test_a_string_value_written_as_an_attribute_is_read(tmp_path):
    """LibreOffice shows a cell's office:string-value in place of its text, so a remark
    written only there is on the sheet; before, it was read as an empty cell."""
    given = f'<table:table-cell office:value-type="string" office:string-value="{REMARK}"/>'
    beside = (
        f'<table:table-cell office:string-value="{REMARK}"><text:p>none</text:p></table:table-cell>'
    )
    rows = "".join(
        f"<table:table-row>{cell(i)}{cell('victim')}{cell('C D')}{remark}</table:table-row>"
        for i, remark in (("I-1", given), ("I-2", beside))
    )
    path = spreadsheet(tmp_path / "valued.ods", sheet("P", row(HEADER) + rows))
    assert status_found(path) == [
        ("valued.ods!P", 2, "notes", "victim"),
        ("valued.ods!P", 3, "notes", "victim"),
    ]


def test_a_document_that_calls_itself_a_spreadsheet_but_holds_no_sheet_is_refused(tmp_path):
    """A text document (its table of victims) under a spreadsheet's media type gave no sheet
    and no report: beside a clean export, the batch said nothing found."""
    body = f'<table:table table:name="T">{row(HEADER)}{row(VICTIM)}</table:table>'
    content = f"<office:document-content {NAMESPACES}><office:body><office:text>{body}</office:text></office:body></office:document-content>"
    path = tmp_path / "letter.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    clean = tmp_path / "people.csv"
    clean.write_text("role,name,notes\nwitness,A B,none\n")
    batch = scan_files([clean, path], SALT)
    assert batch.unreadable == ["letter.ods!content.xml, reading: no sheet in a spreadsheet"]
    assert batch.exit_code == 2


def test_repeats_that_expand_past_the_archives_ratio_are_refused_before_reading(tmp_path):
    """A row of 16,384 cells shown a million times is a few hundred bytes: before, a scan of it
    ran for days."""
    bomb = f'<table:table-row table:number-rows-repeated="1048000">{WIDE.replace("20000", "16384")}</table:table-row>'
    path = spreadsheet(tmp_path / "bomb.ods", sheet("P", row(HEADER) + bomb))
    with cpu_seconds(30), pytest.raises(UnreadableExport, match=r"bomb\.ods!P.*decompression bomb"):
        list(scan_status_path(path, SALT, workers=1))


def test_a_row_of_more_parts_than_it_can_hold_is_refused_before_memory_runs_out(tmp_path):
    """Each element of a row is held until the row ends: a row of millions of empty elements
    (a few hundred kilobytes zipped) took gigabytes."""
    spans = "<text:span/>" * (16 * opendocument.MAX_COLUMNS + 1)
    crowded = f"<table:table-row><table:table-cell><text:p>{spans}</text:p></table:table-cell></table:table-row>"
    path = spreadsheet(tmp_path / "crowded.ods", sheet("P", row(HEADER) + crowded))
    with pytest.raises(UnreadableExport, match=r"crowded\.ods!P, a row: more parts than"):
        status_found(path)


def test_a_sheet_as_wide_as_a_spreadsheet_holds_is_scanned_in_seconds(tmp_path):
    """Columns past the header's are named by letter; which fields hold others was worked
    out by comparing every pair of names, and 16,384 columns took minutes."""
    wide = WIDE.replace("20000", "16380")
    path = spreadsheet(
        tmp_path / "wide.ods",
        sheet("P", row(HEADER) + f"<table:table-row>{wide}</table:table-row>"),
    )
    with cpu_seconds(20):
        [report] = scan_status_path(path, SALT, workers=1)
    assert report.records == 1


def test_a_remark_in_a_text_box_drawn_on_a_sheet_leaves_the_roles_unknown(tmp_path):
    """A text box drawn over the sheet is in no cell: before, the scan read past it and said
    nothing found; an Excel workbook's text box has made the roles unknown since fefe4e6."""
    box = (
        '<table:shapes><draw:frame xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0">'
        f"<draw:text-box><text:p>Victim C D is an {REMARK}</text:p></draw:text-box></draw:frame>"
        "</table:shapes>"
    )
    path = spreadsheet(
        tmp_path / "boxed.ods",
        f'<table:table table:name="P">{box}{row(HEADER)}{row(WITNESS)}</table:table>',
    )
    reports = {r.source: r.roles_unknown for r in scan_status_path(path, SALT)}
    assert reports == {"boxed.ods!P": False, "boxed.ods!P (drawn on it)": True}
