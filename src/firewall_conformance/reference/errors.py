"""Error responses: one place that decides their status codes and shapes.

A 422 for an id that names nothing (an unknown person or recipient) uses FastAPI's own
validation-error shape, so clients handle every 422 the same way and the OpenAPI
document stays accurate.
"""

from typing import Any, NoReturn

from fastapi import HTTPException
from fastapi.exceptions import RequestValidationError

from .schemas import ErrorMessage

AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorMessage, "description": "Missing or unknown bearer token"},
    403: {
        "model": ErrorMessage,
        "description": "Forbidden for this user's role or by the firewall",
    },
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorMessage, "description": "No such record"},
}


def forbidden(detail: str) -> NoReturn:
    """Refuse with 403 and a reason a person can read."""
    raise HTTPException(status_code=403, detail=detail)


def not_found(detail: str) -> NoReturn:
    raise HTTPException(status_code=404, detail=detail)


def unknown_ids(
    unknown: list[tuple[tuple[str | int, ...], str]], what: str
) -> RequestValidationError:
    """A 422 error listing each ``(location, value)`` whose value names no stored ``what``."""
    return RequestValidationError(
        [
            {
                "type": "unknown_id",
                "loc": location,
                "msg": f"no {what} with id {value!r}",
                "input": value,
            }
            for location, value in unknown
        ]
    )
