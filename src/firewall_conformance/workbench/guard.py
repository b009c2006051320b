"""What every request passes before a page sees it: the access token (or its cookie), the
upload size limit, and the headers that keep every page off the network.

The pages' Content-Security-Policy is the reports' own: nothing is fetched from anywhere, not
even from the workbench; styles are inline and no script runs. A report file served from a
run folder gets the Allure report's policy (its scripts are inline; it fetches nothing and
sends no form), so a report planted in a run folder can neither reach the network nor post a
form to the workbench in the inspector's name. (A sandbox would stop the Allure report from
rendering: it needs its own origin's storage.)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from firewall_conformance.workbench.access import (
    ACCESS_COOKIE,
    SESSION_COOKIE,
    TOKEN_PARAMETER,
    Access,
)

PAGE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

NEEDS_TOKEN = (
    "This workbench needs its access token: open the address it printed when it started "
    "(the one ending in ?token=…)."
)
WRONG_TOKEN = (
    "That is not this workbench's access token; open the address it printed when it started."
)

Next = Callable[[Request], Awaitable[Response]]
Refusal = Callable[[Request, int, str], Response]


def secured(response: Response) -> Response:
    """`response` with the no-network policy (unless it carries a report's own) and the
    headers that keep it from being sniffed, framed, cached or referred."""
    response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
    for name, value in _HEADERS.items():
        response.headers[name] = value
    return response


def _cookie(response: Response, name: str, value: str) -> None:
    response.set_cookie(name, value, httponly=True, samesite="strict", path="/")


def guard(
    access: Access, upload_limit: int, refuse: Refusal
) -> Callable[[Request, Next], Awaitable[Response]]:
    """The middleware checking every request of one workbench."""

    async def check(request: Request, call_next: Next) -> Response:
        given = request.query_params.get(TOKEN_PARAMETER)
        if given is not None:
            if not access.token_matches(given):
                return secured(refuse(request, 403, WRONG_TOKEN))
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != TOKEN_PARAMETER]
            # The token leaves the address bar and the history at once.
            opened = RedirectResponse(
                request.url.path + ("?" + urlencode(rest) if rest else ""), status_code=303
            )
            _cookie(opened, ACCESS_COOKIE, access.cookie_value)
            if not request.cookies.get(SESSION_COOKIE):
                _cookie(opened, SESSION_COOKIE, access.new_session())
            return secured(opened)
        if not access.admits(request.cookies.get(ACCESS_COOKIE)):
            return secured(refuse(request, 403, NEEDS_TOKEN))
        if request.method == "POST":
            length = request.headers.get("content-length", "")
            if not length.isdigit():
                return secured(refuse(request, 411, "A form must say how large it is."))
            if int(length) > upload_limit:
                return secured(
                    refuse(
                        request,
                        413,
                        f"The upload is larger than this workbench accepts "
                        f"({upload_limit >> 20} MiB).",
                    )
                )
        session = request.cookies.get(SESSION_COOKIE)
        request.state.session = session or access.new_session()
        response = await call_next(request)
        if session is None:
            _cookie(response, SESSION_COOKIE, request.state.session)
        return secured(response)

    return check
