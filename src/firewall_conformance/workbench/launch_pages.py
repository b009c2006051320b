"""Starting a run from the browser: the reference demo, a run against a profile of the
profiles folder (or one just uploaded), and an offline run over an uploaded export bundle.
What a form may choose is what the CLI declares (run/options.py, the catalogue, the faults);
anything else is refused, never passed on."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from firewall_conformance.obligations.catalogue import load_catalogue
from firewall_conformance.reference.faults import FAULTS
from firewall_conformance.run.options import run_option_forms
from firewall_conformance.workbench.launcher import LOG_FOLDER, LaunchRefused
from firewall_conformance.workbench.profiles import (
    credential_variables,
    list_profiles,
    problems,
    profile_path,
    saved_name,
)
from firewall_conformance.workbench.rendering import (
    Refused,
    checked_form,
    launcher,
    page,
    saved_upload,
    settings,
    text,
    texts,
)
from firewall_conformance.workbench.unpack import HostileArchive, unpack

router = APIRouter()
Form = Annotated[FormData, Depends(checked_form)]
REFERENCE = "the embedded reference system"
CREDENTIAL = "credential:"


def _choice_list(option: str) -> tuple[str, ...]:
    return run_option_forms()[option][1].choice_list()


def _choices() -> dict[str, Any]:
    return {
        "jurisdictions": _choice_list("jurisdiction"),
        "scopes": _choice_list("scope"),
        "obligations": load_catalogue().obligations,
        "faults": FAULTS,
    }


def _chosen(form: FormData, name: str, option: str, what: str) -> str:
    value = text(form, name)
    known = _choice_list(option)
    if value not in known:
        raise Refused(400, f"Choose {what} among {', '.join(known)}.")
    return value


def _common(request: Request, form: FormData) -> list[str]:
    """The options every kind of run takes from its form, each checked against the choices.
    A waivers file uploaded with the form is kept beside the runs (outside any run folder) and
    checked by the run itself, as `run --waivers` checks it."""
    arguments = [
        "--profile",
        _chosen(form, "jurisdiction", "jurisdiction", "a jurisdiction profile"),
        "--scope",
        _chosen(form, "scope", "scope", "a scope"),
    ]
    catalogue = load_catalogue()
    for obligation in texts(form, "obligation"):
        if obligation not in catalogue:
            raise Refused(400, f"{obligation[:20]!r} is not an obligation of the catalogue.")
        arguments += ["--obligation", obligation]
    if text(form, "pinned"):
        arguments.append("--pinned")
    if not text(form, "html"):
        arguments.append("--no-html")
    kept = settings(request).runs / LOG_FOLDER / "waivers"
    kept.mkdir(parents=True, exist_ok=True, mode=0o700)
    waivers = saved_upload(form, "waivers", kept)
    if waivers is not None:
        arguments += ["--waivers", str(waivers)]
    return arguments


def _started(
    request: Request, key: str, label: str, arguments: list[str], env: dict[str, str]
) -> Response:
    try:
        run_id = launcher(request).start(key, label, arguments, env)
    except LaunchRefused as exc:
        raise Refused(409, str(exc)) from exc
    return RedirectResponse(f"/runs/{run_id}", status_code=303)


@router.get("/new")
def new_run(request: Request) -> Response:
    folder = settings(request).profiles
    return page(
        request, "new.html", profiles=list_profiles(folder), profiles_folder=folder, **_choices()
    )


@router.post("/runs/reference")
def start_reference(request: Request, form: Form) -> Response:
    arguments = _common(request, form)
    fault = text(form, "fault")
    if fault:
        if fault not in FAULTS:
            raise Refused(400, f"{fault[:20]!r} is not a fault of the reference system.")
        arguments += ["--reference-fault", fault]
    label = REFERENCE + (f" with fault {fault}" if fault else "")
    return _started(request, REFERENCE, label, arguments, {})


def _profile(request: Request, name: str) -> Path:
    path = profile_path(settings(request).profiles, name)
    if path is None:
        raise Refused(404, f"There is no profile {name[:80]!r} in the profiles folder.")
    return path


@router.get("/new/profile")
def profile_form(request: Request, name: str = "") -> Response:
    path = _profile(request, name)
    found = problems(path)
    variables = [] if found else credential_variables(path)
    return page(
        request,
        "profile.html",
        name=name,
        problems=found,
        variables=variables,
        credential=CREDENTIAL,
        **_choices(),
    )


@router.post("/runs/profile")
def start_profile(request: Request, form: Form) -> Response:
    name = text(form, "name")
    path = _profile(request, name)
    found = problems(path)
    if found:
        raise Refused(400, f"The profile {name} is not valid: " + "; ".join(found))
    arguments = ["--target", str(path), *_common(request, form)]
    if text(form, "read_only"):
        arguments.append("--read-only")
    typed = {
        key.removeprefix(CREDENTIAL): value
        for key, value in form.multi_items()
        if key.startswith(CREDENTIAL) and isinstance(value, str) and value
    }
    named = credential_variables(path)
    unknown = set(typed) - set(named)
    if unknown:
        raise Refused(400, "The profile takes no credential named " + ", ".join(sorted(unknown)))
    # Only what was typed: a variable of the workbench's own environment must not answer for a
    # profile (perhaps the vendor's) that names it, or its holder's secret goes to the target.
    credentials = {variable: typed.get(variable, "") for variable in named}
    return _started(request, f"profile:{path}", f"the profile {name}", arguments, credentials)


@router.post("/profiles")
def upload_profile(request: Request, form: Form) -> Response:
    folder = settings(request).profiles
    if folder is None:
        raise Refused(400, "This workbench was started without a profiles folder (--profiles).")
    name = saved_name(text(form, "name"))
    if name is None:
        raise Refused(400, "Name the profile as a plain file name ending in .yaml.")
    if (folder / name).exists():
        raise Refused(409, f"A profile named {name} is already in the profiles folder.")
    upload = saved_upload(form, "profile", folder)
    if upload is None:
        raise Refused(400, "Choose a profile file to upload.")
    checked = upload.with_name(f".{upload.name}.yaml")
    upload.rename(checked)
    found = problems(checked)
    if found:
        checked.unlink()
        return page(request, "profile_problems.html", status=400, name=name, problems=found)
    checked.rename(folder / name)
    return RedirectResponse(f"/new/profile?name={name}", status_code=303)


@router.post("/runs/bundle")
def start_bundle(request: Request, form: Form) -> Response:
    arguments = _common(request, form)
    bundles = settings(request).runs / LOG_FOLDER / "bundles"
    bundles.mkdir(parents=True, exist_ok=True, mode=0o700)
    upload = saved_upload(form, "bundle", bundles)
    if upload is None:
        raise Refused(400, "Choose an export bundle (a zip) to upload.")
    into = bundles / secrets.token_hex(6)
    into.mkdir()
    try:
        folder = unpack(upload, into)
    except HostileArchive as exc:
        raise Refused(400, f"The export bundle is refused: {exc}.") from exc
    finally:
        upload.unlink()
    return _started(
        request,
        f"bundle:{folder}",
        "an uploaded export bundle",
        ["--bundle", str(folder), *arguments],
        {},
    )
