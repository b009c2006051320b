"""A log read many times in a run is asked again only from the last page an earlier read
ended on (targets/http.py `audit_log`): before, every read walked it from its first page, so a
run's reads cost the square of its length. What an incremental read does not ask again is
held to the next whole read: an earlier entry changed or removed is still a breach."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from firewall_conformance.audit.history import AuditHistory
from firewall_conformance.claims.audit import log_only_grew
from firewall_conformance.model.outcomes import Breach
from firewall_conformance.run.runner import _credentials
from firewall_conformance.scenario_suite.files import reference_profile
from firewall_conformance.targets.http import HttpTarget
from firewall_conformance.targets.profile import load_profile

PER_PAGE = 2


class _Log:
    """The served log and every `after` cursor the harness asked for."""

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []
        self.asked: list[int] = []

    def grow(self, count: int) -> None:
        for _ in range(count):
            seq = len(self.entries) + 1
            self.entries.append({"seq": seq, "action": "person.search", "outcome": "allowed"})


def _handler(log: _Log) -> type[BaseHTTPRequestHandler]:
    class Paged(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            after = int(parse_qs(urlsplit(self.path).query)["after"][0])
            log.asked.append(after)
            later = [e for e in log.entries if e["seq"] > after]
            items = later[:PER_PAGE]
            more = len(later) > PER_PAGE
            body = json.dumps({"items": items, "next_after": items[-1]["seq"] if more else None})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args: object) -> None:
            pass

    return Paged


@pytest.fixture
def log_and_url() -> Iterator[tuple[_Log, str]]:
    log = _Log()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(log))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield log, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _target(url: str, history: AuditHistory) -> HttpTarget:
    profile = load_profile(reference_profile()).with_base_url(url)
    tokens = {"FWC_TOKEN_OFFICER": "a", "FWC_TOKEN_IE_OFFICER": "b", "FWC_TOKEN_AUDITOR": "c"}
    history.sequence_field = "seq"
    return HttpTarget(
        profile,
        _credentials(profile, tokens),
        on_audit_read=lambda raw, _: history.observe(raw, f"read {history.reads + 1}"),
    )


def _seqs(target: HttpTarget, whole: bool = False) -> list[int]:
    return [entry.get("sequence") for entry in target.audit_log(whole=whole)]


def test_a_later_read_asks_only_from_the_page_the_last_read_ended_on(log_and_url):
    log, url = log_and_url
    target = _target(url, AuditHistory())
    log.grow(5)
    assert _seqs(target) == [1, 2, 3, 4, 5]
    assert log.asked == [0, 2, 4]
    log.asked.clear()
    log.grow(2)
    assert _seqs(target) == [1, 2, 3, 4, 5, 6, 7]
    assert log.asked == [4, 6]


def test_a_whole_read_asks_from_the_first_page_again(log_and_url):
    log, url = log_and_url
    target = _target(url, AuditHistory())
    log.grow(5)
    _seqs(target)
    log.asked.clear()
    assert _seqs(target, whole=True) == [1, 2, 3, 4, 5]
    assert log.asked == [0, 2, 4]


def _changed_between_reads(
    log_and_url: tuple[_Log, str], change: Callable[[list[dict[str, Any]]], None]
) -> tuple[HttpTarget, AuditHistory]:
    """Five entries read, `change` made to them, one more entry, and the log read again."""
    log, url = log_and_url
    history = AuditHistory()
    target = _target(url, history)
    log.grow(5)
    _seqs(target)
    change(log.entries)
    log.grow(1)
    _seqs(target)
    return target, history


def test_an_earlier_entry_changed_is_a_breach_at_the_next_whole_read(log_and_url):
    target, history = _changed_between_reads(
        log_and_url, lambda entries: entries[0].update(outcome="refused")
    )
    assert history.problems == []  # the first page was not asked again
    _seqs(target, whole=True)
    with pytest.raises(Breach, match=r"differed from an earlier read at 1 position\(s\) \(1\)"):
        log_only_grew(history)


def test_an_earlier_entry_removed_is_a_breach_at_the_next_whole_read(log_and_url):
    target, history = _changed_between_reads(log_and_url, lambda entries: entries.pop(1))
    _seqs(target, whole=True)
    with pytest.raises(Breach, match="1 entry seen on an earlier read had vanished"):
        log_only_grew(history)


def test_an_entry_of_the_page_asked_again_changed_is_a_breach_at_once(log_and_url):
    _, history = _changed_between_reads(
        log_and_url, lambda entries: entries[4].update(outcome="refused")
    )
    with pytest.raises(Breach, match=r"at 1 position\(s\) \(5\)"):
        log_only_grew(history)
