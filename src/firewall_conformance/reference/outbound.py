"""Outbound feeds: a batch of case records pushed to each recipient with an endpoint (FW-01, FW-04).

The feed is case-level, as real intelligence feeds are: a case goes out with those of its
persons the recipient may receive, under the same firewall rule as a disclosure, and a case
with nobody the recipient may receive does not go out at all. A recipient with nothing to
receive gets no push.

Every push is a disclosure, so each is audited with recipient, purpose, legal basis and the
ids it carried, whatever happens on the wire. Delivery is bounded by a time-out and a failure
is written to the log, never raised: a dead recipient must not take the force's system down.
"""

import sqlite3
from collections.abc import Set
from dataclasses import dataclass
from itertools import groupby
from typing import Any

import requests

from . import policy
from .audit import AuditEvent, append
from .db import new_id, utc_now
from .deps import RmsContext
from .records import PERSON_FIELDS, involvements


@dataclass(frozen=True)
class Endpoint:
    recipient_id: str
    recipient_class: str
    url: str
    purpose: str
    legal_basis: str


@dataclass(frozen=True)
class PushResult:
    push_id: str
    recipient_id: str
    record_count: int
    delivered: bool
    detail: str


def set_endpoint(
    conn: sqlite3.Connection,
    recipient_id: str,
    url: str,
    purpose: str,
    legal_basis: str,
    set_by: str,
) -> None:
    """Point a recipient's feed at ``url``, replacing any endpoint it had."""
    conn.execute(
        "INSERT OR REPLACE INTO outbound_endpoints"
        " (recipient_id, url, purpose, legal_basis, set_by, set_at) VALUES (?, ?, ?, ?, ?, ?)",
        (recipient_id, url, purpose, legal_basis, set_by, utc_now()),
    )


def clear_endpoint(conn: sqlite3.Connection, recipient_id: str) -> bool:
    """Stop a recipient's feed; False if it had no endpoint."""
    return (
        conn.execute(
            "DELETE FROM outbound_endpoints WHERE recipient_id = ?", (recipient_id,)
        ).rowcount
        > 0
    )


def endpoints(conn: sqlite3.Connection) -> list[Endpoint]:
    rows = conn.execute(
        "SELECT e.recipient_id, r.recipient_class, e.url, e.purpose, e.legal_basis"
        " FROM outbound_endpoints e JOIN recipients r USING (recipient_id)"
        " ORDER BY e.recipient_id"
    )
    return [Endpoint(**dict(row)) for row in rows]


def case_batch(
    conn: sqlite3.Connection, recipient_class: str, faults: Set[str]
) -> list[dict[str, Any]]:
    """Every case the recipient may receive, each with the persons it may receive in it."""
    rows, roles = involvements(conn)
    cases = []
    for _, grouped in groupby(rows, key=lambda row: row["case_id"]):
        involved = list(grouped)
        sent = any(policy.may_disclose(recipient_class, roles[r["person_id"]]) for r in involved)
        persons = [
            {field: row[field] for field in ("role", "person_id", *PERSON_FIELDS)}
            for row in involved
            if policy.may_push(recipient_class, roles[row["person_id"]], sent, faults)
        ]
        if persons:
            first = involved[0]
            cases.append(
                {
                    "case_id": first["case_id"],
                    "case_reference": first["case_reference"],
                    "offence": first["offence"],
                    "persons": persons,
                }
            )
    return cases


def deliver(
    session: requests.Session, url: str, batch: dict[str, Any], timeout: float
) -> tuple[bool, str]:
    """POST one batch; (delivered, what happened in words). Never raises for the network."""
    try:
        response = session.post(
            url, json=batch, timeout=(min(timeout, 2.0), timeout), allow_redirects=False
        )
    except requests.Timeout:
        return False, f"delivery failed: no answer within {timeout:g} s"
    except requests.RequestException as exc:
        return False, f"delivery failed: {type(exc).__name__}"
    if 200 <= response.status_code < 300:
        return True, f"delivered (HTTP {response.status_code})"
    return False, f"delivery failed: the recipient answered HTTP {response.status_code}"


def push_all(rms: RmsContext, actor: str) -> list[PushResult]:
    """Run the outbound job once: push each recipient its batch and audit every push.

    Runs one at a time (a scheduled run and a triggered one never interleave), and never
    holds the database lock while waiting on a recipient.
    """
    with rms.push_lock:
        with rms.db.transaction() as conn:
            planned = [
                (endpoint, case_batch(conn, endpoint.recipient_class, rms.faults))
                for endpoint in endpoints(conn)
            ]
        results = []
        with requests.Session() as session:
            session.trust_env = False  # a recipient is reached directly, never via a proxy
            for endpoint, cases in planned:
                if cases:
                    results.append(_push(rms, session, actor, endpoint, cases))
        return results


def _push(
    rms: RmsContext,
    session: requests.Session,
    actor: str,
    endpoint: Endpoint,
    cases: list[dict[str, Any]],
) -> PushResult:
    push_id = new_id("O")
    batch = {
        "push_id": push_id,
        "recipient_id": endpoint.recipient_id,
        "generated_at": utc_now(),
        "purpose": endpoint.purpose,
        "legal_basis": endpoint.legal_basis,
        "cases": cases,
    }
    records = sum(len(case["persons"]) for case in cases)
    delivered, detail = deliver(session, endpoint.url, batch, rms.outbound_timeout)
    person_ids = dict.fromkeys(p["person_id"] for case in cases for p in case["persons"])
    with rms.db.transaction() as conn:
        append(
            conn,
            AuditEvent(
                actor,
                "outbound",
                "allowed",
                object=",".join([push_id, *person_ids]),
                recipient_id=endpoint.recipient_id,
                recipient_class=endpoint.recipient_class,
                purpose=endpoint.purpose,
                legal_basis=endpoint.legal_basis,
                detail=f"{detail}; cases={len(cases)}; record_count={records}",
            ),
        )
    return PushResult(push_id, endpoint.recipient_id, records, delivered, detail)
