"""The audit log held to every earlier read of it (audit/history.py, claims/audit.py)."""

from __future__ import annotations

import pytest

from firewall_conformance.audit.history import AuditHistory
from firewall_conformance.claims.audit import log_only_grew
from firewall_conformance.model.outcomes import Breach, Inconclusive


def _log(count: int, start: int = 1) -> list[dict[str, object]]:
    return [
        {"seq": n, "action": "disclosure", "hash": f"h{n}"} for n in range(start, start + count)
    ]


def _history(*reads: list[dict[str, object]]) -> AuditHistory:
    history = AuditHistory(sequence_field="seq")
    for number, read in enumerate(reads, start=1):
        history.observe(read, f"at step {number}")
    return history


def test_a_log_that_only_grew_is_kept():
    check = log_only_grew(_history(_log(3), _log(5), _log(6)))
    assert check.examined == {"log reads": 3, "log entries": 6}


def test_an_entry_that_vanished_between_reads_is_a_breach():
    later = _log(5)
    del later[1]
    with pytest.raises(Breach, match="1 entry seen on an earlier read had vanished"):
        log_only_grew(_history(_log(4), later))


def test_an_entry_changed_between_reads_is_a_breach():
    later = _log(5)
    later[2] = {**later[2], "action": "search"}
    with pytest.raises(Breach, match=r"differed from an earlier read at 1 position\(s\) \(3\)"):
        log_only_grew(_history(_log(4), later))


def test_a_renumbered_log_is_a_breach():
    with pytest.raises(Breach, match="differed"):
        log_only_grew(_history(_log(4), _log(6, start=11)))


def test_a_skipped_sequence_number_is_a_breach():
    gapped = _log(2) + _log(3, start=4)
    with pytest.raises(Breach, match=r"skips sequence numbers \(2 to 4\)"):
        log_only_grew(_history(gapped, [*gapped, *_log(1, start=7)]))


def test_one_read_or_a_log_that_never_grew_proves_nothing():
    with pytest.raises(Inconclusive, match="fewer than twice"):
        log_only_grew(_history(_log(3)))
    with pytest.raises(Inconclusive, match="did not grow"):
        log_only_grew(_history(_log(3), _log(3)))


def test_an_entry_handed_on_again_is_written_out_once_and_a_fresh_copy_is_compared(monkeypatch):
    """A read that hands on the entry objects of the read before (the pages an incremental
    read keeps) is not written out again; a fresh object, as a whole read gives, is, so a
    change in it is still seen."""
    from firewall_conformance.audit import history as module

    written: list[object] = []
    canonical = module._canonical
    monkeypatch.setattr(module, "_canonical", lambda e: written.append(e) or canonical(e))
    first = _log(3)
    history = _history(first, [*first, *_log(1, start=4)])
    assert len(written) == 4
    changed = [dict(e) for e in first]
    changed[0]["action"] = "search"
    history.observe(changed, "at the end")
    with pytest.raises(Breach, match=r"at 1 position\(s\) \(1\)"):
        log_only_grew(history)
