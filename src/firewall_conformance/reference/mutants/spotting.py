"""A vendor layer that keeps the firewall only while it thinks it is being tested
("dieselgate"): it recognises the harness by what the harness's requests say of themselves
and serves the immigration officer unfiltered to every other client, or by what the harness
plants, and passes on every victim and witness the force held before the test began."""

from __future__ import annotations

from firewall_conformance.targets.client_identity import first_client

from .access import by_ie
from .engine import Forward, MutantContext, Mutator, Reply, Request
from .holdings import person_view, protected_records
from .mutant import Mutant
from .rewrites import extend_answer, run_as

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
    ),
]
