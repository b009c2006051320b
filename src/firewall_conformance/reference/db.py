"""SQLite storage: the schema, and one short transaction per unit of work.

Every request opens its own connection and runs in a ``BEGIN IMMEDIATE`` transaction.
That takes SQLite's write lock up front, so concurrent requests are serialized: the
audit hash chain (``audit.py``) can read its last entry and append the next one
without another request slipping in between. Throughput is not the point of this
system; a chain that never forks is.
"""

import secrets
import sqlite3
import threading
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
-- The recipient register's standing for each recipient (FW-11, FW-12): nothing flows to a
-- recipient until it is classified and approved, and, outside the restricted class, until it
-- holds a current certification of no immigration use and no onward disclosure.
CREATE TABLE IF NOT EXISTS recipient_register (
    recipient_id    TEXT PRIMARY KEY REFERENCES recipients,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'retired')),
    registered_by   TEXT NOT NULL,
    registered_at   TEXT NOT NULL,
    approved_by     TEXT,
    approved_at     TEXT,
    certified_by    TEXT,
    certified_on    TEXT,
    certified_until TEXT,
    certification   TEXT,
    retired_at      TEXT
);
-- Records that can justify an exceptional disclosure about one person (FW-13).
CREATE TABLE IF NOT EXISTS disclosure_bases (
    basis_id    TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES persons ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    reference   TEXT NOT NULL,
    approved_by TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS exceptional_disclosures (
    disclosure_id TEXT PRIMARY KEY,
    person_id     TEXT NOT NULL,
    recipient_id  TEXT NOT NULL REFERENCES recipients,
    basis_id      TEXT NOT NULL,
    purpose       TEXT NOT NULL,
    legal_basis   TEXT NOT NULL,
    disclosed_by  TEXT NOT NULL,
    disclosed_at  TEXT NOT NULL
);
-- A recorded restriction of a person's right of access (Data Protection Act 2018 s.45(4)).
CREATE TABLE IF NOT EXISTS access_restrictions (
    restriction_id TEXT PRIMARY KEY,
    person_id      TEXT NOT NULL REFERENCES persons ON DELETE CASCADE,
    reason         TEXT NOT NULL,
    approved_by    TEXT NOT NULL,
    recorded_by    TEXT NOT NULL,
    recorded_at    TEXT NOT NULL
);
-- Notices telling a person that their data went to immigration enforcement (FW-15, New York).
CREATE TABLE IF NOT EXISTS subject_notices (
    notice_id     TEXT PRIMARY KEY,
    person_id     TEXT NOT NULL,
    recipient_id  TEXT NOT NULL,
    agency        TEXT NOT NULL,
    disclosure_id TEXT NOT NULL,
    disclosed_at  TEXT NOT NULL,
    due_by        TEXT NOT NULL,
    sent_at       TEXT
);
-- Tasks and prompts the system raises on a case by itself (FW-16).
CREATE TABLE IF NOT EXISTS tasks (
    task_id     TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases ON DELETE CASCADE,
    person_id   TEXT REFERENCES persons ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    assigned_to TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
-- The mail domains of registered recipients, for the e-mail gateway (FW-17). `partner` marks
-- a data-sharing partner; it must not decide whether a mail is recorded as a disclosure.
CREATE TABLE IF NOT EXISTS recipient_mail_domains (
    domain       TEXT PRIMARY KEY,
    recipient_id TEXT NOT NULL REFERENCES recipients,
    partner      INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS mail_messages (
    message_id   TEXT PRIMARY KEY,
    sent_to      TEXT NOT NULL,
    subject      TEXT NOT NULL,
    recipient_id TEXT,
    case_ids     TEXT,
    sent_by      TEXT NOT NULL,
    sent_at      TEXT NOT NULL
);
-- Fingerprint submissions and where each was routed (FW-18).
CREATE TABLE IF NOT EXISTS biometric_submissions (
    submission_id TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL,
    person_id     TEXT NOT NULL,
    kind          TEXT NOT NULL,
    routing       TEXT NOT NULL,
    submitted_by  TEXT NOT NULL,
    submitted_at  TEXT NOT NULL
);
-- Referrals to other bodies, with the payload exactly as sent (FW-19, FW-20, FW-23).
CREATE TABLE IF NOT EXISTS referrals (
    referral_id TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL,
    person_id   TEXT NOT NULL,
    scheme      TEXT NOT NULL,
    payload     TEXT NOT NULL,
    referred_by TEXT NOT NULL,
    referred_at TEXT NOT NULL
);
-- Statements, addresses and intelligence recorded on a case, each with the role its subject
-- held in the case when it was recorded (FW-07: material gathered while a person was a victim
-- stays firewalled after any later change of role).
CREATE TABLE IF NOT EXISTS case_material (
    material_id  TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases ON DELETE CASCADE,
    person_id    TEXT REFERENCES persons ON DELETE CASCADE,
    role_at_time TEXT,
    kind         TEXT NOT NULL,
    text         TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL
);
-- Changes of a person's role in a case, with the reason and who approved them (FW-07).
CREATE TABLE IF NOT EXISTS role_changes (
    change_id   TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases ON DELETE CASCADE,
    person_id   TEXT NOT NULL REFERENCES persons ON DELETE CASCADE,
    from_role   TEXT NOT NULL,
    to_role     TEXT NOT NULL,
    reason      TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    changed_by  TEXT NOT NULL,
    changed_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS case_closures (
    case_id     TEXT PRIMARY KEY REFERENCES cases ON DELETE CASCADE,
    closed_on   TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
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


def digits(text: str | None) -> str:
    """Only the digits of a phone number, so "07700 900123" and "07700900123" meet."""
    return "".join(c for c in text or "" if c.isdigit())


class Database:
    """A SQLite database file holding the whole RMS."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._held: sqlite3.Connection | None = None
        # One connection per serving thread, opened at its first transaction: opening one
        # and registering its functions cost more than most requests' own work.
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._opening = threading.Lock()

    def create_schema(self) -> None:
        """Create any missing tables; safe to run on an existing database. The connection
        stays open until `close`: while one is open, closing a transaction's connection does
        not checkpoint the write-ahead log, wait for the disk and delete the log (~15 ms at
        every request)."""
        conn = sqlite3.connect(self.path, check_same_thread=False)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(SCHEMA)
        except BaseException:
            conn.close()
            raise
        self.close()
        self._held = conn

    def close(self) -> None:
        """Let go of the connection held open and of the threads' connections; the last
        connection's close folds the log into the database file."""
        with self._opening:
            opened, self._opened = self._opened, []
            self._local = threading.local()
        for conn in opened:
            conn.close()
        if self._held is not None:
            self._held.close()
            self._held = None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run a unit of work under SQLite's write lock; commit unless it raises."""
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # the work or its commit failed: the next one starts clean
                conn.execute("ROLLBACK")
            raise

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection, opened at its first transaction."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        # Closed by `close`, which may run on another thread.
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        # In WAL mode a commit need not wait for the disk to stay consistent; only the last
        # commits before a power cut could be lost, which a reference system can afford.
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.create_function("casefold", 1, _casefold, deterministic=True)
        conn.create_function("digits", 1, digits, deterministic=True)
        with self._opening:
            self._opened.append(conn)
            self._local.conn = conn
        return conn
