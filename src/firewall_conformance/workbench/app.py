"""The workbench application: its pages, its guard, and the runs it started."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from firewall_conformance.workbench import launch_pages, runs_pages, verify_page
from firewall_conformance.workbench.access import Access
from firewall_conformance.workbench.guard import guard
from firewall_conformance.workbench.launcher import Launcher
from firewall_conformance.workbench.rendering import Refused, refusal
from firewall_conformance.workbench.settings import Workbench

# What the framework's own refusals say, in the pages' words rather than as JSON.
_UNROUTED = {
    404: "There is no such page in this workbench.",
    405: "That page is not used that way: use its form or its link.",
}


def create_app(settings: Workbench) -> FastAPI:
    """A workbench over `settings.runs`; no API description is served, only pages."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    access = Access(settings.token, settings.secret)
    app.state.settings = settings
    app.state.access = access
    app.state.launcher = Launcher(settings)
    app.middleware("http")(guard(access, settings.upload_limit, refusal))

    @app.exception_handler(Refused)
    def refused(request: Request, exc: Refused) -> Response:
        return refusal(request, exc.status, exc.message)

    @app.exception_handler(HTTPException)
    def no_such_page(request: Request, exc: HTTPException) -> Response:
        return refusal(request, exc.status_code, _UNROUTED.get(exc.status_code, str(exc.detail)))

    for module in (runs_pages, launch_pages, verify_page):
        app.include_router(module.router)
    return app
