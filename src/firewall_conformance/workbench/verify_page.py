"""Verify: an evidence zip (and, optionally, the signer's public key) uploaded and checked as
`firewall-conformance verify` checks a reports folder; nothing uploaded is kept."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from firewall_conformance.signed_evidence.verify import verify
from firewall_conformance.workbench.rendering import Refused, checked_form, page, saved_upload
from firewall_conformance.workbench.unpack import HostileArchive, unpack

router = APIRouter()


@router.get("/verify")
def verify_form(request: Request) -> Response:
    return page(request, "verify.html", outcome=None)


@router.post("/verify")
def verify_upload(request: Request, form: Annotated[FormData, Depends(checked_form)]) -> Response:
    with tempfile.TemporaryDirectory(prefix="fwc-verify-") as scratch:
        uploads = Path(scratch) / "uploads"
        uploads.mkdir()
        evidence = saved_upload(form, "evidence", uploads)
        if evidence is None:
            raise Refused(400, "Choose an evidence zip to verify.")
        key = saved_upload(form, "public_key", uploads)
        unpacked = Path(scratch) / "evidence"
        unpacked.mkdir()
        try:
            folder = unpack(evidence, unpacked)
        except HostileArchive as exc:
            raise Refused(400, f"The evidence zip is refused: {exc}.") from exc
        outcome = verify(folder, key)
    return page(request, "verify.html", outcome=outcome, with_key=key is not None)
