"""Published statistics on disclosures to immigration enforcement (FW-21).

A release counts, for each complete month of a period, the disclosures to immigration
enforcement the audit log records: those that went out and those the firewall refused. The
counts come from the audit log itself, so a published number can always be traced to the
entries behind it.

Small numbers can identify people. Three rules keep them from being published:

- a count from 1 to THRESHOLD - 1 is suppressed (primary suppression);
- a period total is published exact, so wherever the cells it sums would give a suppressed
  count away (one suppressed cell, or suppressed cells adding up to less than the threshold),
  the next smallest cells are suppressed too (secondary suppression), or, failing that, the
  total is withheld;
- only complete months are published. A month still under way would change from one release
  to the next, and the difference between two releases would be a small count of its own.
"""

import random
import sqlite3
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

from .audit import AuditEvent, AuditOutcome, append
from .policy import PROTECTED_ROLES, RESTRICTED_RECIPIENT_CLASS
from .register import restricted_recipient_id

THRESHOLD = 10
CATEGORIES = ("disclosed", "refused")
_CATEGORY_OF_OUTCOME = {"allowed": "disclosed", "refused": "refused", "denied": "refused"}

# Twelve months of disclosures to immigration enforcement before the database was created,
# oldest first, as a force's log would carry them over from its previous system. One month
# of disclosures and most months of refusals are small enough to be suppressed.
HISTORY_DISCLOSED = (14, 22, 17, 11, 25, 3, 19, 12, 30, 16, 21, 13)
HISTORY_REFUSED = (2, 0, 5, 1, 0, 3, 0, 0, 4, 1, 0, 2)
HISTORY_DETAIL = "carried over from the previous system's log"


def month_of(at: str) -> str:
    """'2025-03-14T09:30:00.000000Z' -> '2025-03'."""
    return at[:7]


def _shift(month: str, months: int) -> str:
    year, number = divmod(int(month[:4]) * 12 + int(month[5:7]) - 1 + months, 12)
    return f"{year:04d}-{number + 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` inclusive, as 'YYYY-MM'."""
    months = []
    while first <= last:
        months.append(first)
        first = _shift(first, 1)
    return months


def last_complete_month(today: date) -> str:
    return _shift(today.strftime("%Y-%m"), -1)


def seed_history(conn: sqlite3.Connection, today: date, rng: random.Random) -> None:
    """Carry over twelve months of disclosures to immigration enforcement (suspects only)
    and refused attempts (victims and witnesses) into the new audit log."""
    roles = sorted(PROTECTED_ROLES)
    among = ", ".join("?" * len(roles))
    suspects = [
        row[0]
        for row in conn.execute(
            "SELECT person_id FROM involvements GROUP BY person_id"
            f" HAVING SUM(role IN ({among})) = 0 AND SUM(role = 'suspect') > 0"
            " ORDER BY person_id",
            roles,
        )
    ]
    protected = [
        row[0]
        for row in conn.execute(
            f"SELECT DISTINCT person_id FROM involvements WHERE role IN ({among})"
            " ORDER BY person_id",
            roles,
        )
    ]
    recipient = restricted_recipient_id(conn)
    first = _shift(last_complete_month(today), -len(HISTORY_DISCLOSED) + 1)
    for number, month in enumerate(months_between(first, last_complete_month(today))):
        events: list[tuple[AuditOutcome, str]] = [
            ("allowed", rng.choice(suspects)) for _ in range(HISTORY_DISCLOSED[number])
        ]
        events += [("refused", rng.choice(protected)) for _ in range(HISTORY_REFUSED[number])]
        start = datetime.fromisoformat(f"{month}-01T08:00:00+00:00")
        times = sorted(rng.randrange(27 * 24 * 60) for _ in events)
        for (outcome, person_id), minute in zip(events, times, strict=True):
            at = (start + timedelta(minutes=minute)).isoformat(timespec="microseconds")
            disclosure = f"D-{rng.getrandbits(64):016x}"
            append(
                conn,
                AuditEvent(
                    "officer",
                    "disclosure",
                    outcome,
                    object=person_id if outcome == "refused" else f"{disclosure},{person_id}",
                    recipient_id=recipient,
                    recipient_class=RESTRICTED_RECIPIENT_CLASS,
                    purpose="crime-prevention",
                    legal_basis="Immigration and Asylum Act 1999 s.20",
                    detail=HISTORY_DETAIL,
                ),
                at=at.replace("+00:00", "Z"),
            )


def counts(conn: sqlite3.Connection, months: list[str]) -> Counter[tuple[str, str]]:
    """Audit-logged disclosures to immigration enforcement by (month, category)."""
    rows = conn.execute(
        "SELECT at, outcome FROM audit_log WHERE action = 'disclosure' AND recipient_class = ?"
        " AND at >= ? AND at < ?",
        (RESTRICTED_RECIPIENT_CLASS, months[0], _shift(months[-1], 1)),
    )
    return Counter(
        (month_of(row["at"]), _CATEGORY_OF_OUTCOME[row["outcome"]])
        for row in rows
        if row["outcome"] in _CATEGORY_OF_OUTCOME
    )


def release(
    conn: sqlite3.Connection, first: str, last: str, today: date, faults: frozenset[str]
) -> dict[str, Any]:
    """The cells and totals of a release for the complete months from ``first`` to ``last``.

    Raises ValueError when the period holds no complete month."""
    last = min(last, last_complete_month(today))
    months = months_between(first, last)
    if not months:
        raise ValueError("the period holds no complete month")
    counted = counts(conn, months)
    cells, totals = [], []
    for category in CATEGORIES:
        values = {month: counted[(month, category)] for month in months}
        suppressed = {m for m, v in values.items() if 0 < v < THRESHOLD}
        total_shown = True
        if "FW-21" not in faults:  # the fault: totals exact, no secondary suppression
            suppressed, total_shown = _secondary(values, suppressed)
        cells += [
            {
                "month": month,
                "category": category,
                "value": None if month in suppressed else value,
                "suppressed": month in suppressed,
            }
            for month, value in values.items()
        ]
        total = sum(values.values())
        totals.append(
            {
                "category": category,
                "value": total if total_shown else None,
                "suppressed": not total_shown,
            }
        )
    return {"period_from": months[0], "period_to": months[-1], "cells": cells, "totals": totals}


def _secondary(values: dict[str, int], suppressed: set[str]) -> tuple[set[str], bool]:
    """Suppress more cells until the total minus the cells shown is nothing or at least the
    threshold, spread over two or more cells; withhold the total if no cell is left."""
    suppressed = set(suppressed)
    while suppressed:
        hidden = sum(values[m] for m in suppressed)
        if len(suppressed) > 1 and hidden >= THRESHOLD:
            return suppressed, True
        shown = sorted((v, m) for m, v in values.items() if m not in suppressed and v > 0)
        if not shown:
            return suppressed, False
        suppressed.add(shown[0][1])
    return suppressed, True


def publish(conn: sqlite3.Connection, actor: str, release_id: str, body: dict[str, Any]) -> None:
    """Log the publication of a release (what period, under which threshold)."""
    append(
        conn,
        AuditEvent(
            actor,
            "statistics.release",
            "allowed",
            object=release_id,
            detail=(
                f"disclosures to immigration enforcement {body['period_from']} to "
                f"{body['period_to']}; threshold={THRESHOLD}"
            ),
        ),
    )


def today_utc() -> date:
    return datetime.now(UTC).date()
