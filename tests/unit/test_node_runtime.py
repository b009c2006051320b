"""Which Node.js runs the report generator: new enough, and the one the user chose."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from firewall_conformance.reporting import allure_html, node_runtime


def fake_node(folder: Path, version: str, *, with_npm: bool = True) -> Path:
    """A real executable that answers `--version` as a Node.js of that version would."""
    node = folder / "bin" / "node"
    node.parent.mkdir(parents=True)
    node.write_text(f"#!/bin/sh\necho {version}\n")
    node.chmod(node.stat().st_mode | stat.S_IXUSR)
    if with_npm:
        cli = folder / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js"
        cli.parent.mkdir(parents=True)
        cli.write_text("")
    return node


@pytest.mark.parametrize(("version", "usable"), [("v18.20.4", False), ("v20.0.0", True)])
def test_only_node_20_or_newer_is_used(tmp_path, monkeypatch, version, usable):
    node = fake_node(tmp_path, version)
    monkeypatch.setenv(node_runtime.NODE_VARIABLE, str(node))
    assert (node_runtime.find_node() == node) is usable


def test_a_chosen_node_is_never_replaced_by_another(tmp_path, monkeypatch):
    monkeypatch.setenv(node_runtime.NODE_VARIABLE, str(tmp_path / "missing-node"))
    assert node_runtime.candidates() == [tmp_path / "missing-node"]
    assert node_runtime.find_node() is None


def test_npm_is_run_through_the_node_found(tmp_path, monkeypatch, capsys):
    node = fake_node(tmp_path, "v22.20.0")
    monkeypatch.setenv(node_runtime.NODE_VARIABLE, str(node))
    assert node_runtime.main(["--npm"]) == 0
    assert capsys.readouterr().out.split() == [
        str(node),
        str(tmp_path / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js"),
    ]


def test_a_node_without_npm_cannot_install_the_generator(tmp_path, monkeypatch):
    monkeypatch.setenv(
        node_runtime.NODE_VARIABLE, str(fake_node(tmp_path, "v22.1.0", with_npm=False))
    )
    assert node_runtime.main(["--npm"]) == 1


def test_the_generator_is_run_by_the_node_found(tmp_path, monkeypatch):
    node = fake_node(tmp_path, "v22.20.0")
    monkeypatch.setenv(node_runtime.NODE_VARIABLE, str(node))
    monkeypatch.delenv(allure_html.GENERATOR_VARIABLE, raising=False)
    command = allure_html.find_generator()
    if command is None:
        pytest.skip("the Allure generator is not installed in this checkout (`make allure`)")
    assert command[0] == str(node) and command[1].endswith("cli.js")
