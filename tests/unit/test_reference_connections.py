"""The reference keeps one SQLite connection per serving thread (reference/db.py): before, each
transaction opened its own and registered its functions again, which cost more than most
requests' own work. A failed unit of work must still leave the connection ready for the next."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from firewall_conformance.reference.db import Database


def _database(tmp_path: Path) -> Database:
    db = Database(tmp_path / "rms.sqlite")
    db.create_schema()
    return db


def _connection(db: Database) -> sqlite3.Connection:
    with db.transaction() as conn:
        return conn


def test_one_thread_keeps_one_connection_and_another_thread_has_its_own(tmp_path):
    db = _database(tmp_path)
    first = _connection(db)
    assert _connection(db) is first
    other: list[sqlite3.Connection] = []
    thread = threading.Thread(target=lambda: other.append(_connection(db)))
    thread.start()
    thread.join()
    assert other[0] is not first
    db.close()


def test_a_failed_unit_of_work_is_rolled_back_and_the_next_one_runs(tmp_path):
    db = _database(tmp_path)
    with pytest.raises(RuntimeError), db.transaction() as conn:
        conn.execute("CREATE TABLE kept (n INTEGER)")
        raise RuntimeError("the work failed")
    with db.transaction() as conn:
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'kept'").fetchall() == []
        assert tuple(conn.execute("SELECT casefold('ÄB'), digits('07 700')").fetchone()) == (
            "äb",
            "07700",
        )
    db.close()


def test_closing_closes_every_threads_connection_and_a_later_one_reopens(tmp_path):
    db = _database(tmp_path)
    first = _connection(db)
    db.close()
    with pytest.raises(sqlite3.ProgrammingError):
        first.execute("SELECT 1")
    assert _connection(db) is not first
    db.close()
