"""The detection matrix through the casebook dialect (issue 14, item 5): every fault switch of
the reference system turns exactly its own obligation BREACH, through the same scenario, when
the harness reaches the records through the casebook's surface and profile alone; and a clean
run is CONFORMANT, with the persons the casebook cannot delete listed as left behind.

The casebook has no search by full name: the details of a victim or witness are typed into each
of its search fields instead (typed_into), so FW-03 is tested whole there too. The same
expectations as the api-v1 matrix (test_detection_matrix.py), each run made by its own test.

A fault's run is narrowed (`--obligation`) to the obligations it must breach: its own, and the
one whose claim over the whole run must catch it too. What the row claims is about those alone:
the fault is seen through the casebook by the scenarios named and by no other scenario of
theirs, and every other obligation is left NOT TESTED, not judged. That every other obligation
stays COMPLIANT under each fault is the api-v1 matrix's proof, on the same reference and the
same scenarios, and that the casebook's surface leaves all of them COMPLIANT is the clean
casebook run's (below); a narrowed run costs about a quarter of a whole one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from firewall_conformance.obligations.catalogue import load_catalogue
from firewall_conformance.reference.faults import FAULTS, obligation_of
from tests.acceptance.conftest import CliRun
from tests.acceptance.test_detection_matrix import (
    BREACHED_BY,
    FAULT_PROFILE,
    SEEN_BY_WHOLE_RUN,
    WHOLE_RUN,
    fault_run,
    matrix_run,
)

pytestmark = pytest.mark.slow

SEARCH = "An immigration officer cannot find a victim or a witness by searching"
MATRIX = "casebook detection matrix"
CASEBOOK = ("--reference-dialect", "casebook")


def _expected(in_scope: list[str], breaches: set[str], others: str = "COMPLIANT") -> dict[str, str]:
    return {o: "BREACH" if o in breaches else others for o in in_scope}


def _not_passed(result: CliRun) -> list[str]:
    return [
        s["name"]
        for o in result.summary["obligations"]
        for s in o["scenarios"]
        if s["outcome"] != "passed"
    ]


@pytest.mark.parametrize("fault", list(FAULTS))
def test_each_fault_breaches_exactly_its_obligation_through_the_casebook(
    fault: str, tmp_path: Path, record_property
):
    """Before: the reference had one surface, so no fault was ever seen through another."""
    also = SEEN_BY_WHOLE_RUN.get(fault)
    breaches = {obligation_of(fault)} | ({also} if also else set())
    narrowed = [arg for o in sorted(breaches) for arg in ("--obligation", o)]
    result = matrix_run(MATRIX, record_property, tmp_path, *CASEBOOK, *fault_run(fault), *narrowed)
    assert result.code == 1, result.stdout + result.stderr
    in_scope = [o.id for o in load_catalogue().in_scope(FAULT_PROFILE.get(fault, "uk"))]
    expected = _expected(in_scope, breaches, others="NOT TESTED")
    assert result.verdicts == expected, result.why_not(expected)
    own = BREACHED_BY[fault]
    scenarios = [own] if isinstance(own, str) else list(own)
    assert sorted(_not_passed(result)) == sorted(scenarios + ([WHOLE_RUN[also]] if also else []))


def test_a_clean_casebook_run_is_conformant_and_lists_leftovers(tmp_path: Path, record_property):
    """Before: FW-03 INCONCLUSIVE, its search-box scenario NOT TESTED for want of a box."""
    result = matrix_run(MATRIX, record_property, tmp_path, *CASEBOOK, "--profile", "uk")
    in_scope = [o.id for o in load_catalogue().in_scope("uk")]
    expected = _expected(in_scope, set())
    assert result.verdicts == expected, result.why_not(expected) + result.stdout + result.stderr
    assert result.code == 0
    fw03 = next(o for o in result.summary["obligations"] if o["id"] == "FW-03")
    search = next(s for s in fw03["scenarios"] if s["name"] == SEARCH)
    assert search["outcome"] == "passed"
    assert any("typed alone into the search by family name" in c["claim"] for c in search["checks"])
    assert _not_passed(result) == []
    personas = result.summary["personas"]
    assert personas["left_in_target"] == personas["planted"] > 0
    notes = " ".join(result.summary["notes"])
    assert "the embedded casebook cannot delete persons" in notes
    assert "the profile declares no request to remove the victim" in notes
