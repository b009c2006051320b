"""The recipient register's standing of each recipient, and the gate every egress passes (FW-11, FW-12).

A recipient enters the register *pending*: unclassified and unapproved, so nothing flows to it
(default deny). Someone accountable classifies and approves it, and, unless it is of the
restricted class, it must also hold a current certification that it makes no immigration use
of the data and discloses none of it onward. The restricted class (immigration enforcement)
cannot give that certification by its nature; what it may receive is governed by the firewall
rules in ``policy.py`` instead.

A recipient is never deleted: what was sent to it must stay explainable, so removing one
*retires* it, and a retired recipient receives nothing more.
"""

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from . import policy
from .audit import AuditEvent, append
from .db import utc_now
from .deps import RmsContext
from .errors import forbidden

UNCLASSIFIED = "unclassified"
SEEDED_APPROVER = "Data Protection Officer, Exampleshire Constabulary"
CERTIFICATION_TEXT = (
    "The recipient will make no use of the data for immigration enforcement and will disclose "
    "none of it onward to an agency that enforces immigration law."
)
SEEDED_CERTIFICATION_YEARS = 3


@dataclass(frozen=True)
class Standing:
    """Where a recipient stands in the register."""

    recipient_id: str
    name: str
    recipient_class: str
    status: str  # pending, approved or retired
    approved_by: str | None
    approved_at: str | None
    certified_by: str | None
    certified_on: str | None
    certified_until: str | None
    certification: str | None

    def certified(self, today: date) -> bool:
        """True while a certification is in force on ``today``."""
        if self.certified_on is None or self.certified_until is None:
            return False
        return (
            date.fromisoformat(self.certified_on)
            <= today
            <= date.fromisoformat(self.certified_until)
        )

    def to_json(self) -> dict[str, Any]:
        certificate = (
            None
            if self.certified_on is None
            else {
                "signed_by": self.certified_by,
                "signed_on": self.certified_on,
                "valid_until": self.certified_until,
                "text": self.certification,
            }
        )
        return {
            "recipient_id": self.recipient_id,
            "name": self.name,
            "recipient_class": self.recipient_class,
            "status": self.status,
            "approved_by": self.approved_by,
            "approved_at": self.approved_at,
            "certification": certificate,
        }


def standing(conn: sqlite3.Connection, recipient_id: str) -> Standing | None:
    """A recipient's standing; None when the recipient is not in the register at all."""
    row = conn.execute(
        "SELECT r.recipient_id, r.name, r.recipient_class, g.status, g.approved_by,"
        " g.approved_at, g.certified_by, g.certified_on, g.certified_until, g.certification"
        " FROM recipients r JOIN recipient_register g USING (recipient_id)"
        " WHERE r.recipient_id = ?",
        (recipient_id,),
    ).fetchone()
    return None if row is None else Standing(**dict(row))


def restricted_recipient_id(conn: sqlite3.Connection) -> str:
    """The register's immigration-enforcement recipient: the one place its id is looked up,
    so no route hard-codes it."""
    row = conn.execute(
        "SELECT recipient_id FROM recipients WHERE recipient_class = ? ORDER BY recipient_id",
        (policy.RESTRICTED_RECIPIENT_CLASS,),
    ).fetchone()
    if row is None:
        raise LookupError("the recipient register holds no immigration-enforcement recipient")
    return str(row[0])


def seed_register(conn: sqlite3.Connection) -> None:
    """Approve every recipient already in the database (the force's existing partners) and
    certify those outside the restricted class, so lawful flows work from the start."""
    now = utc_now()
    today = date.today()
    until = today + timedelta(days=365 * SEEDED_CERTIFICATION_YEARS)
    for row in conn.execute("SELECT recipient_id, recipient_class FROM recipients").fetchall():
        restricted = row["recipient_class"] == policy.RESTRICTED_RECIPIENT_CLASS
        conn.execute(
            "INSERT OR IGNORE INTO recipient_register (recipient_id, status, registered_by,"
            " registered_at, approved_by, approved_at, certified_by, certified_on,"
            " certified_until, certification) VALUES (?, 'approved', 'seed', ?, ?, ?, ?, ?, ?, ?)",
            (
                row["recipient_id"],
                now,
                SEEDED_APPROVER,
                now,
                None if restricted else "the recipient's data protection officer",
                None if restricted else today.isoformat(),
                None if restricted else until.isoformat(),
                None if restricted else CERTIFICATION_TEXT,
            ),
        )


def gate(
    rms: RmsContext,
    actor: str,
    channel: str,
    recipient_id: str,
    purpose: str | None = None,
    legal_basis: str | None = None,
) -> None:
    """Refuse (403) and log any sending of data over ``channel`` (the audit action:
    ``disclosure``, ``export``, ``outbound.endpoint-set`` ...) to a recipient the register does
    not clear. An unknown recipient passes here; the route then answers that it is unknown."""
    with rms.db.transaction() as conn:
        if (
            conn.execute(
                "SELECT 1 FROM recipients WHERE recipient_id = ?", (recipient_id,)
            ).fetchone()
            is None
        ):
            return
        found = standing(conn, recipient_id)
        reason = policy.recipient_refusal(found, channel, date.today(), rms.faults)
        if reason is not None:
            append(
                conn,
                AuditEvent(
                    actor,
                    channel,
                    "refused",
                    object=recipient_id,
                    recipient_id=recipient_id,
                    recipient_class=None if found is None else found.recipient_class,
                    purpose=purpose,
                    legal_basis=legal_basis,
                    detail=f"refused by the recipient register: {reason}",
                ),
            )
    if reason is not None:
        forbidden(f"refused: {reason}")
