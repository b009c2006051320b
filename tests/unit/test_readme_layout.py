"""The README's layout section is the map a new engineer reads first; these tests keep it the
tree's: every package is on it, and every file or folder it names is where it says."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "firewall_conformance"
# An entry starts a line: a folder ("model/") or file ("conftest.py"), at the top level or, two
# spaces in, inside the package.
_ENTRY = re.compile(r"^(?P<indent> {0,2})(?P<name>[\w.-]+(?:/[\w.-]+)*/?)(?: |$)")
_NAMED = re.compile(r"(?<![\w/.-])(?P<path>(?:[\w-]+/)*[\w-]+\.py|(?:[\w-]+/)+)(?![\w])")


def layout_block(readme: str) -> list[str]:
    """The lines of the fenced block under the README's "## Layout" heading."""
    section = readme.split("\n## Layout\n", 1)[1]
    return section.split("```\n", 2)[1].splitlines()


def named_paths(lines: list[str]) -> list[tuple[str, Path]]:
    """(name as written, where it must be) for every file and folder the block names; a name
    is read inside the entry it is written under, then the package, then the project. A line
    saying "not committed" (what `make` installs, git ignores) names nothing a clean clone has."""
    found: list[tuple[str, Path]] = []
    here = ROOT
    for line in lines:
        if "not committed" in line:
            continue
        entry = _ENTRY.match(line)
        if entry:
            base = PACKAGE if entry["indent"] else ROOT
            target = base / entry["name"]
            here = target if entry["name"].endswith("/") else base
        for match in _NAMED.finditer(line):
            name = match["path"]
            candidates = [here / name, PACKAGE / name, ROOT / name]
            found.append((name, next((c for c in candidates if c.exists()), candidates[0])))
    return found


def test_every_file_and_folder_the_layout_names_exists() -> None:
    lines = layout_block((ROOT / "README.md").read_text(encoding="utf-8"))
    missing = [name for name, path in named_paths(lines) if not path.exists()]
    assert not missing, f"the README's layout names what is not in the tree: {missing}"


def test_every_package_is_on_the_layout() -> None:
    lines = layout_block((ROOT / "README.md").read_text(encoding="utf-8"))
    listed = {m["name"] for line in lines if (m := _ENTRY.match(line)) and m["indent"]}
    packages = {p.name + "/" for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    packages.add("data/")
    assert not packages - listed, f"packages missing from the README's layout: {packages - listed}"


def test_the_layout_reader_catches_a_name_that_is_not_there() -> None:
    lines = ["  model/           evidence.py (real), vanished.py (not)", "nowhere/          x"]
    missing = [name for name, path in named_paths(lines) if not path.exists()]
    assert missing == ["vanished.py", "nowhere/"]
