"""The reference system's SQLite database (reference/db.py)."""

from __future__ import annotations

from pathlib import Path

from firewall_conformance.reference.db import Database

NORMAL = 1  # PRAGMA synchronous: FULL is 2


def test_a_commit_does_not_wait_for_the_disk_and_still_holds(tmp_path: Path):
    """Every request of a run commits; waiting for the disk at each commit cost seconds a run
    on a busy machine. In WAL mode NORMAL still keeps the database consistent."""
    database = Database(tmp_path / "rms.sqlite3")
    database.create_schema()
    with database.transaction() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == NORMAL
        conn.execute("CREATE TABLE probe (value TEXT)")
        conn.execute("INSERT INTO probe VALUES ('kept')")
    with database.transaction() as conn:
        assert [tuple(r) for r in conn.execute("SELECT value FROM probe")] == [("kept",)]
