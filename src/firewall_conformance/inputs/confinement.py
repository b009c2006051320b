"""Paths a profile names stay inside the profile's folder.

A profile is data handed to the harness, possibly by the vendor under test. If it could name
any file, a `token_file: ../../.git-credentials` would send that file to the target as a
bearer token. So every path is resolved (symlinks followed) and must lie inside the folder,
unless the person running the command said otherwise with --allow-paths-outside.
"""

from __future__ import annotations

from pathlib import Path

from firewall_conformance.inputs.documents import InvalidDocument

OPTION = "--allow-paths-outside"


def inside(
    folder: Path,
    named: str,
    *,
    source: str,
    key: str,
    allow_outside: bool = False,
    folder_name: str = "the profile's folder",
) -> Path:
    """The real path of `named` (relative to `folder`), refused if it leaves the folder."""
    path = (folder / named).resolve()
    if allow_outside or path.is_relative_to(folder.resolve()):
        return path
    raise InvalidDocument(
        source,
        [
            f"at {key}: the file lies outside {folder_name} ({folder.resolve()}); a profile may "
            f"only name files inside it, unless the command is run with {OPTION}"
        ],
    )
