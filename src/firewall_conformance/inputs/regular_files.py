"""Reading a file someone named, only if it is a regular file, and no more of it than a cap.

A path given on the command line, in a profile or in a signed bundle may name a named pipe
(opening it for reading waits for a writer for ever), a device such as /dev/zero (it never
ends), or a link to either. Each is opened without blocking, looked at through its descriptor
(so what is checked is what is read), and refused unless it is a regular file of bounded size.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK


class NotReadable(Exception):
    """A file that is not a regular file, is too large, or cannot be read; says which and why
    (`problem`: the why alone, e.g. "is a named pipe, not a regular file")."""

    def __init__(self, path: Path, problem: str) -> None:
        self.problem = problem
        super().__init__(f"{path.name} {problem}")


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


def open_regular(path: Path, follow: bool) -> tuple[int, os.stat_result]:
    """A descriptor on `path` only if it is a regular file; a link is refused unless `follow`."""
    flags = _OPEN_FLAGS | (0 if follow else os.O_NOFOLLOW)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise NotReadable(path, f"cannot be opened ({exc.strerror})") from exc
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        raise NotReadable(path, f"is {kind(status.st_mode)}, not a regular file")
    return descriptor, status


def read_regular(path: Path, limit: int, follow: bool = False) -> bytes:
    """The whole content of a regular file of at most `limit` bytes, or NotReadable."""
    descriptor, status = open_regular(path, follow)
    with os.fdopen(descriptor, "rb") as handle:
        if status.st_size > limit:
            raise NotReadable(path, f"is too large ({status.st_size} bytes; at most {limit})")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise NotReadable(path, f"is too large (more than {limit} bytes)")
    return data
