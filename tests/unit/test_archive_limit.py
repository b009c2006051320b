"""An archive is limited in what it expands to in all, not only member by member: by the
sizes it declares before anything is read, and again while reading (issue 19)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.sources import ArchiveBudget, open_sources

MEMBER_BYTES = 200 * 1024**2


def _eight_members_of_zeros(path: Path) -> None:
    """A zip of eight 200 MiB members, each under the per-member bomb guard, compressed once
    and written eight times so the test builds it in about a second."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk, crc, deflated = bytes(1 << 20), 0, []
    for _ in range(MEMBER_BYTES // len(chunk)):
        crc = zlib.crc32(chunk, crc)
        deflated.append(compressor.compress(chunk))
    deflated.append(compressor.flush())
    data = b"".join(deflated)
    local, central = bytearray(), bytearray()
    for index in range(8):
        name = f"people-{index}.csv".encode()
        fields = (20, 0, 8, 0, 0, crc, len(data), MEMBER_BYTES, len(name))
        offset = len(local)
        local += struct.pack("<4s5H3I2H", b"PK\x03\x04", *fields, 0) + name + data
        central += (
            struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, offset) + name
        )
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, 8, 8, len(central), len(local), 0)
    path.write_bytes(bytes(local + central + end))


def _read_all(path: Path) -> int:
    total = 0
    for source in open_sources(path):
        with source.open() as stream:
            while block := stream.read(1 << 20):
                total += len(block)
    return total


def test_eight_members_under_the_member_guard_are_refused_in_all(tmp_path):
    path = tmp_path / "bundle.zip"
    _eight_members_of_zeros(path)
    with pytest.raises(UnreadableExport, match="in all") as caught:
        _read_all(path)
    assert "bundle.zip" in str(caught.value)


def test_the_budget_counts_every_member_once_while_reading():
    budget = ArchiveBudget("x.zip", limit=10)
    budget.spend("a", 6)
    budget.spend("a", 6)  # the same member read again is not counted twice
    budget.spend("b", 4)
    with pytest.raises(UnreadableExport, match="in all"):
        budget.spend("b", 5)


def test_an_ordinary_archive_reads_in_full(tmp_path):
    import zipfile

    path = tmp_path / "ok.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for index in range(3):
            archive.writestr(f"m{index}.csv", "id,role\n" + "1,victim\n" * 1000)
    assert _read_all(path) == 3 * (8 + 9 * 1000)
