"""The e-mail gateway (FW-17): referrals made off-system are still disclosures.

Every mail leaves through here. One that quotes a case reference and goes to a registered
recipient's domain is recorded as a structured disclosure (sender, recipient, case) in the
audit log, whoever the recipient is; other mail is logged as sent.
"""

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from .. import policy
from ..audit import AuditEvent, append
from ..db import new_id, utc_now
from ..deps import Officer, Rms
from ..errors import AUTH_RESPONSES
from ..records import get_recipient

router = APIRouter(prefix="/mail", tags=["mail"], responses=AUTH_RESPONSES)


class NewMail(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: str = Field(pattern=r"^[^@\s]+@[^@\s]+$", max_length=320)
    subject: str = Field(max_length=1000)
    body: str = Field(max_length=100_000)


class MailSent(BaseModel):
    message_id: str
    recorded_as_disclosure: bool
    recipient_id: str | None
    case_ids: list[str]


@router.post("", status_code=201)
async def send_mail(mail: NewMail, user: Officer, rms: Rms) -> MailSent:
    message_id = new_id("M")
    text = f"{mail.subject}\n{mail.body}".casefold()
    domain = mail.to.rsplit("@", 1)[1].casefold()
    with rms.db.transaction() as conn:
        case_ids = [
            row["case_id"]
            for row in conn.execute("SELECT case_id, reference FROM cases ORDER BY case_id")
            if row["reference"].casefold() in text
        ]
        registered = conn.execute(
            "SELECT recipient_id, partner FROM recipient_mail_domains WHERE domain = ?",
            (domain,),
        ).fetchone()
        recipient = get_recipient(conn, registered["recipient_id"]) if registered else None
        disclosure = recipient is not None and policy.records_mail_as_disclosure(
            bool(case_ids), bool(registered["partner"]), rms.faults
        )
        conn.execute(
            "INSERT INTO mail_messages (message_id, sent_to, subject, recipient_id, case_ids,"
            " sent_by, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                message_id,
                mail.to,
                mail.subject,
                recipient["recipient_id"] if recipient else None,
                ",".join(case_ids) or None,
                user.username,
                utc_now(),
            ),
        )
        if disclosure:
            assert recipient is not None
            append(
                conn,
                AuditEvent(
                    user.username,
                    "mail.disclosure",
                    "allowed",
                    object=",".join([message_id, *case_ids]),
                    recipient_id=recipient["recipient_id"],
                    recipient_class=recipient["recipient_class"],
                    purpose="stated in the e-mail",
                    legal_basis="stated in the e-mail",
                    detail=f"e-mail to {mail.to} quoting {len(case_ids)} case reference(s)",
                ),
            )
        else:
            append(
                conn,
                AuditEvent(user.username, "mail.sent", "allowed", object=message_id),
            )
    return MailSent(
        message_id=message_id,
        recorded_as_disclosure=disclosure,
        recipient_id=recipient["recipient_id"] if recipient else None,
        case_ids=case_ids,
    )
