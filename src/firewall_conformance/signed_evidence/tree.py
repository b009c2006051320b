"""What lies under a reports folder, seen without following a link or opening a special file.

Evidence is only what was signed: regular files. A symbolic link can point anywhere (even at an
identical copy outside the folder), a named pipe can block a reader for ever, and an empty
folder can hide nothing signed — so the walk looks at each entry with lstat, opens only regular
files (never following a link, never blocking), and names everything else by its kind.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

_BLOCK = 1 << 20
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK


class NotReadable(Exception):
    """A file that is not a regular file, is too large, or cannot be read; says which and why."""


@dataclass(frozen=True)
class RegularFile:
    sha256: str
    bytes: int
    links: int  # hard links: more than one means another name can change it


@dataclass
class Survey:
    """Regular files by POSIX path under the folder, and every other entry with its kind."""

    files: dict[str, RegularFile] = field(default_factory=dict)
    others: dict[str, str] = field(default_factory=dict)


def kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return name
    return "a special file"


def _open_regular(path: Path, follow: bool) -> tuple[int, os.stat_result]:
    """A descriptor on `path` only if it is a regular file; a link is refused unless `follow`."""
    flags = _OPEN_FLAGS | (0 if follow else os.O_NOFOLLOW)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise NotReadable(f"{path.name} cannot be opened ({exc.strerror})") from exc
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        raise NotReadable(f"{path.name} is {kind(status.st_mode)}, not a regular file")
    return descriptor, status


def read_regular(path: Path, limit: int, follow: bool = False) -> bytes:
    """The whole content of a regular file of at most `limit` bytes, or NotReadable."""
    descriptor, status = _open_regular(path, follow)
    with os.fdopen(descriptor, "rb") as handle:
        if status.st_size > limit:
            raise NotReadable(f"{path.name} is too large ({status.st_size} bytes; at most {limit})")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise NotReadable(f"{path.name} is too large (more than {limit} bytes)")
    return data


def _hash(path: Path) -> RegularFile:
    descriptor, status = _open_regular(path, follow=False)
    digest, size = hashlib.sha256(), 0
    with os.fdopen(descriptor, "rb") as handle:
        for block in iter(lambda: handle.read(_BLOCK), b""):
            digest.update(block)
            size += len(block)
    return RegularFile(digest.hexdigest(), size, status.st_nlink)


def survey(folder: Path, skip: str | None = None) -> Survey:
    """Every entry under `folder` (but the top-level `skip`), without following links; folder
    by folder from a list rather than by recursion, so no depth of nesting can stop it."""
    found = Survey()
    pending = [(folder, "")]
    while pending:
        current, prefix = pending.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            found.others[prefix.rstrip("/") or "."] = (
                f"a folder that cannot be read ({exc.strerror})"
            )
            continue
        if prefix and not entries:
            found.others[prefix.rstrip("/")] = "an empty folder"
        for entry in entries:
            name = prefix + entry.name
            if not prefix and entry.name == skip:
                continue
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISDIR(mode):
                pending.append((Path(entry.path), name + "/"))
            elif stat.S_ISREG(mode):
                try:
                    found.files[name] = _hash(Path(entry.path))
                except (NotReadable, OSError) as exc:
                    found.others[name] = f"a file that cannot be read ({exc})"
            else:
                found.others[name] = kind(mode)
    return found
