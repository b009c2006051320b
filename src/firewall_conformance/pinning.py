"""Pinned suites: the hashes of the released suite, and the check `run --pinned` makes.

An inspector's run must be the suite that was released — not one with a softened feature file,
a step that no longer asserts, or a catalogue whose obligations were quietly edited. The
hashes of every such file are shipped as data (`data/released_suite.json`); maintainers
regenerate them with `firewall-conformance suite-hashes --write` when they release, and a
self-test fails if they forget.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from firewall_conformance import __version__
from firewall_conformance.catalogue import default_catalogue_path
from firewall_conformance.suite_files import suite_root

RELEASED = "released_suite.json"
FORMAT = "firewall-conformance-suite/1"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def suite_files(root: Path | None = None, catalogue: Path | None = None) -> dict[str, Path]:
    """Every file whose content decides what the suite tests, by its name in the suite."""
    root = root or suite_root()
    files = {"conftest.py": root / "conftest.py"}
    for pattern, folder in (("*.feature", "features"), ("*.py", "steps")):
        for path in sorted((root / folder).rglob(pattern)):
            if "__pycache__" not in path.parts:
                files[path.relative_to(root).as_posix()] = path
    files["catalogue.yaml"] = catalogue or default_catalogue_path()
    return files


def current_hashes(root: Path | None = None, catalogue: Path | None = None) -> dict[str, str]:
    return {name: sha256_file(path) for name, path in suite_files(root, catalogue).items()}


def digest(hashes: dict[str, str]) -> str:
    """One SHA-256 over the sorted (name, hash) pairs: the whole suite in one value."""
    lines = "".join(f"{name}\0{value}\n" for name, value in sorted(hashes.items()))
    return hashlib.sha256(lines.encode()).hexdigest()


def released_document(hashes: dict[str, str]) -> dict:
    return {
        "format": FORMAT,
        "suite_version": __version__,
        "digest": digest(hashes),
        "files": dict(sorted(hashes.items())),
    }


def released_path() -> Path:
    return Path(str(resources.files("firewall_conformance.data").joinpath(RELEASED)))


def load_released() -> dict:
    return json.loads(released_path().read_text(encoding="utf-8"))


@dataclass(frozen=True)
class SuiteComparison:
    """How the suite about to run differs from the released one."""

    released_version: str
    released_digest: str
    current_digest: str
    changed: tuple[str, ...]
    missing: tuple[str, ...]
    added: tuple[str, ...]

    @property
    def matches(self) -> bool:
        return not (self.changed or self.missing or self.added)

    def describe(self) -> str:
        parts = [
            f"{label} {', '.join(names)}"
            for label, names in (
                ("changed:", self.changed),
                ("missing:", self.missing),
                ("added:", self.added),
            )
            if names
        ]
        return "; ".join(parts) or "identical"


def compare(current: dict[str, str] | None = None, released: dict | None = None) -> SuiteComparison:
    current = current_hashes() if current is None else current
    released = load_released() if released is None else released
    shipped: dict[str, str] = released["files"]
    return SuiteComparison(
        released_version=released["suite_version"],
        released_digest=released["digest"],
        current_digest=digest(current),
        changed=tuple(
            sorted(n for n in current.keys() & shipped.keys() if current[n] != shipped[n])
        ),
        missing=tuple(sorted(shipped.keys() - current.keys())),
        added=tuple(sorted(current.keys() - shipped.keys())),
    )
