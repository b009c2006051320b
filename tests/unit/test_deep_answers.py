"""An answer nested deeper than Python's JSON reader can follow (a hostile target's "[[[[…]]]]")
is a plain reason, not an unexpected RecursionError, wherever the tool reads JSON from a target:
before, the reader's own exception left a scenario, `check` or `init` with a traceback's words
for a reason."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.recipients.ledger import RESTRICTED_CLASS, Received
from firewall_conformance.targets.openapi_source import OpenApiProblem, read_openapi
from firewall_conformance.targets.operation_probe import probe_request
from tests.unit.local_server import QuietHandler, officer_task_target, serving

# Deeper than the reader follows, and deep but still readable.
TOO_DEEP, DEEP = 200_000, 900


class _Deep(QuietHandler):
    def do_GET(self) -> None:
        depth = int(self.path.rsplit("/", 1)[1])
        self.answer(200, b"[" * depth + b"]" * depth, {"Content-Type": "application/json"})


@pytest.fixture
def deep_url() -> Iterator[str]:
    with serving(_Deep) as url:
        yield url


def test_a_deeply_nested_answer_is_inconclusive_with_a_plain_reason(deep_url: str):
    received: list[Received] = []
    with pytest.raises(Inconclusive, match="JSON nested too deeply to read"):
        officer_task_target(deep_url, received, f"/tasks/{TOO_DEEP}").operate("tasks", "list", {})
    # What the officer was given still reaches the ledger whole, to be judged as it stands.
    assert [r.recipient_class for r in received] == [RESTRICTED_CLASS]


def test_a_deep_answer_the_reader_can_follow_is_read(deep_url: str):
    received: list[Received] = []
    assert (
        officer_task_target(deep_url, received, f"/tasks/{DEEP}")
        .operate("tasks", "list", {})
        .allowed
    )
    assert [r.recipient_class for r in received] == [RESTRICTED_CLASS]


def test_a_deep_answer_to_check_s_probe_is_named_not_raised(deep_url: str):
    target = officer_task_target(deep_url, [], f"/tasks/{TOO_DEEP}")
    spec = {"method": "GET", "path": f"/tasks/{TOO_DEEP}", "account": "immigration_officer"}
    outcome = probe_request(target, "tasks", "capabilities.tasks.list", spec)
    assert outcome.ok is False and outcome.detail == "answered with JSON nested too deeply to read"


def test_a_deep_api_document_is_named_not_raised(tmp_path: Path):
    document = tmp_path / "openapi.json"
    document.write_bytes(b"[" * TOO_DEEP + b"]" * TOO_DEEP)
    with pytest.raises(OpenApiProblem, match="is JSON nested too deeply to read"):
        read_openapi(str(document))
