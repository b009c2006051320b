"""FW-21 on the reference RMS over a real socket: releases are computed from the audit log,
suppress small counts, give none away through the totals, and publish complete months only."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from firewall_conformance.claims.statistics import parse_release, period, residual_leaks
from firewall_conformance.reference.server import ReferenceServer
from firewall_conformance.reference.statistics import (
    HISTORY_DISCLOSED,
    HISTORY_REFUSED,
    THRESHOLD,
    _secondary,
)
from tests.answered import answered

TIMEOUT = 10


def publish(server: ReferenceServer, first: str, last: str, user: str = "officer"):
    return requests.post(
        server.base_url + "/api/v1/statistics/releases",
        json={"period_from": first, "period_to": last},
        headers={"Authorization": f"Bearer {server.tokens[user]}"},
        timeout=TIMEOUT,
    )


def audit(server: ReferenceServer) -> list[dict[str, Any]]:
    entries, after = [], 0
    while after is not None:
        page = requests.get(
            server.base_url + "/api/v1/audit",
            params={"after": after, "limit": 500},
            headers={"Authorization": f"Bearer {server.tokens['auditor']}"},
            timeout=TIMEOUT,
        ).json()
        entries += page["items"]
        after = page["next_after"]
    return entries


def as_release(body: dict[str, Any]):
    returned = {k: body[k] for k in ("cells", "totals", "threshold")}
    return parse_release(answered("statistics", "publish", body=body, **returned))


@pytest.fixture(scope="module")
def clean():
    with ReferenceServer() as server:
        yield server


def test_a_release_of_the_last_year_matches_the_audit_log(clean) -> None:
    first, last = period(datetime.now(UTC).date())
    response = publish(clean, first, last)
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["period_from"], body["period_to"], body["threshold"]) == (first, last, THRESHOLD)
    logged = Counter(
        (e["at"][:7], "refused" if e["outcome"] == "refused" else "disclosed")
        for e in audit(clean)
        if e["action"] == "disclosure" and e["recipient_class"] == "immigration-enforcement"
    )
    for cell in body["cells"]:
        count = logged[(cell["month"], cell["category"])]
        if cell["suppressed"]:
            assert cell["value"] is None
        else:
            assert cell["value"] == count, cell
        if 0 < count < THRESHOLD:
            assert cell["suppressed"], cell
    totals = {t["category"]: t["value"] for t in body["totals"]}
    assert totals == {"disclosed": sum(HISTORY_DISCLOSED), "refused": sum(HISTORY_REFUSED)}
    assert residual_leaks(as_release(body)) == []
    publication = [e for e in audit(clean) if e["action"] == "statistics.release"][-1]
    assert publication["object"] == body["release_id"]


def test_the_month_under_way_is_never_published(clean) -> None:
    this_month = datetime.now(UTC).strftime("%Y-%m")
    assert publish(clean, this_month, this_month).status_code == 422
    first, _ = period(datetime.now(UTC).date())
    body = publish(clean, first, this_month).json()
    assert this_month not in {c["month"] for c in body["cells"]}


def test_bad_periods_and_roles_are_refused(clean) -> None:
    assert publish(clean, "2025-06", "2025-01").status_code == 422
    assert publish(clean, "2025-13", "2025-14").status_code == 422
    assert publish(clean, "2025-01", "2025-06", user="ie-officer").status_code == 403


def test_secondary_suppression_never_leaves_a_lone_or_small_residual() -> None:
    values = {"a": 3, "b": 11, "c": 40}
    suppressed, total_shown = _secondary(values, {"a"})
    assert suppressed == {"a", "b"} and total_shown
    suppressed, total_shown = _secondary({"a": 2, "b": 3, "c": 0}, {"a", "b"})
    assert suppressed == {"a", "b"} and not total_shown


def test_fw21_fault_publishes_totals_that_give_a_cell_away() -> None:
    with ReferenceServer(faults=["FW-21"]) as server:
        body = publish(server, *period(datetime.now(UTC).date())).json()
    leaks = residual_leaks(as_release(body))
    assert leaks and "disclosed" in leaks[0] and ": 3" in leaks[0]
