"""Outbound feeds: set or clear a recipient's endpoint, and run the push job now.

Setting and clearing an endpoint changes where personal data will flow, so both are
officer-only and audited. The trigger runs the same job a scheduler would, synchronously,
so a test knows that every push has been attempted when the answer comes back.
"""

from fastapi import APIRouter, Response

from .. import register
from ..audit import AuditEvent, append
from ..deps import Officer, Rms
from ..errors import AUTH_RESPONSES, NOT_FOUND, not_found
from ..outbound import clear_endpoint, push_all, set_endpoint
from ..records import get_recipient
from ..schemas import NewOutboundEndpoint, OutboundEndpoint, Push, PushRun

router = APIRouter(tags=["outbound feeds"], responses=AUTH_RESPONSES)


@router.put("/recipients/{recipient_id}/outbound", responses=NOT_FOUND)
async def set_outbound_endpoint(
    recipient_id: str, body: NewOutboundEndpoint, user: Officer, rms: Rms
) -> OutboundEndpoint:
    register.gate(
        rms, user.username, "outbound.endpoint-set", recipient_id, body.purpose, body.legal_basis
    )
    with rms.db.transaction() as conn:
        recipient = get_recipient(conn, recipient_id)
        if recipient is not None:
            set_endpoint(
                conn, recipient_id, body.url, body.purpose, body.legal_basis, user.username
            )
            append(
                conn,
                AuditEvent(
                    user.username,
                    "outbound.endpoint-set",
                    "allowed",
                    object=recipient_id,
                    recipient_id=recipient_id,
                    recipient_class=recipient["recipient_class"],
                    purpose=body.purpose,
                    legal_basis=body.legal_basis,
                    detail=f"url={body.url}",
                ),
            )
    if recipient is None:
        not_found(f"no recipient with id {recipient_id!r}")
    return OutboundEndpoint(recipient_id=recipient_id, **body.model_dump())


@router.delete(
    "/recipients/{recipient_id}/outbound",
    status_code=204,
    response_class=Response,
    responses=NOT_FOUND,
)
async def clear_outbound_endpoint(recipient_id: str, user: Officer, rms: Rms) -> Response:
    """Stop the recipient's feed; clearing a feed that is not set is not an error."""
    with rms.db.transaction() as conn:
        recipient = get_recipient(conn, recipient_id)
        if recipient is not None and clear_endpoint(conn, recipient_id):
            append(
                conn,
                AuditEvent(
                    user.username,
                    "outbound.endpoint-cleared",
                    "allowed",
                    object=recipient_id,
                    recipient_id=recipient_id,
                    recipient_class=recipient["recipient_class"],
                ),
            )
    if recipient is None:
        not_found(f"no recipient with id {recipient_id!r}")
    return Response(status_code=204)


# A plain def, run in FastAPI's thread pool: it waits on the recipients (see __init__.py).
@router.post("/outbound/pushes")
def push_now(user: Officer, rms: Rms) -> PushRun:
    """Push every recipient with an endpoint its batch now; one item per push attempted."""
    return PushRun(items=[Push(**vars(result)) for result in push_all(rms, user.username)])
