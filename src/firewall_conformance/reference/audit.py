"""Hash-chained, append-only audit log (the evidence behind FW-04).

Each entry is a JSON object with exactly these keys: ``seq`` (int, 1-based,
consecutive), ``at`` (ISO-8601 UTC ending in ``Z``), ``actor``, ``action``, ``outcome``
(``allowed`` | ``refused`` | ``denied``), ``object`` (affected ids, comma-joined),
``recipient_id``, ``recipient_class``, ``purpose``, ``legal_basis``, ``detail``,
``prev_hash`` and ``hash``. Optional values are JSON ``null``.

Hash rule, for external verifiers:

    hash = sha256( canonical JSON of the entry dict WITHOUT the "hash" key
                   (so prev_hash IS included) ).hexdigest()
    canonical JSON = json.dumps(d, sort_keys=True, separators=(",", ":"),
                                ensure_ascii=False).encode("utf-8")

The first entry's ``prev_hash`` is ``"0" * 64``; every later entry's ``prev_hash`` is
the ``hash`` of the entry before it. Changing, inserting or removing any entry
therefore breaks every later link.

Appends run inside the caller's ``BEGIN IMMEDIATE`` transaction (see ``db.py``), so
reading the last hash and writing the next entry cannot interleave with another
request: the chain never forks. Triggers in the schema refuse UPDATE and DELETE.
"""

import hashlib
import json
import sqlite3
from dataclasses import asdict, dataclass
from typing import Any, Literal

from .db import utc_now

AuditOutcome = Literal["allowed", "refused", "denied"]

GENESIS_HASH = "0" * 64

FIELDS = (
    "seq",
    "at",
    "actor",
    "action",
    "outcome",
    "object",
    "recipient_id",
    "recipient_class",
    "purpose",
    "legal_basis",
    "detail",
    "prev_hash",
    "hash",
)


@dataclass(frozen=True)
class AuditEvent:
    """What happened, as the caller knows it; ``append`` adds seq, time and hashes."""

    actor: str
    action: str
    outcome: AuditOutcome
    object: str | None = None
    recipient_id: str | None = None
    recipient_class: str | None = None
    purpose: str | None = None
    legal_basis: str | None = None
    detail: str | None = None


def entry_hash(entry: dict[str, Any]) -> str:
    """Apply the hash rule in the module docstring to one entry."""
    unhashed = {key: value for key, value in entry.items() if key != "hash"}
    canonical = json.dumps(unhashed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def append(conn: sqlite3.Connection, event: AuditEvent, at: str | None = None) -> dict[str, Any]:
    """Chain ``event`` onto the log within the caller's transaction; return the entry.

    ``at`` is for history carried over when the database is created (``seed.py``); every
    live event is stamped now."""
    last = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    entry: dict[str, Any] = {
        "seq": 1 if last is None else last["seq"] + 1,
        "at": at or utc_now(),
        **asdict(event),
        "prev_hash": GENESIS_HASH if last is None else last["hash"],
    }
    entry["hash"] = entry_hash(entry)
    conn.execute(
        f"INSERT INTO audit_log ({', '.join(FIELDS)}) VALUES ({', '.join('?' * len(FIELDS))})",
        [entry[field] for field in FIELDS],
    )
    return entry


def page(
    conn: sqlite3.Connection, after: int, limit: int
) -> tuple[list[dict[str, Any]], int | None]:
    """Up to ``limit`` entries with seq > ``after``, and the cursor for the next page.

    The cursor is the last returned seq when more entries follow, else None.
    """
    rows = conn.execute(
        f"SELECT {', '.join(FIELDS)} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
        (after, limit + 1),
    ).fetchall()
    entries = [dict(row) for row in rows[:limit]]
    more = len(rows) > limit
    return entries, entries[-1]["seq"] if more else None
