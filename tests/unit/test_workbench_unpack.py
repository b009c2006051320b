"""An uploaded zip is unpacked only when nothing in it can land outside its folder, be a link,
or expand far past its size — as the export scanner refuses such archives."""

import stat
import zipfile
from pathlib import Path

import pytest

from firewall_conformance.workbench.unpack import HostileArchive, unpack


def _zip(path: Path, members: list[tuple[str | zipfile.ZipInfo, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return path


def _link(name: str, target: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def test_a_plain_run_folder_unpacks(tmp_path: Path) -> None:
    archive = _zip(
        tmp_path / "run.zip", [("summary.json", b"{}"), ("evidence/manifest.json", b"{}")]
    )
    into = tmp_path / "into"
    into.mkdir()
    assert unpack(archive, into) == into
    assert (into / "evidence" / "manifest.json").read_bytes() == b"{}"


def test_a_folder_wrapped_in_one_top_folder_is_found(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "run.zip", [("run-1/summary.json", b"{}")])
    into = tmp_path / "into"
    into.mkdir()
    assert unpack(archive, into) == into / "run-1"


@pytest.mark.parametrize(
    ("members", "why"),
    [
        ([("../escaped.txt", b"x")], "outside"),
        ([("/etc/escaped.txt", b"x")], "outside"),
        ([("a/../../escaped.txt", b"x")], "outside"),
        ([("C:/escaped.txt", b"x")], "outside"),
        ([("a\\..\\escaped.txt", b"x")], "outside"),
        ([(_link("evidence", "/etc"), b"/etc")], "link"),
        ([("summary.json", b"1"), ("SUMMARY.json", b"2")], "twice"),
        ([("bomb.txt", b"\0" * (300 << 20))], "bomb"),
    ],
)
def test_a_hostile_zip_is_refused_before_anything_is_written(
    tmp_path: Path, members: list[tuple[str | zipfile.ZipInfo, bytes]], why: str
) -> None:
    archive = _zip(tmp_path / "hostile.zip", members)
    into = tmp_path / "into"
    into.mkdir()
    with pytest.raises(HostileArchive, match=why):
        unpack(archive, into)
    assert list(into.iterdir()) == []
    assert not (tmp_path / "escaped.txt").exists()


def test_a_zip_that_understates_its_sizes_stops_at_the_budget(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "liar.zip", [("big.txt", b"\0" * (300 << 20))])
    raw = bytearray(archive.read_bytes())
    # Rewrite the declared uncompressed size (central directory and local header) to 1 byte.
    with zipfile.ZipFile(archive) as z:
        info = z.infolist()[0]
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 24 : central + 28] = (1).to_bytes(4, "little")
    raw[22:26] = (1).to_bytes(4, "little")
    archive.write_bytes(bytes(raw))
    assert info.file_size == 300 << 20
    into = tmp_path / "into"
    into.mkdir()
    with pytest.raises(HostileArchive):
        unpack(archive, into)


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    upload = tmp_path / "upload.zip"
    upload.write_text("<html>login</html>")
    into = tmp_path / "into"
    into.mkdir()
    with pytest.raises(HostileArchive, match="not a readable zip"):
        unpack(upload, into)
