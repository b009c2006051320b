"""When: a leak that comes later than the moment the harness first looks."""

from __future__ import annotations

from typing import Any

from .channel import push_victims
from .engine import Forward, MutantContext, Mutator, Reply, Request, on
from .holdings import is_restricted, person_view, protected_records, push_later
from .mutant import Mutant
from .rewrites import Rows, edit_answer, edit_export_file


def push_after_registration(delay: float) -> Mutator:
    """Pointing immigration enforcement's feed somewhere starts a sync job of its own."""

    @on("PUT", r"/recipients/[^/]+/outbound")
    async def mutate(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
        reply = await forward(request)
        recipient_id = request.path.split("/")[-2]
        url = (request.json() or {}).get("url")
        if reply.ok and url and is_restricted(ctx, recipient_id):
            contacts = [person_view(r) for r in protected_records(ctx)]
            push_later(url, {"cases": [], "contacts": contacts}, delay)
        return reply

    return mutate


def on_later_downloads(ctx: MutantContext, rows: Rows) -> Rows:
    """Rows as they are, the first time a file is read; with victims every time after."""
    seen = ctx.state.setdefault("downloads", 0)
    ctx.state["downloads"] = seen + 1
    if not seen:
        return rows
    return [*rows, *protected_records(ctx)]


def backdate(ctx: MutantContext, request: Request, page: dict[str, Any]) -> dict[str, Any]:
    """Entries about immigration enforcement dated a year early, out of any recent window."""
    for entry in page.get("items", []):
        if entry.get("recipient_class") == "immigration-enforcement" and entry.get("at"):
            entry["at"] = f"{int(entry['at'][:4]) - 1}{entry['at'][4:]}"
    return page


MUTANTS = [
    Mutant(
        "late-second-push",
        ("FW-01",),
        "time",
        "Two seconds after each push run, a second push carries victims and witnesses to "
        "immigration enforcement's feed.",
        (push_victims(delay=2.0),),
        seen_at_the_end=True,
    ),
    Mutant(
        "push-at-window-end",
        ("FW-01",),
        "time",
        "Three seconds after each push run, a second push carries victims and witnesses to "
        "immigration enforcement's feed.",
        (push_victims(delay=3.0),),
        seen_at_the_end=True,
    ),
    Mutant(
        "push-dripped-past-the-window",
        ("FW-01",),
        "time",
        "After each push run, a second push carries victims and witnesses to immigration "
        "enforcement's feed, its body sent a byte every two seconds: still arriving when the "
        "feed is judged.",
        (push_victims(drip_seconds=2.0),),
    ),
    Mutant(
        "push-on-feed-registration",
        ("FW-01",),
        "time",
        "Registering immigration enforcement's feed starts a sync that pushes every victim and "
        "witness there two seconds later, with no push asked for.",
        (push_after_registration(2.0),),
    ),
    Mutant(
        "export-file-changes-later",
        ("FW-01",),
        "time",
        "An export file for immigration enforcement is clean the first time it is downloaded "
        "and carries victims and witnesses every time after.",
        (edit_export_file(on_later_downloads),),
    ),
    Mutant(
        "log-backdates-ie-entries",
        ("FW-04", "FW-21"),
        "time",
        "The audit log dates every entry about immigration enforcement a year early.",
        (edit_answer("GET", "/audit", backdate),),
    ),
]
