"""A run closes its target once done with it, however it ends: an open connection outlives
the run's need of it, and a server stopping waits for its clients' idle connections (the
embedded reference over TLS, a second at every stop)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from firewall_conformance.run import runner
from firewall_conformance.run.errors import HarnessError
from firewall_conformance.run.options import RunOptions
from firewall_conformance.targets.adapter import Adapter


class _Held(Adapter):
    """A target providing nothing, which notes that it was closed."""

    def __init__(self, closed: list[str]) -> None:
        self.closed = closed

    def close(self) -> None:
        self.closed.append("closed")


def _stopped(run: object) -> object:
    raise RuntimeError("the scenarios stopped")


@pytest.mark.parametrize("conduct", [lambda run: "published", _stopped], ids=["done", "stopped"])
def test_a_run_closes_its_target_however_it_ends(tmp_path: Path, monkeypatch, conduct):
    """Before: nothing closed it; its connections stayed open until the process ended."""
    closed: list[str] = []
    monkeypatch.setattr(runner, "_open", lambda profile, opening, options: _Held(closed))
    monkeypatch.setattr(runner, "_conduct", conduct)
    options = RunOptions(reports=tmp_path / "reports", obligations=["FW-02"])
    with contextlib.suppress(HarnessError):  # the stopped run ends in one
        runner.execute(options)
    assert closed == ["closed"]
