"""FastAPI dependencies: the running system's context and who is asking.

Routes declare what they need in their signatures (``Rms``, ``Officer``, ``Auditor``
...), so the role a route demands is visible on the route itself.
"""

import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .db import Database
from .errors import forbidden
from .users import ANALYST, AUDITOR, IMMIGRATION_ENFORCEMENT, OFFICER, User, holder


@dataclass(frozen=True)
class RmsContext:
    """What every route may need: the database, the exports directory, the faults, how long
    an outbound push may wait for its recipient (seconds), and who may log in (by the digest
    of their token, users.token_holders)."""

    db: Database
    exports_dir: Path
    faults: frozenset[str]
    outbound_timeout: float = 5.0
    holders: dict[str, User] = field(default_factory=dict, compare=False)
    push_lock: threading.Lock = field(default_factory=threading.Lock, compare=False)


# The dependencies run on the event loop: none touches the database or waits on anything, and
# a plain `def` one is handed to the thread pool and back on every request, costing more than
# it does. The routes, which do, stay `def` and in the pool, where a slow one blocks no other.


async def rms_context(request: Request) -> RmsContext:
    return request.app.state.rms


Rms = Annotated[RmsContext, Depends(rms_context)]

_bearer = HTTPBearer(auto_error=False, description="Per-user bearer token")


async def current_user(
    rms: Rms,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    """The user whose bearer token came with the request; 401 without a known one."""
    user = None if credentials is None else holder(rms.holders, credentials.credentials)
    if user is None:
        raise HTTPException(
            status_code=401,
            detail="missing or unknown bearer token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


def require_role(*roles: str) -> Callable[[User], Awaitable[User]]:
    """A dependency admitting only users with one of ``roles``; 403 for the rest."""

    async def admit(user: Annotated[User, Depends(current_user)]) -> User:
        if user.role not in roles:
            forbidden(f"role {user.role!r} may not use this endpoint")
        return user

    return admit


AnyUser = Annotated[User, Depends(current_user)]
Officer = Annotated[User, Depends(require_role(OFFICER))]
Auditor = Annotated[User, Depends(require_role(AUDITOR))]
PersonReader = Annotated[
    User, Depends(require_role(OFFICER, ANALYST, AUDITOR, IMMIGRATION_ENFORCEMENT))
]
