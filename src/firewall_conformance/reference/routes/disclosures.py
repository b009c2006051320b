"""Case-by-case disclosures of person records to a named recipient (FW-01, FW-04).

A disclosure to an immigration-enforcement recipient is refused outright if it names
any victim or witness; it is not trimmed, because a silently shortened disclosure
hides from the officer that the firewall applied. Allowed and refused attempts are
both audited with recipient, purpose and legal basis.
"""

from fastapi import APIRouter

from .. import policy, register
from ..audit import AuditEvent, append
from ..db import new_id, utc_now
from ..deps import Officer, Rms
from ..egress import insert_disclosure
from ..errors import AUTH_RESPONSES, forbidden, unknown_ids
from ..minimisation import only
from ..notices import notify
from ..records import get_persons, get_recipient, role_set, unknown_person_ids
from ..schemas import Disclosure, NewDisclosure, Person

router = APIRouter(prefix="/disclosures", tags=["disclosures"], responses=AUTH_RESPONSES)


@router.post("", status_code=201)
async def disclose(body: NewDisclosure, user: Officer, rms: Rms) -> Disclosure:
    person_ids = list(dict.fromkeys(body.person_ids))
    register.gate(
        rms, user.username, "disclosure", body.recipient_id, body.purpose, body.legal_basis
    )
    with rms.db.transaction() as conn:
        recipient = get_recipient(conn, body.recipient_id)
        if recipient is None:
            raise unknown_ids([(("body", "recipient_id"), body.recipient_id)], "recipient")
        unknown = unknown_person_ids(conn, person_ids)
        if unknown:
            raise unknown_ids(
                [
                    (("body", "person_ids", index), person_id)
                    for index, person_id in enumerate(body.person_ids)
                    if person_id in unknown
                ],
                "person",
            )
        persons = get_persons(conn, person_ids)
        recipient_class = recipient["recipient_class"]
        blocked = [p for p in persons if not policy.may_disclose(recipient_class, role_set(p))]
        disclosure_id = None if blocked else new_id("D")
        if disclosure_id is not None:
            insert_disclosure(
                conn,
                disclosure_id,
                body.recipient_id,
                body.purpose,
                body.legal_basis,
                person_ids,
                user.username,
            )
            if recipient_class == policy.RESTRICTED_RECIPIENT_CLASS:  # FW-15: tell each person
                notify(conn, person_ids, recipient, disclosure_id, utc_now(), rms.faults)
        append(
            conn,
            AuditEvent(
                user.username,
                "disclosure",
                "refused" if blocked else "allowed",
                object=",".join(
                    person_ids if disclosure_id is None else [disclosure_id, *person_ids]
                ),
                recipient_id=body.recipient_id,
                recipient_class=recipient_class,
                purpose=body.purpose,
                legal_basis=body.legal_basis,
                detail=(
                    f"refused: {len(blocked)} of {len(persons)} person(s) are victims or witnesses"
                    if blocked
                    else f"persons={len(persons)}"
                ),
            ),
        )
    if disclosure_id is None:
        forbidden(
            "refused: the disclosure names a victim or witness and the recipient is"
            " immigration enforcement"
        )
    sent = policy.disclosure_fields(recipient_class, rms.faults)  # FW-14: approved fields only
    return Disclosure(
        disclosure_id=disclosure_id,
        recipient_id=body.recipient_id,
        persons=[Person.model_validate(only(person, sent)) for person in persons],
    )
