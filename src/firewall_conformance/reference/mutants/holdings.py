"""What a buggy vendor layer has at hand: the reference's own records, read through its own
modules, and its outbound endpoints to push to."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import requests

from ..policy import PROTECTED_ROLES
from ..records import PERSON_FIELDS, get_recipient, involvements
from .engine import MutantContext

IMMIGRATION_ENFORCEMENT = "immigration-enforcement"


def protected_records(ctx: MutantContext, case_ids: set[str] | None = None) -> list[dict[str, Any]]:
    """Every (case, victim or witness) record, optionally only those of ``case_ids``."""
    with ctx.rms.db.transaction() as conn:
        rows, _ = involvements(conn)
    return [
        dict(row)
        for row in rows
        if row["role"] in PROTECTED_ROLES and (case_ids is None or row["case_id"] in case_ids)
    ]


def cases_of(ctx: MutantContext, person_ids: list[str]) -> set[str]:
    """The cases any of ``person_ids`` is involved in."""
    with ctx.rms.db.transaction() as conn:
        rows, _ = involvements(conn)
    return {row["case_id"] for row in rows if row["person_id"] in person_ids}


def recipient_class(ctx: MutantContext, recipient_id: Any) -> str | None:
    if not isinstance(recipient_id, str):
        return None
    with ctx.rms.db.transaction() as conn:
        recipient = get_recipient(conn, recipient_id)
    return None if recipient is None else recipient["recipient_class"]


def is_restricted(ctx: MutantContext, recipient_id: Any) -> bool:
    return recipient_class(ctx, recipient_id) == IMMIGRATION_ENFORCEMENT


def restricted_endpoint(ctx: MutantContext) -> str | None:
    """Where immigration enforcement's outbound feed points now, if anywhere."""
    with ctx.rms.db.transaction() as conn:
        row = conn.execute(
            "SELECT e.url FROM outbound_endpoints e JOIN recipients r USING (recipient_id)"
            " WHERE r.recipient_class = ?",
            (IMMIGRATION_ENFORCEMENT,),
        ).fetchone()
    return None if row is None else row["url"]


def person_view(record: dict[str, Any], fields: tuple[str, ...] = PERSON_FIELDS) -> dict[str, Any]:
    """A record as a person entry carrying ``fields``."""
    return {"person_id": record["person_id"], "role": record["role"]} | {
        f: record.get(f) for f in fields
    }


def push_later(
    url: str,
    document: Any,
    delay: float = 0.0,
    headers: dict[str, str] | None = None,
    drip_seconds: float = 0.0,
) -> None:
    """POST ``document`` to ``url`` after ``delay`` seconds, in the background, never raising;
    with ``drip_seconds``, its body one byte per that many seconds."""

    def deliver() -> None:
        time.sleep(delay)
        body = json.dumps(document).encode()
        sent: Any = _dripped(body, drip_seconds) if drip_seconds else body
        try:
            with requests.Session() as session:
                session.trust_env = False
                session.post(
                    url,
                    data=sent,
                    headers={"Content-Type": "application/json", **(headers or {})},
                    timeout=5,
                )
        except requests.RequestException:
            pass

    threading.Thread(target=deliver, name="mutant-push", daemon=True).start()


def _dripped(body: bytes, seconds: float) -> Iterator[bytes]:
    for i in range(len(body)):
        yield body[i : i + 1]
        time.sleep(seconds)
