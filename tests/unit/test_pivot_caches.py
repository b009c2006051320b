"""A pivot table's cache keeps every record it summarises inside the workbook, even after the
sheet it was made from is deleted: a statistical return can carry each victim's row that way.
Before, the cache was read for planted persons only, so a victim's status remark in it was
neither found nor "roles unknown" — the scan said nothing was found."""

from __future__ import annotations

import random
import zipfile
from xml.sax.saxutils import quoteattr

import pytest
from openpyxl import Workbook

from firewall_conformance.detect import workbook_parts
from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.pivot_caches import MAX_CELLS
from firewall_conformance.detect.scan import scan_path
from firewall_conformance.detect.status import scan_status_path
from firewall_conformance.persons.personas import make_cast
from tests.unit.status_found import SALT, status_found

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RECORDS_TYPE = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotCacheRecords"
)
REMARK = "asylum seeker awaiting decision"


def definition(fields: list[tuple[str, list[str] | None]], calculated: str = "") -> str:
    """A cache definition: each field's name and, where records index them, its shared items."""
    parts = []
    for name, shared in fields:
        items = "".join(f"<s v={quoteattr(v)}/>" for v in shared or [])
        parts.append(
            f"<cacheField name={quoteattr(name)}><sharedItems>{items}</sharedItems></cacheField>"
        )
    if calculated:
        parts.append(
            f'<cacheField name="{calculated}" databaseField="0"><sharedItems/></cacheField>'
        )
    return (
        f'<pivotCacheDefinition xmlns="{MAIN}" recordCount="2"><cacheFields count="{len(parts)}">'
        f"{''.join(parts)}</cacheFields></pivotCacheDefinition>"
    )


def records(rows: list[str]) -> str:
    return f'<pivotCacheRecords xmlns="{MAIN}">{"".join(f"<r>{r}</r>" for r in rows)}</pivotCacheRecords>'


def returned(path, fields, rows, calculated=""):
    """A workbook whose only sheet is a count (its source sheet deleted), with a pivot cache."""
    book = Workbook()
    book.active.title = "Counts"
    book.active.append(["nationality", "victims"])
    book.active.append(["(all)", 2])
    book.save(path)
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{RECORDS_TYPE}" Target="pivotCacheRecords1.xml"/>'
        "</Relationships>"
    )
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/pivotCache/pivotCacheDefinition1.xml", definition(fields, calculated))
        archive.writestr("xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels", rels)
        archive.writestr("xl/pivotCache/pivotCacheRecords1.xml", records(rows))
    return path


def test_a_victims_status_in_a_pivot_cache_is_found_by_its_field(tmp_path):
    path = returned(
        tmp_path / "return.xlsx",
        [
            ("role", ["suspect", "victim"]),
            ("nationality", ["British", "Eritrean"]),
            ("remarks", None),
        ],
        [
            '<x v="0"/><x v="0"/><s v="none"/>',
            f'<x v="1"/><x v="1"/><s v="{REMARK}"/>',
        ],
        calculated="share",
    )
    assert status_found(path) == [
        ("return.xlsx!pivot cache 1", 3, "nationality", "victim"),
        ("return.xlsx!pivot cache 1", 3, "remarks", "victim"),
    ]


def test_a_planted_person_in_a_pivot_cache_is_found(tmp_path):
    cast = make_cast(random.Random(5))
    victim = cast["victim"]
    path = returned(
        tmp_path / "names.xlsx",
        [("role", ["victim"]), ("name", [victim.full_name])],
        ['<x v="0"/><x v="0"/>'],
    )
    reports = list(scan_path(CanaryMatcher.for_personas(cast.values()), path))
    by_source = {r.source: {f.persona for f in r.findings} for r in reports}
    assert "the victim" in by_source["names.xlsx!pivot cache 1"]


def test_an_index_to_a_shared_item_that_is_not_there_is_refused_by_name(tmp_path):
    path = returned(tmp_path / "bad.xlsx", [("role", ["victim"])], ['<x v="7"/>'])
    with pytest.raises(UnreadableExport, match=r"bad\.xlsx!pivot cache .*shared item"):
        status_found(path)


