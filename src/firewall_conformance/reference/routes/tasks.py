"""Tasks and prompts the system raises on a case by itself (FW-16).

Recording a victim raises a needs assessment for the victim care unit; nothing in a
person's nationality, ethnicity or immigration status raises anything (``policy.tasks_for``).
"""

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from ..casework import case_tasks
from ..deps import Officer, Rms
from ..errors import AUTH_RESPONSES, NOT_FOUND, not_found

router = APIRouter(prefix="/cases", tags=["tasks"], responses=AUTH_RESPONSES)


class TaskList(BaseModel):
    items: list[dict[str, Any]]
    total: int


@router.get("/{case_id}/tasks", responses=NOT_FOUND)
async def tasks(case_id: str, user: Officer, rms: Rms) -> TaskList:
    with rms.db.transaction() as conn:
        if conn.execute("SELECT 1 FROM cases WHERE case_id = ?", (case_id,)).fetchone() is None:
            not_found(f"no case with id {case_id!r}")
        items = case_tasks(conn, case_id)
    return TaskList(items=items, total=len(items))
