"""Unpacking an uploaded zip (an evidence folder, an export bundle) into a fresh folder.

An upload may come from the vendor under test. Refused outright, before anything is written:
a member with an absolute path, a `..`, a drive or a backslash in its name (it would land
outside the folder), a link or special file, a name given twice, more members than any run
writes, and members that declare more than the export scanner's expansion limit allows
(detect/sources.py). While unpacking, the bytes actually written are held to the same budget,
so an archive that lies about its sizes stops there too.
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path, PurePosixPath

from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.sources import ArchiveBudget, expansion_limit

# A run folder holds a few hundred files (Allure results); an export bundle a few dozen.
MAX_MEMBERS = 5000
_CHUNK = 1 << 20


class HostileArchive(ValueError):
    """An upload that is not a zip this workbench will unpack; the message says why."""


def _checked_name(info: zipfile.ZipInfo) -> PurePosixPath:
    name = info.filename
    path = PurePosixPath(name)
    if (
        not name
        or "\\" in name
        or path.is_absolute()
        or ":" in path.parts[0]
        or any(part in ("..", ".", "") for part in name.rstrip("/").split("/"))
    ):
        raise HostileArchive(f"member {name[:80]!r} would be written outside the folder")
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise HostileArchive(f"member {name[:80]!r} is a link or special file")
    return path


def unpack(archive_path: Path, into: Path) -> Path:
    """Unpack `archive_path` into the empty folder `into`. Returns the folder it holds: `into`,
    or the single folder inside it when the archive wraps everything in one."""
    try:
        archive = zipfile.ZipFile(archive_path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise HostileArchive(f"the upload is not a readable zip archive ({exc})") from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise HostileArchive(f"it holds {len(members)} members, more than {MAX_MEMBERS}")
        names = [_checked_name(m) for m in members]
        folded = [str(n).casefold() for n in names]
        if len(set(folded)) != len(folded):
            raise HostileArchive("it names the same member twice")
        budget = ArchiveBudget(archive_path.name, expansion_limit(archive_path.stat().st_size))
        if sum(m.file_size for m in members) > budget.limit:
            raise HostileArchive("its members expand to far more than its size: a likely bomb")
        try:
            for info, name in zip(members, names, strict=True):
                target = into.joinpath(*name.parts)
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                written = 0
                with archive.open(info) as source, target.open("xb") as sink:
                    while chunk := source.read(_CHUNK):
                        written += len(chunk)
                        budget.spend(str(name), written)
                        sink.write(chunk)
        except (UnreadableExport, zipfile.BadZipFile, OSError, EOFError) as exc:
            raise HostileArchive(f"it cannot be unpacked ({exc})") from exc
    inside = list(into.iterdir())
    if len(inside) == 1 and inside[0].is_dir() and not (into / "evidence").exists():
        return inside[0]
    return into
