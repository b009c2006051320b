"""Reading the hash-chained audit log: auditors only, in pages."""

from typing import Annotated

from fastapi import APIRouter, Query

from ..audit import page
from ..deps import Auditor, Rms
from ..errors import AUTH_RESPONSES
from ..schemas import AuditEntry, AuditPage

router = APIRouter(prefix="/audit", tags=["audit"], responses=AUTH_RESPONSES)


@router.get("")
async def read_audit(
    user: Auditor,
    rms: Rms,
    after: Annotated[int, Query(ge=0, description="Return entries with seq > after")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> AuditPage:
    """Entries in seq order; ``next_after`` is the cursor for the next page, or null."""
    with rms.db.transaction() as conn:
        items, next_after = page(conn, after, limit)
    return AuditPage(items=[AuditEntry.model_validate(e) for e in items], next_after=next_after)
