"""The pytest inside a run loads only the plugins its suite is written for (pytest-bdd and
Allure's), never whatever other pytest plugin happens to be installed beside the harness: such
a plugin could change how scenarios run or are reported, and importing every one (schemathesis
and Hypothesis in a development install) cost about a second of every run."""

from __future__ import annotations

import os
from pathlib import Path

from tests.acceptance.conftest import cli

FOREIGN_PLUGIN = """
import os

def pytest_configure(config):
    open(os.environ["FOREIGN_PLUGIN_MARK"], "w").close()
"""


def _install_foreign_plugin(site: Path) -> None:
    """Lay down, as pip would, a distribution registering a pytest plugin (`pytest11`)."""
    (site / "foreign_plugin.py").write_text(FOREIGN_PLUGIN, encoding="utf-8")
    info = site / "foreign_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: foreign-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[pytest11]\nforeign = foreign_plugin\n")


def test_a_run_does_not_load_other_installed_pytest_plugins(tmp_path: Path):
    """Before: the plugin was loaded inside the run (its mark was written)."""
    site = tmp_path / "site"
    site.mkdir()
    _install_foreign_plugin(site)
    mark = tmp_path / "foreign-plugin-was-loaded"
    path = os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))
    result = cli(
        "run", "--obligation", "FW-02", "--reference-fault", "FW-02", "--no-html", "--no-pdf",
        reports=tmp_path / "r", env={"PYTHONPATH": path, "FOREIGN_PLUGIN_MARK": str(mark)},
    )  # fmt: skip
    assert result.code == 1, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.verdicts["FW-02"] == "BREACH"
    assert not mark.exists()
