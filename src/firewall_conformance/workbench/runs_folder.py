"""Files are served from inside the runs folder only.

A path in a request is the requester's to choose; a run folder may have been copied in from
elsewhere. So a requested path is refused if it is absolute, climbs out with `..`, passes
through a symbolic link anywhere along the way, or is not a regular file: a link in a run folder
could otherwise hand out any file the inspector can read.
"""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO


class OutsideRuns(ValueError):
    """A requested path that is not a file inside the runs folder; the message says why."""


def confined(runs: Path, relative: str) -> Path:
    """The file `relative` names inside `runs`, checked step by step without following any
    link."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or "\\" in relative:
        raise OutsideRuns(f"{relative!r} is not a path inside the runs folder")
    if any(part in ("..", ".") or part.startswith(".") for part in parts):
        raise OutsideRuns(f"{relative!r} names a hidden file or climbs out of the runs folder")
    path = runs
    for part in parts:
        path = path / part
        try:
            mode = path.lstat().st_mode
        except OSError as exc:
            raise OutsideRuns(f"{relative!r} does not exist in the runs folder") from exc
        if stat.S_ISLNK(mode):
            raise OutsideRuns(f"{relative!r} passes through a link, which is not followed")
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise OutsideRuns(f"{relative!r} is not a regular file")
    return path


def _entries(folder: Path) -> Iterator[tuple[Path, bool]]:
    """Every regular file and every empty folder under `folder`, links left out."""
    for root, dirs, files in os.walk(folder, followlinks=False):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink())
        regular = sorted(f for f in files if stat.S_ISREG((here / f).lstat().st_mode))
        if not dirs and not files and here != folder:
            yield here, True
        for name in regular:
            yield here / name, False


def write_zip(folder: Path, out: IO[bytes]) -> None:
    """The whole of `folder` as a zip, its files at the archive's top, as `verify` reads it once
    unpacked. Links are left out; an empty folder is kept, as `verify` counts it."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, empty_folder in _entries(folder):
            name = path.relative_to(folder).as_posix()
            if empty_folder:
                archive.writestr(name + "/", b"")
            else:
                archive.write(path, name)
