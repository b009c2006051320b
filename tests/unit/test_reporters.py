import xml.etree.ElementTree as ET

from firewall_conformance.model.results import (
    Claim,
    Examined,
    RunResult,
    ScenarioOutcome,
    ScenarioResult,
)
from firewall_conformance.model.verdicts import obligation_result, run_verdict
from firewall_conformance.obligations.catalogue import load_catalogue
from firewall_conformance.reporting import junit, summary_md


def _result(said: str = "reason | ") -> RunResult:
    catalogue = load_catalogue()
    outcomes = {
        "FW-01": ScenarioOutcome.BREACH,
        "FW-02": ScenarioOutcome.INCONCLUSIVE,
        "FW-03": ScenarioOutcome.NOT_TESTED,
        "FW-04": ScenarioOutcome.PASSED,
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
                    f"{said}{o.id}",
                    [Claim("c", {"records": 1})],
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


# A target's words as a reason may quote them: HTML, a link, a cursor move rewriting the line
# above as CONFORMANT, a right-to-left override.
TARGET_SAID = (
    "<script>alert(1)</script> [verify here](https://evil.invalid) \x1b[1A\x1b[2KCONFORMANT\u202e "
)


def test_summary_md_shows_a_targets_words_as_written_not_as_markup_or_terminal_codes():
    # Before: summary.md carried them as they came, so a Markdown viewer ran the HTML and the
    # link, and `cat summary.md` obeyed the escape sequence.
    text = summary_md.render(_result(TARGET_SAID))
    assert "<script>" not in text and "\\<script\\>" in text
    assert "[verify here](" not in text
    assert "\x1b" not in text and "\u202e" not in text
    assert "\\x1b\\[1A" in text


def test_junit_stays_readable_xml_whatever_characters_a_target_put_in_a_reason():
    # Before: a control character, a lone surrogate or U+FFFE in a reason went into junit.xml
    # as it came, and XML allows none of them: CI could not read the file at all.
    root = ET.fromstring(junit.render(_result("answered \x1b[2K\x00 \ufffe \udc80 ")))
    failure = root.find("testsuite[@name='scenarios']/testcase/failure")
    assert failure is not None and failure.text is not None
    assert "answered \\x1b[2K\\x00 \\ufffe \\udc80 FW-01" in failure.text


UNSEEN = [
    "POST /api/cases (it would write to the system, so it is not probed)",
    "GET /api/files/{file_id} (it needs a file id | the run cannot fill)",
]


def _partly_examined() -> RunResult:
    """The run above, with FW-04's passing check naming what it could not examine."""
    result = _result()
    [kept] = [o for o in result.obligations if o.obligation.id == "FW-04"]
    kept.scenarios[0].checks[0].not_examined = list(UNSEEN)
    return result


def test_summary_md_lists_what_was_not_examined_under_its_obligation():
    text = summary_md.render(_partly_examined())
    [row] = [line for line in text.splitlines() if line.startswith("| FW-04")]
    assert "Not examined: 2 items, listed below." in row
    section = text[text.index("## Not examined, and why") :]
    assert section.index("- FW-04") < section.index("  - POST /api/cases (it would write")
    assert "it needs a file id \\| the run cannot fill" in section
    assert "## Not examined" not in summary_md.render(_result())


def test_summary_json_adds_what_was_not_examined_and_keeps_its_fields():
    document = _partly_examined().to_json()
    by_id = {o["id"]: o for o in document["obligations"]}
    assert by_id["FW-04"]["not_examined"] == UNSEEN
    assert by_id["FW-04"]["verdict"] == "COMPLIANT"
    assert by_id["FW-04"]["scenarios"][0]["checks"][0]["not_examined"] == UNSEEN
    assert by_id["FW-01"]["not_examined"] == []
    assert {"id", "verdict", "reason", "basis", "scenarios"} <= by_id["FW-04"].keys()
    assert by_id["FW-04"]["scenarios"][0]["checks"][0]["claim"] == "c"


def test_junit_names_what_was_not_examined_as_properties():
    root = ET.fromstring(junit.render(_partly_examined()))
    for suite in root.findall("testsuite"):  # the obligation, then its scenario
        [case] = [c for c in suite if "FW-04" in c.attrib["name"]]
        named = case.findall("properties/property[@name='not examined']")
        assert [p.attrib["value"] for p in named] == UNSEEN
