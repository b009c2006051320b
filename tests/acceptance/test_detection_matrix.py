"""The detection matrix (issue 4): every fault switch of the reference system turns exactly its
own obligation BREACH, through the one scenario that covers its channel (and, where it leaks to
immigration enforcement, the run's claim over everything that reached it), and the clean
reference is CONFORMANT under every jurisdiction profile.

Each run is a real command-line run against its own embedded reference, made by the one test
that reads it: pytest-xdist spreads the runs over its workers (`make test`), one fault's test
runs alone, and the seconds of the matrix's runs are printed in pytest's terminal summary, so CI
logs show them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from firewall_conformance.obligations.catalogue import load_catalogue
from firewall_conformance.obligations.jurisdictions import load_jurisdictions
from firewall_conformance.reference.faults import FAULTS, obligation_of
from firewall_conformance.reporting.wording import BASIS_MEANING
from tests.acceptance.conftest import CliRun, cli, timed

pytestmark = pytest.mark.slow

PROFILES = list(load_jurisdictions())
# The scenario (or, for an outline, the scenarios) each fault must break: the channel it leaks
# through, not just the obligation.
BREACHED_BY = {
    "FW-01": "Bulk exports to immigration enforcement leave out victims and witnesses",
    "FW-01/outbound": "Outbound feeds to immigration enforcement carry nothing about victims or witnesses",
    "FW-02": "A status check on a victim or a witness is refused, whatever purpose is given",
    "FW-03": "An immigration officer cannot open a victim's or a witness's record directly",
    "FW-03/existence": "An immigration officer cannot find a victim or a witness by searching",
    "FW-03/opening": "An immigration officer cannot open a victim's or a witness's record directly",
    "FW-04": (
        "Every disclosure, by any channel, is logged with who, when, to whom, why and on what basis",
        "Everything the run did that must be logged is in the audit log exactly once",
    ),
    "FW-05": "A person record is looked up only with a reason, and the log shows who, when and why",
    "FW-06": "The file of a case carries nothing from another case in which the suspect is a victim",
    "FW-07": (
        "What a victim said as a victim stays protected after they become a suspect",
        "What a witness said as a witness stays protected after they become a suspect",
    ),
    "FW-08": "An export for immigration control is refused when it would hold a victim or a witness",
    "FW-09": "Exports carry status-revealing details only where they are approved for the recipient",
    "FW-10": "Free text sent to a partner agency is cleared of victims' and witnesses' identities and status remarks",
    "FW-11": 'A recipient that has not certified "no immigration use, no onward disclosure" receives no bulk export',
    "FW-12": "A new recipient receives nothing until it has been classified and approved",
    "FW-13": "An exceptional disclosure to immigration enforcement needs a basis on record for that person",
    "FW-14": "A lawful disclosure carries exactly the details approved for its recipient",
    "FW-15": "A victim's subject access response names immigration enforcement after a disclosure to it",
    "FW-15/notice": "A victim's subject access response names immigration enforcement after a disclosure to it",
    "FW-16": "A victim or witness of another nationality raises no task or notice for immigration enforcement",
    "FW-17": "An e-mail quoting a case reference is recorded as a disclosure, whoever receives it",
    "FW-18": "Elimination fingerprints of a victim or a witness are never sent for an immigration check",
    "FW-18/dual-arrest": "A domestic-abuse victim arrested on a counter-allegation is not checked without review",
    "FW-19": "Safeguarding and modern-slavery referrals are marked not for immigration use and carry no status",
    "FW-20": "A victim with unknown status and no identity document can report a crime and get support",
    "FW-21": "Published statistics match the audit log and give no small count away, even across releases",
    "FW-22": "Victims and witnesses of a case closed longer ago than the retention period are erased, and each erasure is logged",
    "FW-23": "A domestic-abuse victim whose status is unknown is signposted to advice, never referred",
}
# Faults whose leak puts a victim or witness in front of immigration enforcement, or leaves
# them in free text a partner may use onward: the run's claims over everything received
# (@whole-run) must catch them too, whichever channel the fault's own scenario watches. A fault
# that leaves something the harness did out of the audit log is caught by its books as well.
WHOLE_RUN = {
    "FW-01": "Nothing that reached immigration enforcement during the run identifies a victim or a witness",
    "FW-04": "Everything the run did that must be logged is in the audit log exactly once",
    "FW-10": "Nothing a partner free to use it onward received during the run names a victim or a witness or remarks on status",
}
SEEN_BY_WHOLE_RUN = {
    "FW-01": "FW-01",
    "FW-01/outbound": "FW-01",
    "FW-03": "FW-01",
    "FW-13": "FW-01",
    "FW-10": "FW-10",
    # The mail to immigration enforcement's contact line goes out with no disclosure logged.
    "FW-17": "FW-04",
}
# Faults that only show under one jurisdiction profile; every other fault runs under uk.
FAULT_PROFILE = {"FW-15/notice": "us-ny"}
MATRIX = "detection matrix"


def fault_run(fault: str) -> tuple[str, ...]:
    """The arguments of a fault's run: its switch, under the profile it shows under."""
    return ("--reference-fault", fault, "--profile", FAULT_PROFILE.get(fault, "uk"))


