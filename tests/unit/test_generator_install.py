"""Installing the report generator: nothing counts as installed until npm has finished, and an
install from another lock file is not taken for this one."""

from __future__ import annotations

import pytest

from firewall_conformance.reporting import generator_install
from firewall_conformance.reporting.generator_install import InstallError
from tests.unit.test_node_runtime import fake_node


def test_an_npm_that_installs_nothing_leaves_nothing_marked_installed(tmp_path, monkeypatch):
    """The fake Node.js runs `npm ci` and exits 0 without installing anything."""
    monkeypatch.setenv("FWC_NODE", str(fake_node(tmp_path / "node", "v22.20.0")))
    folder = tmp_path / "allure"
    with pytest.raises(InstallError, match="npm could not install the generator") as raised:
        generator_install.install(folder)
    assert "nothing was marked installed" in str(raised.value)
    assert (folder / "package-lock.json").read_bytes() == (
        generator_install.lock_folder() / "package-lock.json"
    ).read_bytes()
    assert not (folder / "node_modules" / generator_install.STAMP).exists()
    assert not generator_install.is_installed(folder)


def test_a_stamp_from_another_lock_file_or_an_empty_one_is_not_installed(tmp_path):
    folder = tmp_path / "allure"
    script = generator_install.generator_script(folder)
    script.parent.mkdir(parents=True)
    script.write_text("")
    stamp = folder / "node_modules" / generator_install.STAMP
    for written in ("", "0" * 64):
        stamp.write_text(written)
        assert not generator_install.is_installed(folder)


def test_the_pinned_version_is_read_from_the_shipped_lock_file():
    assert generator_install.pinned_version() == "3.18.0"
