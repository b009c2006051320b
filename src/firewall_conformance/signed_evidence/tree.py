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

from firewall_conformance.inputs.regular_files import NotReadable, kind, open_regular

_BLOCK = 1 << 20


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


def _hash(path: Path) -> RegularFile:
    descriptor, status = open_regular(path, follow=False)
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
