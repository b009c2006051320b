"""SQLite storage: the schema, and one short transaction per unit of work.

Every request opens its own connection and runs in a ``BEGIN IMMEDIATE`` transaction.
That takes SQLite's write lock up front, so concurrent requests are serialized: the
audit hash chain (``audit.py``) can read its last entry and append the next one
without another request slipping in between. Throughput is not the point of this
system; a chain that never forks is.
"""

import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROLES = ("victim", "witness", "suspect", "informant")

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS users (
    username     TEXT PRIMARY KEY,
    role         TEXT NOT NULL,
    token_sha256 TEXT UNIQUE
);
CREATE TABLE IF NOT EXISTS persons (
    person_id             TEXT PRIMARY KEY,
    given_name            TEXT,
    family_name           TEXT NOT NULL,
    date_of_birth         TEXT,
    nationality           TEXT,
    immigration_status    TEXT,
    passport_number       TEXT,
    home_office_reference TEXT,
    phone                 TEXT,
    email                 TEXT,
    address               TEXT,
    created_at            TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cases (
    case_id    TEXT PRIMARY KEY,
    reference  TEXT NOT NULL,
    offence    TEXT NOT NULL,
    narrative  TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS involvements (
    case_id   TEXT NOT NULL REFERENCES cases ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES persons ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN {ROLES!r}),
    PRIMARY KEY (case_id, person_id, role)
);
CREATE INDEX IF NOT EXISTS involvements_by_person ON involvements (person_id);
CREATE TABLE IF NOT EXISTS recipients (
    recipient_id    TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    recipient_class TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS disclosures (
    disclosure_id TEXT PRIMARY KEY,
    recipient_id  TEXT NOT NULL REFERENCES recipients,
    purpose       TEXT NOT NULL,
    legal_basis   TEXT NOT NULL,
    person_ids    TEXT NOT NULL,
    disclosed_by  TEXT NOT NULL,
    disclosed_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS status_checks (
    check_id     TEXT PRIMARY KEY,
    person_id    TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    status       TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS exports (
    export_id    TEXT PRIMARY KEY,
    recipient_id TEXT NOT NULL REFERENCES recipients,
    format       TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    legal_basis  TEXT NOT NULL,
    record_count INTEGER NOT NULL,
    file_name    TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS outbound_endpoints (
    recipient_id TEXT PRIMARY KEY REFERENCES recipients,
    url          TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    legal_basis  TEXT NOT NULL,
    set_by       TEXT NOT NULL,
    set_at       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_log (
    seq             INTEGER PRIMARY KEY,
    at              TEXT NOT NULL,
    actor           TEXT NOT NULL,
    action          TEXT NOT NULL,
    outcome         TEXT NOT NULL,
    object          TEXT,
    recipient_id    TEXT,
    recipient_class TEXT,
    purpose         TEXT,
    legal_basis     TEXT,
    detail          TEXT,
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


def new_id(prefix: str) -> str:
    """An opaque, unguessable record id such as ``P-3f9c0a1b2d4e5f60``."""
    return f"{prefix}-{secrets.token_hex(8)}"


def utc_now() -> str:
    """The current time as ISO-8601 UTC with a ``Z`` suffix."""
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _casefold(text: str | None) -> str | None:
    return None if text is None else text.casefold()


class Database:
    """A SQLite database file holding the whole RMS."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def create_schema(self) -> None:
        """Create any missing tables; safe to run on an existing database."""
        conn = sqlite3.connect(self.path)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(SCHEMA)
        finally:
            conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run a unit of work under SQLite's write lock; commit unless it raises."""
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.create_function("casefold", 1, _casefold, deterministic=True)
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()
