"""Whatever compression an export arrives in is read through, or refused by name — never read
as text. Before, a bzip2-compressed CSV read as 28 Latin-1 "records" with nothing in them
("nothing found"), an xz one or a gzip inside a zip failed as a malformed CSV, and a tar
archive was read as CSV by luck."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import random
import tarfile
import zipfile
from pathlib import Path

import pytest

from firewall_conformance.detect import sources
from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import scan_path
from firewall_conformance.persons.personas import make_cast

CAST = make_cast(random.Random(3))
VICTIM = CAST["victim"]
MATCHER = CanaryMatcher.for_personas(CAST.values())
CSV = (
    "id,name,note\n"
    + "".join(f"{i},Person{i},note {i}\n" for i in range(500))
    + f"999,{VICTIM.family_name},x\n"
).encode()


def _zip(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def _tar_gz(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


READ_THROUGH = {
    "people.csv.bz2": bz2.compress(CSV),
    "people.csv.xz": lzma.compress(CSV),
    "people.csv.gz.bz2": bz2.compress(gzip.compress(CSV)),
    "export.zip": _zip("people.csv.gz", gzip.compress(CSV)),
    "bundle.zip": _zip("people.csv.bz2", bz2.compress(CSV)),
}
REFUSED = {
    "nested.zip": (_zip("inner.zip", _zip("people.csv", CSV)), "zip archive"),
    "people.tar.gz": (_tar_gz("people.csv", CSV), "tar archive"),
    "people.csv.zst": (b"\x28\xb5\x2f\xfd" + bytes(64), "Zstandard"),
    "people.7z": (b"7z\xbc\xaf\x27\x1c" + bytes(64), "7-Zip"),
    # Before: each was read as text; a real one keeps its values in compressed pages, so it
    # read as records with nothing planted in them: clean.
    "people.csv.gz.pdf": (gzip.compress(b"%PDF-1.7\n" + CSV), "PDF document"),
    "people.xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + CSV, "old Word or Excel"),
    "people.parquet": (b"PAR1" + CSV, "Parquet"),
    "people.avro": (b"Obj\x01" + CSV, "Avro"),
    "people.db": (b"SQLite format 3\x00" + CSV, "SQLite"),
}


@pytest.mark.parametrize("name", list(READ_THROUGH))
def test_a_compressed_export_is_read_through(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(READ_THROUGH[name])
    [report] = list(scan_path(MATCHER, path, "csv"))
    assert report.records == 501
    assert {f.attribute for f in report.findings} >= {"family_name"}


@pytest.mark.parametrize("name", list(REFUSED))
def test_what_cannot_be_read_through_is_refused_by_name(tmp_path: Path, name: str) -> None:
    data, kind = REFUSED[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnreadableExport, match=kind):
        list(scan_path(MATCHER, path, "csv"))


def test_a_bzip2_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "RATIO_FLOOR_BYTES", 1024**2)
    path = tmp_path / "zeros.csv.bz2"
    path.write_bytes(bz2.compress(b"a,b\n" + bytes(8 * 1024**2)))
    with pytest.raises(UnreadableExport, match="decompression bomb"):
        list(scan_path(MATCHER, path, "csv"))


def test_the_format_is_implied_through_every_compression_suffix() -> None:
    assert [sources.format_of(n) for n in ("a.csv.bz2", "a.ndjson.xz", "a.json.gz")] == [
        "csv",
        "ndjson",
        "json",
    ]
