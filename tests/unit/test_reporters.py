import xml.etree.ElementTree as ET

from firewall_conformance.catalogue import load_catalogue
from firewall_conformance.reporting import junit, summary_md
from firewall_conformance.results import Check, Examined, Outcome, RunResult, ScenarioResult
from firewall_conformance.verdicts import obligation_result, run_verdict


def _result() -> RunResult:
    catalogue = load_catalogue()
    outcomes = {
        "FW-01": Outcome.BREACH,
        "FW-02": Outcome.INCONCLUSIVE,
        "FW-03": Outcome.NOT_TESTED,
        "FW-04": Outcome.PASSED,
    }
    obligations = [
        obligation_result(
            o,
            "uk",
            [
                ScenarioResult(
                    f"scenario {o.id}",
                    "f",
                    (o.id,),
                    outcomes[o.id],
                    f"reason | {o.id}",
                    [Check("c", {"records": 1})],
                )
            ],
            "",
        )
        for o in catalogue.obligations
        if o.id in outcomes
    ]
    verdict, reason = run_verdict(obligations)
    return RunResult(
        "run",
        "0",
        "t0",
        "t1",
        {"name": "T", "base_url": "http://x"},
        "uk",
        verdict,
        reason,
        obligations,
        Examined({"records": 4}),
        {"planted": 3, "removed": 3},
    )


def test_junit_maps_breach_to_failure_inconclusive_to_error_not_tested_to_skipped():
    root = ET.fromstring(junit.render(_result()))
    obligations = root.find("testsuite[@name='obligations']")
    assert {k: obligations.attrib[k] for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "4",
        "failures": "1",
        "errors": "1",
        "skipped": "1",
    }
    states = {
        c.attrib["name"][:5]: [child.tag for child in c if child.tag != "properties"]
        for c in obligations
    }
    assert states == {"FW-01": ["failure"], "FW-02": ["error"], "FW-03": ["skipped"], "FW-04": []}
    bases = {
        c.attrib["name"][:5]: c.find("properties/property[@name='basis']") for c in obligations
    }
    assert all(b is not None and b.attrib["value"] for b in bases.values())
    assert len(root.find("testsuite[@name='scenarios']")) == 4


def test_summary_md_leads_with_the_verdict_and_escapes_table_cells():
    text = summary_md.render(_result())
    assert text.startswith("# Firewall conformance: BREACH")
    assert "reason \\| FW-01" in text
    assert "## Not tested" in text
    assert "https://www.legislation.gov.uk/ukpga/2018/12/section/62" in text
