"""`run --obligation FW-03` on the clean reference: CONFORMANT for FW-03, exit 0, said on the
first line of every report, and no other obligation counted as kept (issue 16, item 2)."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from tests.acceptance.conftest import cli
from tests.acceptance.summary_schema import assert_valid_summary

HEADLINE = "CONFORMANT for FW-03 only; 22 obligations not in this run's scope"


def test_one_selected_kept_obligation_is_conformant_and_says_its_scope(tmp_path):
    result = cli("run", "--obligation", "FW-03", "--no-html", "--no-pdf", reports=tmp_path)
    assert result.code == 0, result.stdout[-3000:] + result.stderr[-3000:]
    summary = result.summary
    assert summary["verdict"] == "CONFORMANT" and summary["headline"] == HEADLINE
    assert_valid_summary(summary)
    assert len(summary["not_in_scope"]) == 22 and "FW-03" not in summary["not_in_scope"]
    assert {i for i, v in result.verdicts.items() if v == "COMPLIANT"} == {"FW-03"}
    assert all(result.verdicts[i] == "NOT TESTED" for i in summary["not_in_scope"])
    first_lines = {
        "console": result.stdout.strip().splitlines()[0],
        "summary.md": (tmp_path / "summary.md").read_text().splitlines()[0],
        "junit.xml": ET.parse(tmp_path / "junit.xml").getroot().get("name"),
    }
    page = html.unescape((tmp_path / "summary.html").read_text())
    assert "1 obligation in scope: 1 compliant; 22 obligations not in this run's scope." in page
    first_lines["summary.html"] = page.split("<title>")[1].split("</title>")[0]
    for report, line in first_lines.items():
        assert HEADLINE in line, (report, line)
    # Before: the console table gave each of the 22 a NOT TESTED row under the scoped verdict.
    rows = [line for line in result.stdout.splitlines() if line.lstrip().startswith("NOT TESTED")]
    assert rows == []
    assert f"Not in this run's scope, so not tested: {', '.join(summary['not_in_scope'])}." in (
        " ".join(result.stdout.split())
    )
    # Not on a terminal (a CI log): how many scenarios, then one plain line as each ends.
    # Before: one cut-off progress bar line, drawn once at the end.
    scenarios = len({s["name"] for o in summary["obligations"] for s in o["scenarios"]})
    lines = result.stderr.splitlines()
    assert f"Running {scenarios} scenarios in scope." in lines, result.stderr
    ended = [line for line in lines if line.startswith("[")]
    assert ended[0].startswith(f"[1/{scenarios}] passed: ") and len(ended) == scenarios
