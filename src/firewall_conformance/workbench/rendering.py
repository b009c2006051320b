"""How a page is made and how a request is refused: one template folder, every form given its
token, every form sent back checked for it."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from firewall_conformance.workbench.access import FORM_FIELD, Access
from firewall_conformance.workbench.launcher import Launcher
from firewall_conformance.workbench.settings import Workbench

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")

BAD_FORM = (
    "This form did not come from this workbench's own page in this browser (its form token is "
    "missing, expired or wrong). Reload the page and send it again."
)


class Refused(Exception):
    """A request the workbench will not carry out; `message` tells the inspector why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def settings(request: Request) -> Workbench:
    workbench: Workbench = request.app.state.settings
    return workbench


def launcher(request: Request) -> Launcher:
    runs: Launcher = request.app.state.launcher
    return runs


def access(request: Request) -> Access:
    checker: Access = request.app.state.access
    return checker


def page(request: Request, template: str, /, *, status: int = 200, **context: Any) -> Response:
    """The template `template`, with the form token of this browser's session."""
    session = getattr(request.state, "session", None)
    token = access(request).form_token(session) if session else ""
    return templates.TemplateResponse(
        request,
        template,
        {"form_token": token, "form_field": FORM_FIELD, **context},
        status_code=status,
    )


def refusal(request: Request, status: int, message: str) -> Response:
    return templates.TemplateResponse(
        request, "refused.html", {"message": message}, status_code=status
    )


async def checked_form(request: Request) -> FormData:
    """The form sent, once its token shows it came from this workbench's page in this browser."""
    form = await request.form(max_files=4, max_fields=200)
    if not access(request).form_token_valid(
        form.get(FORM_FIELD), getattr(request.state, "session", None)
    ):
        raise Refused(403, BAD_FORM)
    return form


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def texts(form: FormData, name: str) -> list[str]:
    return [v for v in form.getlist(name) if isinstance(v, str) and v]


def saved_upload(form: FormData, name: str, folder: Path) -> Path | None:
    """The file uploaded as `name`, copied into `folder`; None when none was chosen."""
    upload = form.get(name)
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    handle, name = tempfile.mkstemp(dir=folder, suffix=".upload")
    with os.fdopen(handle, "wb") as sink:
        shutil.copyfileobj(upload.file, sink)
    return Path(name)
