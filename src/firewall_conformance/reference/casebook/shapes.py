"""The answers that differ from api-v1's in shape, not only in name: a search by one field at a
time, an export answered with the file itself, and the audit log in numbered pages with its
fields nested (who did it, what happened and whether it was allowed, as a boolean).

The casebook chains its log in its own shape: each entry's `digest` is the SHA-256 of its
canonical JSON without the digest, `prev` the digest before it, as a system that stores its log
this way would chain it (the hash rule of audit.py, applied to the casebook's entries)."""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .backend import Backend

SEARCH_FIELDS = ("family_name", "given_name", "date_of_birth", "phone", "document_number")
EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "ndjson": "application/x-ndjson"}
DEFAULT_PER_PAGE, MAX_PER_PAGE = 100, 1000
GENESIS = "0" * 64
_API_AUDIT_PAGE = 500


def passed_on(answer: Any) -> Response:
    """An api-v1 answer handed back as it came (status, body and type)."""
    return Response(
        answer.content,
        status_code=answer.status_code,
        media_type=answer.headers.get("content-type"),
    )


def _problem(text: str, status: int = 422) -> Response:
    return JSONResponse({"error": text}, status_code=status)


async def search(backend: Backend, user: str, request: Request) -> Response:
    """GET /cb/people?field=…&value=…: one field per query; no search by full name."""
    query = request.query_params
    field, value = query.get("field"), query.get("value")
    if field not in SEARCH_FIELDS or not value:
        return _problem(f"search by one field ({', '.join(SEARCH_FIELDS)}) and a value")
    params = {field: value, **({"reason": query["reason"]} if "reason" in query else {})}
    answer = await backend.send(user, "GET", "/api/v1/persons", params=params)
    if answer.status_code != 200:
        return passed_on(answer)
    return JSONResponse({"matches": answer.json().get("items", [])})


async def export(backend: Backend, user: str, request: Request) -> Response:
    """POST /cb/exports: the export file itself, not a note of where to fetch it."""
    made = await backend.send(
        user,
        "POST",
        "/api/v1/exports",
        content=await request.body(),
        content_type="application/json",
    )
    if made.status_code != 201:
        return passed_on(made)
    described = made.json()
    file = await backend.send(user, "GET", described["file_path"])
    if file.status_code != 200:
        return passed_on(file)
    return Response(
        file.content,
        media_type=EXPORT_TYPES.get(described.get("format", ""), "application/octet-stream"),
        headers={
            "X-Export-Id": str(described.get("export_id", "")),
            "X-Record-Count": str(described.get("record_count", "")),
        },
    )


def _nested(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "seq": entry["seq"],
        "at": entry["at"],
        "who": {"user": entry["actor"]},
        "event": {"kind": entry["action"], "ok": entry["outcome"] == "allowed"},
        "about": {"ids": entry["object"], "detail": entry["detail"]},
        "recipient": {"id": entry["recipient_id"], "class": entry["recipient_class"]},
        "basis": {"purpose": entry["purpose"], "law": entry["legal_basis"]},
    }


def chained(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Chain log entries in the casebook's shape: `digest` over the entry without it, `prev`
    the digest of the entry before."""
    previous = GENESIS
    for entry in entries:
        entry["prev"] = previous
        canonical = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        entry["digest"] = previous = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return entries


async def audit(backend: Backend, user: str, request: Request) -> Response:
    """GET /cb/audit?page=N&per_page=M: page N of the whole log, with the number of pages."""
    try:
        number = int(request.query_params.get("page", "1"))
        per_page = int(request.query_params.get("per_page", str(DEFAULT_PER_PAGE)))
    except ValueError:
        return _problem("page and per_page are whole numbers")
    if number < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        return _problem(f"page from 1, per_page from 1 to {MAX_PER_PAGE}")
    entries: list[dict[str, Any]] = []
    after: int | None = 0
    while after is not None:
        params = {"after": after, "limit": _API_AUDIT_PAGE}
        answer = await backend.send(user, "GET", "/api/v1/audit", params=params)
        if answer.status_code != 200:
            return passed_on(answer)
        body = answer.json()
        entries.extend(body["items"])
        after = body["next_after"]
    start = (number - 1) * per_page
    return JSONResponse(
        {
            "entries": chained([_nested(e) for e in entries])[start : start + per_page],
            "page": number,
            "total_pages": max(1, math.ceil(len(entries) / per_page)),
        }
    )
