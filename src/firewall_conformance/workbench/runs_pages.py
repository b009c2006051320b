"""The pages over the runs folder: the list of runs, one run (live while it goes), its report
files, its evidence as a zip, and two runs compared."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from fastapi import APIRouter
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from firewall_conformance.reporting.allure_html import CSP as REPORT_CSP
from firewall_conformance.workbench.comparison import compare
from firewall_conformance.workbench.rendering import Refused, launcher, page, settings
from firewall_conformance.workbench.runs_folder import OutsideRuns, confined, write_zip
from firewall_conformance.workbench.summaries import list_runs, read_summary

router = APIRouter()
# How often a run's page reloads itself while the run goes (no script: a refresh header).
REFRESH_SECONDS = 2


def _run_folder(request: Request, run_id: str) -> Path:
    try:
        folder = confined(settings(request).runs, run_id)
    except OutsideRuns as exc:
        raise Refused(404, f"There is no run {run_id[:80]!r}: {exc}.") from exc
    if not folder.is_dir():
        raise Refused(404, f"There is no run {run_id[:80]!r}.")
    return folder


@router.get("/")
def runs_list(request: Request) -> Response:
    runs = list_runs(settings(request).runs)
    going = {r.id for r in runs if (p := launcher(request).progress(r.id)) and p.running}
    return page(request, "runs.html", runs=runs, going=going)


@router.get("/runs/{run_id}")
def run_page(request: Request, run_id: str) -> Response:
    progress = launcher(request).progress(run_id)
    if progress is not None and progress.running:
        response = page(request, "running.html", run_id=run_id, progress=progress)
        response.headers["Refresh"] = str(REFRESH_SECONDS)
        return response
    summary = read_summary(_run_folder(request, run_id))
    return page(request, "run.html", run=summary, progress=progress)


@router.get("/runs/{run_id}/files/{path:path}")
def run_file(request: Request, run_id: str, path: str) -> Response:
    try:
        file = confined(settings(request).runs, f"{run_id}/{path}")
    except OutsideRuns as exc:
        raise Refused(404, f"Not served: {exc}.") from exc
    if not file.is_file():
        raise Refused(404, f"Not served: {path[:80]!r} is a folder, not a file.")
    return FileResponse(file, headers={"Content-Security-Policy": REPORT_CSP})


@router.get("/runs/{run_id}/evidence.zip")
def evidence_zip(request: Request, run_id: str) -> Response:
    progress = launcher(request).progress(run_id)
    if progress is not None and progress.running:
        raise Refused(409, "The run is still going; its evidence can be downloaded once it ends.")
    folder = _run_folder(request, run_id)
    handle, name = tempfile.mkstemp(suffix=".zip")
    with os.fdopen(handle, "wb") as out:
        write_zip(folder, out)
    return FileResponse(
        name,
        media_type="application/zip",
        filename=f"{run_id}.zip",
        background=BackgroundTask(os.unlink, name),
    )


@router.get("/compare")
def compare_page(request: Request, before: str = "", after: str = "") -> Response:
    runs = [r for r in list_runs(settings(request).runs) if not r.problem]
    if not (before and after):
        return page(request, "compare.html", runs=runs, changes=None, before=None, after=None)
    first = read_summary(_run_folder(request, before))
    second = read_summary(_run_folder(request, after))
    unreadable = [r for r in (first, second) if r.problem]
    return page(
        request,
        "compare.html",
        runs=runs,
        before=first,
        after=second,
        unreadable=unreadable,
        changes=None if unreadable else compare(first, second),
    )
