"""Multi-step requests (targets/request_steps.py): what each step inherits, what a later step
needs, and which step would write, so `check` never probes a multi-step write."""

from __future__ import annotations

from firewall_conformance.targets.operation_probe import probe_request
from firewall_conformance.targets.request_steps import (
    first_write,
    needed_after,
    requests_of,
    used_by,
)

TWO_STEPS = {
    "account": "investigator",
    "refused_status": [403, 409],
    "bound_for": "prosecution",
    "steps": [
        {"method": "GET", "path": "/cases/{case_id}", "returns": {"ref": "reference"}},
        {"method": "POST", "path": "/files", "account": "auditor", "body": {"r": "{ref}"}},
    ],
}


def test_each_step_inherits_what_the_operation_says_but_its_own_wins_and_bound_for_is_its_own():
    first, second = requests_of(TWO_STEPS)
    assert (first["account"], first["refused_status"]) == ("investigator", [403, 409])
    assert second["account"] == "auditor"
    assert "bound_for" not in first and "bound_for" not in second


def test_what_later_steps_need_and_what_a_step_uses():
    steps = requests_of(TWO_STEPS)
    assert needed_after(steps, 1) == {"ref"}
    assert needed_after(steps, 2) == set()
    assert used_by(steps[0], {"case_id": "C-1", "recipient": "hoie"}) == {"case_id": "C-1"}


def test_a_multi_step_write_is_not_probed_and_the_step_is_named():
    assert first_write(TWO_STEPS) == (2, "POST")
    outcome = probe_request(None, "tasks", "capabilities.tasks.list", TWO_STEPS)  # type: ignore[arg-type]
    assert outcome.ok is None and "step 2 would write" in outcome.detail
