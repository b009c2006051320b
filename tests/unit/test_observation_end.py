"""The end of a run's observations (session.py, feeds.py): the whole-run claims wait out the
outbound recorders' window before they judge what arrived; once no claim is left to judge
(the deadline stopped them, or they were not run), the run does not wait for more."""

from __future__ import annotations

import time
from pathlib import Path
from typing import cast

from firewall_conformance.obligations.catalogue import load_catalogue
from firewall_conformance.recipients.feeds import WindowWait
from firewall_conformance.run.pytest_hooks import RunSession
from firewall_conformance.targets.base import SeededCase, Target


class _Target:
    def capabilities(self) -> frozenset[str]:
        return frozenset({"outbound"})

    def remove_case_once(self, seeded: SeededCase) -> list[str]:
        return []


def _session(tmp_path: Path) -> RunSession:
    return RunSession(load_catalogue(), "uk", cast(Target, _Target()), tmp_path)


def test_the_claims_over_the_whole_run_wait_out_the_window_before_judging(tmp_path: Path):
    session, ended = _session(tmp_path), list[str]()
    session.at_end(lambda: ended.append("recorders stopped"))
    session.at_end(WindowWait(time.monotonic() + 0.5))
    started = time.monotonic()
    session.end_observations()
    assert time.monotonic() - started >= 0.5
    assert ended == ["recorders stopped"]


def test_with_no_claim_left_to_judge_the_run_ends_without_waiting_out_the_window(tmp_path: Path):
    """Before: a run the deadline cut short waited out the rest of a 10-second window at its
    end, for pushes nothing would judge."""
    session, ended = _session(tmp_path), list[str]()
    session.at_end(lambda: ended.append("recorders stopped"))
    session.at_end(WindowWait(time.monotonic() + 30))
    started = time.monotonic()
    session.pytest_sessionfinish()
    assert time.monotonic() - started < 5
    assert ended == ["recorders stopped"]
