"""A worker process that dies ends the scan with a clear error naming the file, at once: not a
hang, and not a raw pool exception that would leave the command's exit code to chance."""

import os
import time

import pytest

from firewall_conformance.detect.errors import UnreadableExport, WorkerDied
from firewall_conformance.detect.linescan import in_workers


def test_a_worker_that_dies_is_a_clear_error_within_seconds():
    started = time.monotonic()
    with pytest.raises(WorkerDied) as raised:
        # Each job ends its worker process on the spot, as a kill or the out-of-memory killer does.
        list(in_workers(os._exit, (), iter([1, 1, 1, 1]), 2, "people.ndjson"))
    assert time.monotonic() - started < 30
    assert isinstance(raised.value, UnreadableExport)
    assert str(raised.value).startswith("people.ndjson, a worker process: ended abruptly")


def test_workers_that_live_give_every_result_in_order():
    results = list(in_workers(abs, (), iter([-3, -1, -2, -5]), 2, "people.ndjson"))
    assert results == [(-3, 3), (-1, 1), (-2, 2), (-5, 5)]
