"""The suite hash: one SHA-256 over every file that can change a verdict, and the check
`run --pinned` makes against the released one.

An inspector's run must be the suite that was released — not one with a softened feature file,
a step that no longer asserts, a catalogue whose obligations were quietly edited, or a check,
detector or vocabulary changed by one line. So the hash covers the whole installed package
(everything but caches and the released hashes themselves) and the suite that ships with it
(conftest, features, steps, target profiles), read from the installed files at start. The
released hashes are shipped as data (`data/released_suite.json`); maintainers regenerate them
with `firewall-conformance suite-hashes --write` after any change, and a self-test fails if they
forget.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from firewall_conformance import __version__
from firewall_conformance.scenario_suite.files import (
    INSTALLED_SUITE,
    PACKAGE,
    SUITE_PARTS,
    suite_root,
)

RELEASED = "released_suite.json"
FORMAT = "firewall-conformance-suite/2"
_RELEASED_NAME = f"{PACKAGE.name}/data/{RELEASED}"
_CACHES = frozenset({"__pycache__"})
_COMPILED = (".pyc", ".pyo")
_NAMES_SHOWN = 10


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files_under(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        cached = not _CACHES.isdisjoint(relative.parts) or path.name.endswith(_COMPILED)
        if path.is_file() and not cached:
            yield path


def suite_files(package: Path = PACKAGE) -> dict[str, Path]:
    """Every file that can change a verdict, by one name whether installed from a wheel (suite
    inside the package) or run from source (suite beside it), so both give the same hash."""
    files: dict[str, Path] = {}
    for path in _files_under(package):
        relative = path.relative_to(package)
        if relative.parts[0] == INSTALLED_SUITE:
            files[relative.relative_to(INSTALLED_SUITE).as_posix()] = path
        else:
            files[f"{package.name}/{relative.as_posix()}"] = path
    root = suite_root(package)
    if root != package / INSTALLED_SUITE:
        for part in SUITE_PARTS:
            source = root / part
            for path in _files_under(source) if source.is_dir() else [source]:
                files[path.relative_to(root).as_posix()] = path
    files.pop(_RELEASED_NAME, None)
    return files


def current_hashes(package: Path = PACKAGE) -> dict[str, str]:
    return {name: sha256_file(path) for name, path in suite_files(package).items()}


def suite_hash(hashes: dict[str, str]) -> str:
    """One SHA-256 over the sorted (name, hash) pairs: the whole suite in one value."""
    lines = "".join(f"{name}\0{value}\n" for name, value in sorted(hashes.items()))
    return hashlib.sha256(lines.encode()).hexdigest()


def released_document(hashes: dict[str, str]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "suite_version": __version__,
        "suite_hash": suite_hash(hashes),
        "files": dict(sorted(hashes.items())),
    }


def released_path() -> Path:
    return Path(str(resources.files("firewall_conformance.data").joinpath(RELEASED)))


def load_released() -> dict[str, Any]:
    return json.loads(released_path().read_text(encoding="utf-8"))


def _names(names: tuple[str, ...]) -> str:
    shown = ", ".join(names[:_NAMES_SHOWN])
    more = len(names) - _NAMES_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


@dataclass(frozen=True)
class SuiteComparison:
    """How the suite about to run differs from the released one."""

    released_version: str
    released_suite_hash: str
    suite_hash: str
    changed: tuple[str, ...]
    missing: tuple[str, ...]
    added: tuple[str, ...]

    @property
    def matches(self) -> bool:
        return not (self.changed or self.missing or self.added)

    def describe(self) -> str:
        parts = [
            f"{label} {_names(names)}"
            for label, names in (
                ("changed:", self.changed),
                ("missing:", self.missing),
                ("added:", self.added),
            )
            if names
        ]
        return "; ".join(parts) or "identical"


def compare(
    current: dict[str, str] | None = None, released: dict[str, Any] | None = None
) -> SuiteComparison:
    current = current_hashes() if current is None else current
    released = load_released() if released is None else released
    shipped: dict[str, str] = released["files"]
    return SuiteComparison(
        released_version=released["suite_version"],
        released_suite_hash=released["suite_hash"],
        suite_hash=suite_hash(current),
        changed=tuple(
            sorted(n for n in current.keys() & shipped.keys() if current[n] != shipped[n])
        ),
        missing=tuple(sorted(shipped.keys() - current.keys())),
        added=tuple(sorted(current.keys() - shipped.keys())),
    )
