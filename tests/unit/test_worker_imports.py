"""A scan's worker processes import only what scanning needs: each is spawned afresh, and
openpyxl and jsonschema took longer to import than a worker takes to survey a chunk. Neither
is imported until a workbook is read or a document validated."""

import subprocess
import sys

WORKER_MODULES = "firewall_conformance.detect.one_pass, firewall_conformance.detect.matcher"


def _imported(modules: str, then: str = "") -> set[str]:
    probe = f"import sys, {modules}\n{then}\nprint(' '.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_a_worker_imports_neither_the_workbook_reader_nor_the_schema_validator():
    imported = _imported(WORKER_MODULES)
    assert "firewall_conformance.detect.linescan" in imported
    assert not {"openpyxl", "jsonschema"} & imported


def test_they_are_imported_when_needed():
    assert "openpyxl" in _imported("firewall_conformance.detect.workbooks")
    refused = "try:\n    d.validate([], 'personas', 'p')\nexcept d.InvalidDocument:\n    pass"
    assert "jsonschema" in _imported("firewall_conformance.inputs.documents as d", refused)
