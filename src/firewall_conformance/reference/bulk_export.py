"""Recipient-specific bulk extracts: one record per (person, case) involvement.

The firewall filter is applied per *person*, not per record: a person who is a victim
in any case is left out of an immigration-enforcement extract entirely, including the
records where they appear as a suspect.
"""

import csv
import json
import sqlite3
from collections.abc import Callable, Iterable, Set
from pathlib import Path
from typing import Any

from .records import PERSON_FIELDS, involvements

COLUMNS = (
    "export_id",
    "case_reference",
    "case_id",
    "offence",
    "role",
    "person_id",
    *PERSON_FIELDS,
)

MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "ndjson": "application/x-ndjson"}


def export_records(
    conn: sqlite3.Connection,
    export_id: str,
    include: Callable[[Set[str]], bool],
    fields: Set[str] = frozenset(PERSON_FIELDS),
) -> list[dict[str, Any]]:
    """Every involvement of every person for whom ``include(their role names)`` holds.

    Person fields not in ``fields`` (those the recipient is not approved for, FW-09) are left
    empty: every recipient gets the same layout, filled in only where it may be."""
    rows, roles = involvements(conn)
    return [
        {column: _cell(row, column, export_id, fields) for column in COLUMNS}
        for row in rows
        if include(roles[row["person_id"]])
    ]


def _cell(row: sqlite3.Row, column: str, export_id: str, fields: Set[str]) -> Any:
    if column == "export_id":
        return export_id
    if column in PERSON_FIELDS and column not in fields:
        return None
    return row[column]


def file_name(export_id: str, export_format: str) -> str:
    return f"{export_id}.{export_format}"


def write_file(path: Path, export_format: str, records: Iterable[dict[str, Any]]) -> None:
    """Write ``records`` as CSV (header row, empty cell for null) or NDJSON."""
    with path.open("w", encoding="utf-8", newline="") as out:
        if export_format == "csv":
            writer = csv.DictWriter(out, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(records)
        else:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
