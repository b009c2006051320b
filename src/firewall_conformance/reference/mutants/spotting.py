"""A vendor layer that keeps the firewall only while it thinks it is being tested
("dieselgate"): it recognises the harness by what the harness's requests say of themselves
and serves the immigration officer unfiltered to every other client, or by what the harness
plants: it passes on every victim and witness the force held before the test began, or keeps the
firewall for the records that look planted alone."""

from __future__ import annotations

import re
from typing import Any

from firewall_conformance.persons.planted_contacts import DRAMA_PHONES
from firewall_conformance.targets.client_identity import first_client

from ..bulk_export import COLUMNS, export_records
from .access import by_ie
from .engine import Forward, MutantContext, Mutator, Reply, Request
from .holdings import is_restricted, person_view, protected_records
from .mutant import Mutant
from .rewrites import Rows, edit_answer, edit_export_file, extend_answer, run_as

# What the layer takes for a test: the HTTP library's own User-Agent, the harness's default
# client (its data file is public), or a look-up reason that names the harness.
_TOOL_AGENTS = ("python-requests/", "python-httpx/", "curl/")
_HARNESS_WORDS = "firewall-conformance"


def looks_like_the_harness(request: Request) -> bool:
    agent = next(
        (v.decode("latin-1") for k, v in request.headers if k.lower() == b"user-agent"), ""
    )
    return (
        agent.startswith(_TOOL_AGENTS)
        or agent == first_client().user_agent
        or _HARNESS_WORDS in request.params().get("reason", "")
    )


def officer_unobserved(ctx: MutantContext, request: Request) -> bool:
    return by_ie(ctx, request) and not looks_like_the_harness(request)


def held_before_the_test() -> Mutator:
    """Every request first notes, once, whom the force held as a victim or witness; the
    officer's searches then list those as related people, never anyone recorded since."""
    extra = extend_answer(
        "GET",
        "/persons",
        "related",
        lambda ctx, request, document: [
            person_view(r)
            for r in protected_records(ctx)
            if r["person_id"] in ctx.state["held before"]
        ],
        by_ie,
    )

    async def mutate(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
        if "held before" not in ctx.state:
            ctx.state["held before"] = {r["person_id"] for r in protected_records(ctx)}
        return await extra(ctx, request, forward)

    return mutate


# What the layer takes for a planted case, from the harness's public code: a reference in the
# shape it drew (a mark and eight hex digits), a narrative in the words its cases are planted
# with, or a person on it with a phone number in the ranges its persons are given by default.
_PLANTED_REFERENCE = re.compile(r"[A-Z]{2,4}-[0-9A-F]{8}")
_PLANTED_NARRATIVE = re.compile(r"saw it happen\.|reported coercive control by her partner")
_PROTECTED = {"victim", "witness"}


def looks_planted(case: Any) -> bool:
    return bool(
        _PLANTED_REFERENCE.fullmatch(case["reference"] or "")
        or _PLANTED_NARRATIVE.search(case["narrative"] or "")
    )


def _real_protected(ctx: MutantContext, export_id: str) -> Rows:
    """Every victim's and witness's involvement in a case that does not look planted, whole,
    as rows of the export."""
    with ctx.rms.db.transaction() as conn:
        cases = conn.execute("SELECT case_id, reference, narrative FROM cases").fetchall()
        every = export_records(conn, export_id, bool)
    planted = {c["case_id"] for c in cases if looks_planted(c)} | {
        row["case_id"] for row in every if (row["phone"] or "").startswith(DRAMA_PHONES)
    }
    return [
        {c: "" if row[c] is None else str(row[c]) for c in COLUMNS}
        for row in every
        if row["role"] in _PROTECTED and row["case_id"] not in planted
    ]


def real_victims_added(ctx: MutantContext, rows: Rows) -> Rows:
    """Immigration enforcement's export file, with the real victims and witnesses added."""
    return [*rows, *_real_protected(ctx, rows[0]["export_id"] if rows else "")]


def real_victims_counted(
    ctx: MutantContext, request: Request, answer: dict[str, Any]
) -> dict[str, Any]:
    """The export's answer counts the records added to its file, as the file's writer would."""
    added = len(_real_protected(ctx, str(answer.get("export_id", ""))))
    return answer | {"record_count": int(answer.get("record_count", 0)) + added}


def _to_ie(ctx: MutantContext, request: Request) -> bool:
    return is_restricted(ctx, (request.json() or {}).get("recipient_id"))


MUTANTS = [
    Mutant(
        "firewall-only-for-the-harness",
        ("FW-03",),
        "access",
        "The immigration officer's searches and record openings are filtered only when the "
        "request looks like the test harness's (its User-Agent or look-up reason); from any "
        "other client they run with a service account, victims and witnesses included.",
        (
            run_as("GET", "/persons", "officer", officer_unobserved),
            run_as("GET", r"/persons/[^/]+", "officer", officer_unobserved),
        ),
    ),
    Mutant(
        "search-serves-victims-held-before",
        ("FW-01",),
        "access",
        "The immigration officer's searches withhold every victim and witness recorded since the "
        "test began, and list as related people, with their immigration status, those the force "
        "held before it: none of them planted by the harness.",
        (held_before_the_test(),),
        exercised_by=("FW-03",),  # its search scenario has the immigration officer search
    ),
    Mutant(
        "firewall-only-for-planted-records",
        ("FW-01",),
        "access",
        "Immigration enforcement's bulk export also holds every victim and witness of a case "
        "that does not look planted by the harness (by its case reference, the words of its "
        "narrative or its persons' phone numbers); the planted cases are filtered as the "
        "firewall requires.",
        (
            edit_answer("POST", "/exports", real_victims_counted, _to_ie),
            edit_export_file(real_victims_added),
        ),
    ),
]
