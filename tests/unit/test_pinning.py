"""The released suite's hashes ship with the package and must match the tree they ship from."""

from __future__ import annotations

from firewall_conformance import pinning


def test_the_shipped_hashes_match_this_tree():
    """If this fails, the suite changed: run `firewall-conformance suite-hashes --write`
    (and say in the change why the released suite moves)."""
    comparison = pinning.compare()
    assert comparison.matches, comparison.describe()
    assert pinning.load_released()["suite_version"] == pinning.__version__


def test_every_feature_step_module_conftest_and_the_catalogue_are_pinned():
    names = set(pinning.load_released()["files"])
    assert {"conftest.py", "catalogue.yaml"} <= names
    assert any(n.startswith("features/") and n.endswith(".feature") for n in names)
    assert any(n.startswith("steps/") and n.endswith(".py") for n in names)


def test_changed_missing_and_added_files_are_each_named():
    released = pinning.released_document({"a.feature": "1", "b.py": "2", "c.yaml": "3"})
    comparison = pinning.compare({"a.feature": "1", "b.py": "X", "d.py": "4"}, released)
    assert not comparison.matches
    assert comparison.changed == ("b.py",)
    assert comparison.missing == ("c.yaml",)
    assert comparison.added == ("d.py",)
    assert comparison.describe() == "changed: b.py; missing: c.yaml; added: d.py"


def test_the_digest_depends_on_names_and_contents():
    assert pinning.digest({"a": "1"}) != pinning.digest({"b": "1"})
    assert pinning.digest({"a": "1"}) != pinning.digest({"a": "2"})
    assert pinning.digest({"a": "1", "b": "2"}) == pinning.digest({"b": "2", "a": "1"})
