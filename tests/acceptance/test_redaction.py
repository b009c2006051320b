"""Evidence carries no credential and no real person's data — in any file, however encoded."""

from __future__ import annotations

from tests.acceptance.artefacts import readable_contents
from tests.acceptance.secret_bearing_run import DISTINCTIVE, SECRET, SecretBearingRun


def test_a_planted_secret_and_a_real_persons_data_reach_no_artefact(
    secret_bearing_run: SecretBearingRun,
):
    result = secret_bearing_run.result
    reports = result.reports
    assert result.code == 0, result.stdout + result.stderr
    summary = result.summary
    assert summary["examined"]["records"] > 0, "the exports holding the resident were scanned"
    assert not any("redaction defect" in note for note in summary["notes"]), summary["notes"]
    needles = [SECRET, *DISTINCTIVE]
    contents = list(readable_contents(reports))
    for name, content in contents:
        for needle in needles:
            assert needle.encode() not in content, f"{needle!r} leaked into {name}"
    # Control: the search reaches the HTTP exchanges inside the single-file report.
    assert (
        any(
            "embedded payload" in name and b'"Authorization": "***"' in content
            for name, content in contents
        )
        or not (reports / "allure-report").exists()
    )
    # Control: the search reads the printed text of summary.pdf, whose bytes are compressed.
    assert any(
        name == "summary.pdf (text)" and b"CONFORMANT" in content for name, content in contents
    )
    assert len(contents) > 20
    assert SECRET not in result.stdout + result.stderr
    assert "Oyelaran" not in result.stdout + result.stderr
