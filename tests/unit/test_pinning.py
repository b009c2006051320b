"""The released suite's hashes ship with the package and must match the tree they ship from."""

from __future__ import annotations

import os
import subprocess
import sys

from firewall_conformance.scenario_suite import pinning
from tests.installed_copy import edit, installed_copy

COMPARE = (
    "from firewall_conformance.scenario_suite import pinning; print(pinning.compare().describe())"
)


def _installed_comparison(site) -> str:
    """What the copy at `site` says of itself, computed at start from its installed files."""
    completed = subprocess.run(
        [sys.executable, "-c", COMPARE],
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return completed.stdout.strip()


STALE = (
    "The recorded suite hash is stale ({}). It covers every file of the package (code, "
    "catalogue, vocabularies) and of the suite (features, steps, conftest, target profiles), "
    "so it must be re-recorded after ANY change to them: run "
    "`PYTHONPATH=$PWD/src firewall-conformance suite-hashes --write` and commit "
    "src/firewall_conformance/data/released_suite.json with your change."
)


def test_the_shipped_hashes_match_this_tree():
    comparison = pinning.compare()
    assert comparison.matches, STALE.format(comparison.describe())
    assert pinning.load_released()["suite_version"] == pinning.__version__


def test_the_whole_package_and_the_suite_are_pinned_but_not_the_pin_itself():
    names = set(pinning.load_released()["files"])
    assert {"conftest.py", "fixtures/targets/reference.yaml"} <= names
    assert {
        "firewall_conformance/data/catalogue.yaml",
        "firewall_conformance/claims/exports.py",
        "firewall_conformance/model/verdicts.py",
    } <= names
    assert any(n.startswith("firewall_conformance/detect/") for n in names)
    assert any(n.startswith("features/") and n.endswith(".feature") for n in names)
    assert any(n.startswith("steps/") and n.endswith(".py") for n in names)
    assert "firewall_conformance/data/released_suite.json" not in names
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)


def test_changed_missing_and_added_files_are_each_named():
    released = pinning.released_document({"a.feature": "1", "b.py": "2", "c.yaml": "3"})
    comparison = pinning.compare({"a.feature": "1", "b.py": "X", "d.py": "4"}, released)
    assert not comparison.matches
    assert comparison.changed == ("b.py",)
    assert comparison.missing == ("c.yaml",)
    assert comparison.added == ("d.py",)
    assert comparison.describe() == "changed: b.py; missing: c.yaml; added: d.py"


def test_the_suite_hash_depends_on_names_and_contents():
    assert pinning.suite_hash({"a": "1"}) != pinning.suite_hash({"b": "1"})
    assert pinning.suite_hash({"a": "1"}) != pinning.suite_hash({"a": "2"})
    assert pinning.suite_hash({"a": "1", "b": "2"}) == pinning.suite_hash({"b": "2", "a": "1"})


def test_a_long_list_of_differences_is_cut_short():
    released = pinning.released_document({f"f{i:02}.py": "1" for i in range(25)})
    comparison = pinning.compare({f"f{i:02}.py": "2" for i in range(25)}, released)
    assert comparison.describe().endswith("f09.py and 15 more")


def test_an_installed_copy_of_the_released_suite_matches_it(tmp_path):
    assert _installed_comparison(installed_copy(tmp_path)) == "identical"


def test_a_one_line_change_to_a_check_breaks_the_pin(tmp_path):
    site = installed_copy(tmp_path)
    check = site / "firewall_conformance" / "claims" / "exports.py"
    edit(check, "    if leaks:\n        who =", "    if leaks and False:\n        who =")
    assert _installed_comparison(site) == "changed: firewall_conformance/claims/exports.py"


def test_a_module_added_to_the_package_breaks_the_pin(tmp_path):
    site = installed_copy(tmp_path)
    (site / "firewall_conformance" / "detect" / "extra.py").write_text("X = 1\n")
    assert _installed_comparison(site) == "added: firewall_conformance/detect/extra.py"
