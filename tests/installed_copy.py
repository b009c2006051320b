"""A copy of the package laid out as the wheel installs it (the suite inside), for tests that
change an installed file and watch what the tool says."""

from __future__ import annotations

import shutil
from pathlib import Path

import firewall_conformance

REPO = Path(__file__).resolve().parents[1]
SUITE_PARTS = ("features", "steps", "conftest.py", "fixtures/targets")


def installed_copy(tmp_path: Path) -> Path:
    """The site folder to put first on PYTHONPATH."""
    site = tmp_path / "site"
    package = site / "firewall_conformance"
    shutil.copytree(
        Path(firewall_conformance.__file__).parent,
        package,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    for part in SUITE_PARTS:
        source = REPO / part
        destination = package / "suite" / part
        if source.is_dir():
            shutil.copytree(source, destination, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination)
    return site


def edit(path: Path, old: str, new: str) -> None:
    """Change one line of an installed file; fails if the line is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
