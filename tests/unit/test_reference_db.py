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


def test_the_write_ahead_log_outlives_each_transaction_until_the_database_is_closed(
    tmp_path: Path,
):
    """Closing the last connection to a WAL database checkpoints the log into the file, waits
    for the disk and deletes the log: ~15 ms at every request's transaction. The database
    holds one connection open from its schema to `close`, so a transaction's close is cheap."""
    path = tmp_path / "rms.sqlite3"
    wal = path.with_name(path.name + "-wal")
    database = Database(path)
    database.create_schema()
    try:
        for value in ("first", "second"):
            with database.transaction() as conn:
                conn.execute("CREATE TABLE IF NOT EXISTS probe (value TEXT)")
                conn.execute("INSERT INTO probe VALUES (?)", (value,))
            assert wal.exists(), f"the log was checkpointed and deleted after {value!r}"
    finally:
        database.close()
    assert not wal.exists()  # closed, the log is folded into the file: nothing is lost
    database = Database(path)
    with database.transaction() as conn:
        assert [r[0] for r in conn.execute("SELECT value FROM probe")] == ["first", "second"]
