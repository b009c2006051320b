"""Mutator factories shared by the mutant classes: add to an answer, succeed where the
reference refuses, answer as another user, hide audit-log entries."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from ..egress import get_export
from .engine import Forward, MutantContext, Mutator, Reply, Request, on
from .holdings import is_restricted

Extra = Callable[[MutantContext, Request, Any], Any]
# A rewrite of a JSON object answer (``edit_answer``).
AnswerEdit = Callable[[MutantContext, Request, dict[str, Any]], dict[str, Any]]
When = Callable[[MutantContext, Request], bool]


def always(ctx: MutantContext, request: Request) -> bool:
    return True


def extend_answer(
    method: str, pattern: str, key: str, extra: Extra, when: When = always
) -> Mutator:
    """Append what ``extra`` returns to the list under ``key`` in a successful JSON answer."""

    @on(method, pattern)
    async def mutate(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
        reply = await forward(request)
        document = reply.json()
        if not reply.ok or not isinstance(document, dict) or not when(ctx, request):
            return reply
        document[key] = [*document.get(key, []), *extra(ctx, request, document)]
        return reply.with_json(document)

    return mutate


def edit_answer(
    method: str,
    pattern: str,
    edit: Callable[[MutantContext, Request, Any], Any],
    when: When = always,
) -> Mutator:
    """Replace a successful JSON answer by ``edit(ctx, request, document)``."""

    @on(method, pattern)
    async def mutate(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
        reply = await forward(request)
        document = reply.json()
        if not reply.ok or document is None or not when(ctx, request):
            return reply
        return reply.with_json(edit(ctx, request, document))

    return mutate


def succeed_anyway(method: str, pattern: str, answer: Extra, when: When = always) -> Mutator:
    """Where the reference refuses (4xx), answer 201 with ``answer(ctx, request, refusal)``."""

    @on(method, pattern)
    async def mutate(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
        reply = await forward(request)
        if reply.ok or not 400 <= reply.status < 500 or not when(ctx, request):
            return reply
        return reply.with_json(answer(ctx, request, reply.json()), status=201)

    return mutate


def run_as(method: str, pattern: str, username: str, when: When = always) -> Mutator:
    """The requests ``when`` picks out are made with ``username``'s token instead."""

    @on(method, pattern)
    async def mutate(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
        chosen = when(ctx, request)
        return await forward(request.as_token(ctx.tokens[username]) if chosen else request)

    return mutate


def hide_log_entries(keep: Callable[[MutantContext, dict[str, Any]], bool]) -> Mutator:
    """Audit-log pages leave out the entries ``keep`` rejects (the chain is left as it is)."""
    return edit_answer(
        "GET",
        "/audit",
        lambda ctx, request, page: (
            page | {"items": [entry for entry in page.get("items", []) if keep(ctx, entry)]}
        ),
    )


Rows = list[dict[str, Any]]


def edit_export_file(
    edit: Callable[[MutantContext, Rows], Rows], restricted: bool = True
) -> Mutator:
    """Rewrite the rows of a downloaded export file (CSV or NDJSON) with ``edit``: only files
    for immigration enforcement when ``restricted``, only the others otherwise."""

    @on("GET", r"/exports/[^/]+/file")
    async def mutate(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
        reply = await forward(request)
        export_id = request.path.split("/")[-2]
        with ctx.rms.db.transaction() as conn:
            export = get_export(conn, export_id)
        if (
            not reply.ok
            or export is None
            or is_restricted(ctx, export["recipient_id"]) != restricted
        ):
            return reply
        text = reply.body.decode("utf-8")
        if export["format"] == "csv":
            rows = edit(ctx, list(csv.DictReader(io.StringIO(text))))
            columns = list(dict.fromkeys(c for row in rows for c in row))
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
            return reply.with_body(out.getvalue().encode("utf-8"))
        rows = edit(ctx, [json.loads(line) for line in text.splitlines() if line.strip()])
        lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        return reply.with_body(lines.encode("utf-8"))

    return mutate
