from pathlib import Path

import pytest
import yaml

from firewall_conformance.inputs.documents import InvalidDocument
from firewall_conformance.obligations.catalogue import default_catalogue_path, load_catalogue
from firewall_conformance.targets.base import CAPABILITIES


def test_packaged_catalogue_loads_its_obligations_in_order():
    catalogue = load_catalogue()
    ids = [o.id for o in catalogue.obligations]
    assert ids == sorted(ids) and ids[0] == "FW-01"
    assert all(o.sources and o.sources[0].url.startswith("https://") for o in catalogue.obligations)


def test_every_capability_the_catalogue_names_is_one_a_target_can_declare():
    named = {c for o in load_catalogue().obligations for c in o.capabilities}
    assert named <= set(CAPABILITIES), sorted(named - set(CAPABILITIES))


def test_basis_depends_on_jurisdiction():
    fw01 = load_catalogue()["FW-01"]
    assert fw01.basis_for("uk") == "proposal"
    assert fw01.basis_for("us-ca") == "law"


def test_in_scope_filters_by_profile():
    catalogue = load_catalogue()
    ids = [o.id for o in catalogue.in_scope("us-ny")]
    assert ids[0] == "FW-01" and "FW-02" not in ids  # FW-02 is uk and us-ca only
    assert ids == [o.id for o in catalogue.obligations if "us-ny" in o.profiles]


def _write(tmp_path: Path, document: dict) -> Path:
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def test_bad_severity_is_reported_with_its_key_path(tmp_path):
    document = yaml.safe_load(default_catalogue_path().read_text())
    document["obligations"][1]["severity"] = "catastrophic"
    with pytest.raises(InvalidDocument) as caught:
        load_catalogue(_write(tmp_path, document))
    assert "obligations[1].severity" in str(caught.value)
    assert "expected one of 'blocker'" in str(caught.value)
    assert "catastrophic" not in str(caught.value)  # the key and the expectation, not the value


def test_duplicate_ids_are_rejected(tmp_path):
    document = yaml.safe_load(default_catalogue_path().read_text())
    document["obligations"][2]["id"] = "FW-01"
    with pytest.raises(InvalidDocument, match="declared twice: FW-01"):
        load_catalogue(_write(tmp_path, document))


def test_yaml_syntax_error_names_line(tmp_path):
    path = tmp_path / "catalogue.yaml"
    path.write_text("catalogue_version: 1\nobligations: [\n  - id: FW-01\n", encoding="utf-8")
    with pytest.raises(InvalidDocument, match=r"line \d+, column \d+"):
        load_catalogue(path)
