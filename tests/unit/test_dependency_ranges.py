"""The package asks for compatible ranges; constraints.txt pins the versions tested, each inside
its range, so a user's install and this project's CI cannot drift apart unnoticed."""

import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    listed = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        listed.extend(extra)
    return [Requirement(r) for r in listed]


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[name.strip().lower().replace("_", "-")] = version.split(";")[0].strip()
    return pins


def test_every_dependency_is_a_range_not_an_exact_pin() -> None:
    exact = [str(r) for r in _requirements() if any(s.operator == "==" for s in r.specifier)]
    assert not exact, f"exact pins belong in constraints.txt: {exact}"


def test_constraints_pin_each_dependency_inside_its_range() -> None:
    pins = _pins()
    outside = []
    for requirement in _requirements():
        name = requirement.name.lower().replace("_", "-")
        assert name in pins, f"{name} has no pin in constraints.txt"
        if pins[name] not in requirement.specifier:
            outside.append(f"{name}=={pins[name]} not in {requirement.specifier}")
    assert not outside, outside
