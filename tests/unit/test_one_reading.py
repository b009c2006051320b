"""Where one reading of a JSON object is taken as fact — an audit-log entry, an answer a claim
rests on — a key given twice is refused: `{"outcome": "denied", "outcome": "allowed"}` says
"allowed" to one parser and "denied" to another, so it is evidence of neither."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import requests

from firewall_conformance.detect.duplicates import RepeatedKey, one_reading
from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.offline.auditfile import read_audit_log
from firewall_conformance.offline.profile import AuditLogSpec, Period
from firewall_conformance.targets.http import _json_body

ENTRY = '{"seq": 1, "action": "disclosure", "outcome": "denied", "outcome": "allowed"}'
NESTED = '{"seq": 2, "event": {"who": "a", "who": "b"}}'
CLEAN = '{"seq": 3, "action": "search", "outcome": "allowed"}'


def test_one_reading_refuses_a_key_given_twice_at_any_depth():
    for text in (ENTRY, NESTED, f"[{CLEAN}, {NESTED}]"):
        with pytest.raises(RepeatedKey, match="given twice"):
            one_reading(text)
    assert one_reading(CLEAN) == json.loads(CLEAN)


def _spec(tmp_path: Path, fmt: str, text: str) -> AuditLogSpec:
    path = tmp_path / f"audit.{fmt}"
    path.write_text(text, encoding="utf-8")
    fields = {"action": "action", "outcome": "outcome"}
    period = Period(date(2024, 1, 1), date(2024, 12, 31))
    return AuditLogSpec(path, path.name, fmt, period, fields, {}, (), None)


@pytest.mark.parametrize(
    ("fmt", "text"),
    [("ndjson", f"{CLEAN}\n{ENTRY}\n"), ("json", f"[{CLEAN}, {ENTRY}]")],
)
def test_a_bundle_audit_log_entry_giving_a_key_twice_is_unreadable(tmp_path, fmt, text):
    # Before: read as its last value ("allowed"), the first unseen.
    reading = read_audit_log(_spec(tmp_path, fmt, text))
    assert reading.unreadable is not None and "'outcome' is given twice" in reading.unreadable


def test_a_clean_bundle_audit_log_reads_as_before(tmp_path):
    reading = read_audit_log(_spec(tmp_path, "ndjson", f"{CLEAN}\n{CLEAN}\n"))
    assert reading.unreadable is None and len(reading.raw) == 2


def _response(body: str) -> requests.Response:
    response = requests.Response()
    response.status_code, response._content = 200, body.encode()
    response.headers["Content-Type"] = "application/json"
    response.encoding = "utf-8"
    return response


def test_an_answer_a_claim_rests_on_giving_a_key_twice_is_inconclusive():
    # Before: read as its last value.
    with pytest.raises(Inconclusive, match="ambiguous: the key 'outcome' is given twice"):
        _json_body("read the audit log", _response(f'{{"items": [{ENTRY}]}}'))
    assert _json_body("read the audit log", _response(CLEAN)) == json.loads(CLEAN)