def test_a_cache_definition_too_large_to_read_whole_is_refused_before_reading(tmp_path):
    path = returned(tmp_path / "large.xlsx", [("role", ["victim"])], ['<x v="0"/>'])
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    for info in members:
        if "pivotCacheDefinition" in info.filename:
            info.file_size = workbook_parts.MAX_PART_READ_WHOLE + 1
    with pytest.raises(UnreadableExport, match=r"large\.xlsx!xl/pivotCache/pivotCacheDefinition1"):
        workbook_parts.is_workbook(members, "large.xlsx")


def _roles_unknown(path) -> dict[str, bool]:
    return {r.source: r.roles_unknown for r in scan_status_path(path, SALT)}


def test_a_status_in_a_shared_item_no_record_names_is_not_dropped(tmp_path):
    """Excel keeps the items of records gone from the source ("missing items"), and every item
    of a cache saved without its records: a victim's remark there is still in the workbook.
    Before, only items a record named were read, so the scan said nothing was found."""
    fields = [("role", ["suspect", "victim"]), ("remarks", ["none", REMARK])]
    kept = returned(tmp_path / "kept.xlsx", fields, ['<x v="0"/><x v="0"/>'])
    assert _roles_unknown(kept)["kept.xlsx!pivot cache 1"]
    unsaved = tmp_path / "unsaved.xlsx"
    with zipfile.ZipFile(kept) as source, zipfile.ZipFile(unsaved, "w") as archive:
        for info in source.infolist():
            if "pivotCacheRecords" not in info.filename and "_rels/pivotCache" not in info.filename:
                archive.writestr(info, source.read(info))
    assert _roles_unknown(unsaved)["unsaved.xlsx!pivot cache 1"]


def test_a_pivot_cache_named_otherwise_is_found_by_the_workbooks_relationships(tmp_path):
    """Only Excel's part name was looked for; another writer may name the part as it likes."""
    fields = [("role", ["suspect", "victim"]), ("remarks", ["none", REMARK])]
    excel = returned(tmp_path / "excel.xlsx", fields, ['<x v="1"/><x v="1"/>'])
    renamed = tmp_path / "renamed.xlsx"
    named = {
        "xl/pivotCache/pivotCacheDefinition1.xml": "xl/caches/summary.xml",
        "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels": "xl/caches/_rels/summary.xml.rels",
        "xl/pivotCache/pivotCacheRecords1.xml": "xl/caches/pivotCacheRecords1.xml",
    }
    link = (
        '<Relationship Id="rIdCache" Target="caches/summary.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/pivotCacheDefinition"/>'
    )
    with zipfile.ZipFile(excel) as source, zipfile.ZipFile(renamed, "w") as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", link.encode() + b"</Relationships>")
            archive.writestr(named.get(info.filename, info.filename), data)
    assert status_found(renamed) == [("renamed.xlsx!pivot cache 1", 2, "remarks", "victim")]


def test_a_record_of_more_cells_than_a_sheet_has_columns_is_refused_by_name(tmp_path):
    wide = "<m/>" * (MAX_CELLS + 1)
    path = returned(tmp_path / "wide.xlsx", [("role", ["victim"])], [wide])
    with pytest.raises(UnreadableExport, match=r"wide\.xlsx!pivot cache 1.*more than 16,384"):
        status_found(path)


def test_an_olap_members_caption_is_read_as_its_value(tmp_path):
    """An OLAP cache names each member by the cube's key and shows its caption: the remark is
    in the caption."""
    fields = [("role", ["suspect"]), ("remarks", ["none"])]
    path = returned(tmp_path / "cube.xlsx", fields, ['<x v="0"/><x v="0"/>'])
    assert not _roles_unknown(path)["cube.xlsx!pivot cache 1"]
    olap = tmp_path / "olap.xlsx"
    member = f'<s v="[Remarks].[Remark].&amp;[7]" c="{REMARK}"/>'
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(olap, "w") as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("pivotCacheDefinition1.xml"):
                data = data.replace(b'<s v="none"/>', b'<s v="none"/>' + member.encode())
            archive.writestr(info, data)
    assert _roles_unknown(olap)["olap.xlsx!pivot cache 1"]
