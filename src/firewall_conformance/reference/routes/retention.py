"""Case closure and the retention review of victims' and witnesses' data (FW-22).

A client records when a case closed (a date in the past, as entered after the fact), reads
the retention schedule, and asks for the review to run now. The review erases only what is
already due and logs each erasure.
"""

from datetime import date
from typing import Literal

from fastapi import APIRouter
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict

from ..db import new_id
from ..deps import Officer, Rms
from ..errors import AUTH_RESPONSES, NOT_FOUND, not_found
from ..retention import RETENTION_YEARS, record_closure, review
from ..schemas import IsoDate
from ..statistics import today_utc

router = APIRouter(tags=["retention"], responses=AUTH_RESPONSES)


class NewClosure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    closed_on: IsoDate


class Closure(BaseModel):
    case_id: str
    closed_on: str


class RetentionSchedule(BaseModel):
    victim_witness_years: int
    counted_from: Literal["case closure"]


class RetentionReview(BaseModel):
    review_id: str
    as_of: str
    erased: list[str]


@router.put("/cases/{case_id}/closure", responses=NOT_FOUND)
async def close_case(case_id: str, body: NewClosure, user: Officer, rms: Rms) -> Closure:
    closed_on = date.fromisoformat(body.closed_on)
    if closed_on > today_utc():
        raise RequestValidationError(
            [
                {
                    "type": "future_date",
                    "loc": ("body", "closed_on"),
                    "msg": "a case cannot be closed in the future",
                    "input": body.closed_on,
                }
            ]
        )
    with rms.db.transaction() as conn:
        known = conn.execute("SELECT 1 FROM cases WHERE case_id = ?", (case_id,)).fetchone()
        if known is not None:
            record_closure(conn, case_id, closed_on, user.username)
    if known is None:
        not_found(f"no case with id {case_id!r}")
    return Closure(case_id=case_id, closed_on=body.closed_on)


@router.get("/retention/schedule")
async def schedule(user: Officer) -> RetentionSchedule:
    return RetentionSchedule(victim_witness_years=RETENTION_YEARS, counted_from="case closure")


@router.post("/retention/reviews", status_code=201)
async def run_review(user: Officer, rms: Rms) -> RetentionReview:
    review_id, today = new_id("RR"), today_utc()
    with rms.db.transaction() as conn:
        erased = review(conn, user.username, review_id, today, rms.faults)
    return RetentionReview(review_id=review_id, as_of=today.isoformat(), erased=erased)