def matrix_run(matrix: str, record_property, reports: Path, *args: str) -> CliRun:
    """One whole run of a matrix without the Allure HTML or summary.pdf, which no matrix test
    reads (test_summary_pdf.py and the signed clean run prove those), its seconds noted for
    the summary."""
    return timed(
        matrix,
        record_property,
        lambda: cli("run", "--no-html", "--no-pdf", *args, reports=reports),
    )


def test_every_fault_is_in_the_matrix_with_the_scenario_it_breaks():
    assert set(BREACHED_BY) == set(FAULTS)


@pytest.mark.parametrize("fault", list(FAULTS))
def test_each_fault_breaches_exactly_its_obligation(fault: str, tmp_path: Path, record_property):
    result = matrix_run(MATRIX, record_property, tmp_path, *fault_run(fault))
    assert result.code == 1, result.stdout + result.stderr
    in_scope = [o.id for o in load_catalogue().in_scope(FAULT_PROFILE.get(fault, "uk"))]
    also = SEEN_BY_WHOLE_RUN.get(fault)
    breaches = {obligation_of(fault)} | ({also} if also else set())
    expected = {o: ("BREACH" if o in breaches else "COMPLIANT") for o in in_scope}
    assert result.verdicts == expected, result.why_not(expected)
    breached = [
        s["name"]
        for o in result.summary["obligations"]
        for s in o["scenarios"]
        if s["outcome"] != "passed"
    ]
    own = BREACHED_BY[fault]
    scenarios = [own] if isinstance(own, str) else list(own)
    assert sorted(breached) == sorted(scenarios + ([WHOLE_RUN[also]] if also else []))


@pytest.mark.parametrize("profile", PROFILES)
def test_clean_reference_is_conformant_under_every_profile(
    profile: str, tmp_path: Path, record_property
):
    result = matrix_run(MATRIX, record_property, tmp_path, "--profile", profile)
    assert result.code == 0, result.stdout + result.stderr
    in_scope = [o.id for o in load_catalogue().in_scope(profile)]
    expected = dict.fromkeys(in_scope, "COMPLIANT")
    assert result.verdicts == expected, result.why_not(expected)
    assert result.summary["jurisdiction"] == profile
    assert f"Jurisdiction profile: {profile}" in result.stdout
    place = result.summary["jurisdiction_profile"]
    shown = " ".join(result.stdout.split())
    assert place["id"] == profile and place["restricted_recipient"] in shown
    catalogue = load_catalogue()
    assert all(f"({BASIS_MEANING[catalogue[o].basis_for(profile)]})" in shown for o in in_scope)
    assert not (result.reports / "allure-report").exists()  # --no-html, and the notes say so
    assert any("--no-html" in note for note in result.summary["notes"])
    assert not (result.reports / "summary.pdf").exists()  # --no-pdf, and the notes say so
    assert any("--no-pdf" in note for note in result.summary["notes"])
