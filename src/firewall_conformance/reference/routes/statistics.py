"""Statistical releases on disclosures to immigration enforcement (FW-21).

Each release is computed from the audit log when it is asked for, suppressed as
``statistics.py`` explains, and its publication is itself logged.
"""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field

from ..db import new_id, utc_now
from ..deps import Rms, require_role
from ..errors import AUTH_RESPONSES
from ..statistics import THRESHOLD, publish, release, today_utc
from ..users import ANALYST, OFFICER, User

router = APIRouter(prefix="/statistics", tags=["statistics"], responses=AUTH_RESPONSES)

Publisher = Annotated[User, Depends(require_role(OFFICER, ANALYST))]
Month = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", examples=["2025-01"])]
Category = Literal["disclosed", "refused"]


class NewRelease(BaseModel):
    model_config = ConfigDict(extra="forbid")

    period_from: Month
    period_to: Month


class Cell(BaseModel):
    """One month's count in one category; ``value`` is null when suppressed."""

    month: str
    category: Category
    value: int | None
    suppressed: bool


class Total(BaseModel):
    """A category's total over the period; ``value`` is null when withheld."""

    category: Category
    value: int | None
    suppressed: bool


class Release(BaseModel):
    release_id: str
    published_at: str
    measure: str
    period_from: str
    period_to: str
    threshold: int
    cells: list[Cell]
    totals: list[Total]


@router.post("/releases", status_code=201)
async def publish_release(body: NewRelease, user: Publisher, rms: Rms) -> Release:
    """Publish disclosures to immigration enforcement by complete month, disclosed or refused."""
    if body.period_from > body.period_to:
        raise _invalid("period_to", body.period_to, "the period ends before it starts")
    release_id = new_id("ST")
    with rms.db.transaction() as conn:
        try:
            computed = release(conn, body.period_from, body.period_to, today_utc(), rms.faults)
        except ValueError as exc:
            raise _invalid("period_from", body.period_from, str(exc)) from exc
        publish(conn, user.username, release_id, computed)
    return Release(
        release_id=release_id,
        published_at=utc_now(),
        measure="disclosures to immigration enforcement, by month: disclosed or refused",
        threshold=THRESHOLD,
        **computed,
    )


def _invalid(field: str, value: str, message: str) -> RequestValidationError:
    return RequestValidationError(
        [{"type": "invalid_period", "loc": ("body", field), "msg": message, "input": value}]
    )
