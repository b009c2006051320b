"""What the log hides: entries left out, renumbered or re-chained so the log still looks
whole, or gone on a second read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..audit import GENESIS_HASH, entry_hash, page
from .engine import Forward, MutantContext, Mutator, Reply, Request, on
from .mutant import Mutant
from .rewrites import edit_answer, hide_log_entries

Keep = Callable[[dict[str, Any]], bool]
WHOLE_LOG = 1_000_000


def forged_log(keep: Keep, renumber: bool, rechain: bool) -> Mutator:
    """Serve the log with only the entries ``keep`` accepts, in the reference's paging; with
    ``renumber`` the sequence is made consecutive again, with ``rechain`` the hashes too."""

    @on("GET", "/audit")
    async def mutate(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
        reply = await forward(request)
        if not reply.ok:
            return reply
        with ctx.rms.db.transaction() as conn:
            entries, _ = page(conn, 0, WHOLE_LOG)
        kept: list[dict[str, Any]] = []
        previous = GENESIS_HASH
        for entry in filter(keep, entries):
            if renumber:
                entry["seq"] = len(kept) + 1
            if rechain:
                entry["prev_hash"] = previous
                entry["hash"] = previous = entry_hash(entry)
            kept.append(entry)
        params = request.params()
        after, limit = int(params.get("after") or 0), int(params.get("limit") or 100)
        later = [e for e in kept if e["seq"] > after]
        items = later[:limit]
        next_after = items[-1]["seq"] if len(later) > limit else None
        return reply.with_json({"items": items, "next_after": next_after})

    return mutate


def not_action(*actions: str) -> Keep:
    return lambda entry: entry["action"] not in actions


def not_about_ie(*actions: str) -> Keep:
    return lambda entry: (
        not (
            entry["action"] in actions and entry.get("recipient_class") == "immigration-enforcement"
        )
    )


def vanish_on_second_read(ctx: MutantContext, entry: dict[str, Any]) -> bool:
    """A disclosure entry is served once; the next read of the log no longer has it."""
    if entry["action"] != "disclosure":
        return True
    seen = ctx.state.setdefault("served", set())
    if entry["seq"] in seen:
        return False
    seen.add(entry["seq"])
    return True


def blank_recipient(ctx: MutantContext, request: Request, page_: dict[str, Any]) -> dict[str, Any]:
    for entry in page_.get("items", []):
        if entry.get("recipient_class") == "immigration-enforcement":
            entry["recipient_id"] = entry["recipient_class"] = None
    return page_


MUTANTS = [
    Mutant(
        "disclosure-entry-vanishes",
        ("FW-04",),
        "audit-log",
        "A disclosure's log entry is shown the first time the log is read and is gone after.",
        (hide_log_entries(vanish_on_second_read),),
    ),
    Mutant(
        "exports-dropped-renumbered",
        ("FW-04",),
        "audit-log",
        "Export entries are left out of the log and the rest renumbered 1, 2, 3 (the hash "
        "chain is left as it was).",
        (forged_log(not_action("export"), renumber=True, rechain=False),),
    ),
    Mutant(
        "exports-dropped-rechained",
        ("FW-04",),
        "audit-log",
        "Export entries are left out of the log, and the rest renumbered and re-chained so the "
        "hash chain verifies.",
        (forged_log(not_action("export"), renumber=True, rechain=True),),
    ),
    Mutant(
        "ie-disclosures-unlogged",
        ("FW-04",),
        "audit-log",
        "Disclosures to immigration enforcement never appear in the log, which is re-chained "
        "so it still verifies.",
        (forged_log(not_about_ie("disclosure", "exceptional-disclosure"), True, True),),
        # FW-01's scenario asks to disclose to immigration enforcement and reads the log for it.
        exercised_by=("FW-01",),
    ),
    Mutant(
        "outbound-pushes-unlogged",
        ("FW-04",),
        "audit-log",
        "Outbound pushes are left out of the log, which is re-chained so it still verifies.",
        (forged_log(not_action("outbound"), renumber=True, rechain=True),),
        exercised_by=("FW-01",),  # its outbound feeds scenario has the target push
        seen_at_the_end=True,
    ),
    Mutant(
        "refusals-unlogged",
        ("FW-03", "FW-04"),
        "audit-log",
        "Refused and denied attempts are left out of the log, which is re-chained.",
        (forged_log(lambda e: e["outcome"] == "allowed", renumber=True, rechain=True),),
    ),
    Mutant(
        "log-recipient-blanked",
        ("FW-04",),
        "audit-log",
        "Log entries about immigration enforcement show no recipient.",
        (edit_answer("GET", "/audit", blank_recipient),),
    ),
    Mutant(
        "log-entries-dropped-gap",
        ("FW-04",),
        "audit-log",
        "Export entries are left out of the log, leaving gaps in the sequence and the chain.",
        (forged_log(not_action("export"), renumber=False, rechain=False),),
    ),
]
