"""Each summary of a run is written once, from the run's final result: notes found while
publishing (no HTML report, no PDF, a masked credential) are gathered before anything is
written, not added to files already on disk (issue 17)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from firewall_conformance.run.runner import RunOptions, execute

SUMMARIES = {"summary.json", "summary.md", "summary.html", "junit.xml"}


@pytest.fixture
def writes(monkeypatch) -> Counter:
    """Every file written through pathlib, counted by name."""
    counted: Counter = Counter()
    for method in ("write_text", "write_bytes"):
        real = getattr(Path, method)

        def counting(self, *args, _real=real, **kwargs):
            counted[self.name] += 1
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(Path, method, counting)
    return counted


def test_each_summary_is_written_once_even_when_publishing_adds_a_note(
    tmp_path, writes, monkeypatch
):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # no PDF: a note found while publishing
    reports = tmp_path / "reports"
    result = execute(RunOptions(reports=reports, obligations=["FW-02"], html=False))
    assert {name: writes[name] for name in SUMMARIES} == dict.fromkeys(SUMMARIES, 1)
    written = json.loads((reports / "summary.json").read_text(encoding="utf-8"))
    assert written["notes"] == list(result.notes)
    assert any("No summary.pdf was written" in note for note in result.notes)
    assert any("--no-html" in note for note in result.notes)
