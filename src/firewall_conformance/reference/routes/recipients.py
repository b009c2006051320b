"""The recipient register: who data may be sent to, and which class each belongs to.

Obligations speak in recipient classes; the register is where a real recipient is
placed in one, so a harness can find the immigration-enforcement recipient by class.
"""

from fastapi import APIRouter

from ..deps import AnyUser, Rms
from ..errors import AUTH_RESPONSES
from ..records import list_recipients
from ..schemas import Recipient, RecipientList

router = APIRouter(prefix="/recipients", tags=["recipients"], responses=AUTH_RESPONSES)


@router.get("")
async def recipients(user: AnyUser, rms: Rms) -> RecipientList:
    with rms.db.transaction() as conn:
        return RecipientList(items=[Recipient.model_validate(r) for r in list_recipients(conn)])
