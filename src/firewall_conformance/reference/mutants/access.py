"""How hard access is tried: the immigration officer's search or read is served after all,
for a variant of the request the firewall did not expect, or on the second try."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any

from ..db import new_id, utc_now
from ..records import get_persons
from ..users import IMMIGRATION_ENFORCEMENT
from .engine import Forward, MutantContext, Mutator, Reply, Request, on, refusal
from .mutant import Mutant
from .rewrites import run_as

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def by_ie(ctx: MutantContext, request: Request) -> bool:
    return ctx.role_of(request) == IMMIGRATION_ENFORCEMENT


def single_word_search(ctx: MutantContext, request: Request) -> bool:
    return by_ie(ctx, request) and " " not in request.params().get("name", "").strip()


def name_not_as_recorded(ctx: MutantContext, request: Request) -> bool:
    """A name in one letter case, or with spaces around it: not as a person's name is
    recorded, so the firewall's exact comparison does not recognise it."""
    name = request.params().get("name", "")
    return by_ie(ctx, request) and (name != name.strip() or name.isupper() or name.islower())


@on("GET", "/persons")
async def search_by_birth_date(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
    """A date typed into the name box searches dates of birth, for everyone, unfiltered."""
    reply = await forward(request)
    text = request.params().get("name", "").strip()
    if not reply.ok or not _DATE.fullmatch(text):
        return reply
    with ctx.rms.db.transaction() as conn:
        ids = [
            r["person_id"]
            for r in conn.execute("SELECT person_id FROM persons WHERE date_of_birth = ?", (text,))
        ]
        found = get_persons(conn, ids)
    return reply.with_json(_listed(found))


def _listed(found: list[dict[str, Any]]) -> dict[str, Any]:
    """Persons as a search lists them."""
    items = [
        {k: p.get(k) for k in ("person_id", "given_name", "family_name", "date_of_birth", "roles")}
        for p in found
    ]
    return {"items": items, "total": len(items)}


@on("GET", "/persons")
async def birth_date_withheld_count(
    ctx: MutantContext, request: Request, forward: Forward
) -> Reply:
    """A search by date of birth tells the immigration officer how many records born that
    day were withheld from it."""
    reply = await forward(request)
    born = request.params().get("date_of_birth", "")
    answer = reply.json()
    if not reply.ok or not born or not by_ie(ctx, request) or not isinstance(answer, dict):
        return reply
    with ctx.rms.db.transaction() as conn:
        [(held,)] = conn.execute("SELECT count(*) FROM persons WHERE date_of_birth = ?", (born,))
    withheld = held - int(answer.get("total", 0))
    return reply.with_json({**answer, "withheld": withheld}) if withheld else reply


def id_variant(normalise: Callable[[str], str]) -> Mutator:
    """An id the reference does not know is normalised and read with a service account."""

    @on("GET", r"/persons/[^/]+/?")
    async def mutate(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
        reply = await forward(request)
        if reply.status not in (404, 307) or not by_ie(ctx, request):
            return reply
        asked = request.path.rstrip("/").rsplit("/", 1)[-1]
        with ctx.rms.db.transaction() as conn:
            ids = [r["person_id"] for r in conn.execute("SELECT person_id FROM persons")]
        match = next((i for i in ids if normalise(i) == normalise(asked)), None)
        if match is None:
            return reply
        canonical = request.path.rstrip("/").rsplit("/", 1)[0] + "/" + match
        if canonical == request.path:  # the id as stored: the firewall's own refusal stands
            return reply
        again = Request(request.method, canonical, request.query, request.headers, request.body)
        return await forward(again.as_token(ctx.tokens["officer"]))

    return mutate


@on("GET", r"/persons/[^/]+/?")
async def respelling_refused_as_firewalled(
    ctx: MutantContext, request: Request, forward: Forward
) -> Reply:
    """An id in other letter case that names a record the immigration officer may not open is
    refused as firewalled, where one naming no record is not found."""
    reply = await forward(request)
    if reply.status != 404 or not by_ie(ctx, request):
        return reply
    asked = request.path.rsplit("/", 1)[-1]
    with ctx.rms.db.transaction() as conn:
        ids = [r["person_id"] for r in conn.execute("SELECT person_id FROM persons")]
    if asked in ids or not any(i.casefold() == asked.casefold() for i in ids):
        return reply
    return refusal(403, "this record is firewalled from immigration enforcement")


@on("GET", "/persons")
async def repeated_search_unfiltered(
    ctx: MutantContext, request: Request, forward: Forward
) -> Reply:
    """A search asked again is served from a cache filled with the unfiltered result of the
    first, the firewall's filter running only when the cache misses."""
    if not by_ie(ctx, request):
        return await forward(request)
    cached = ctx.state.setdefault("searched", set())
    if request.query not in cached:
        cached.add(request.query)
        return await forward(request)
    return await forward(request.as_token(ctx.tokens["officer"]))


def asks_for_csv(ctx: MutantContext, request: Request) -> bool:
    return any(
        name.lower() == b"accept" and b"text/csv" in value for name, value in request.headers
    )


def _as_csv(reply: Reply, rows: list[Any]) -> Reply:
    """`reply` with `rows` (objects) as its body, in CSV, their nested values left out."""
    flat = [
        {k: v for k, v in row.items() if not isinstance(v, (dict, list))}
        for row in rows
        if isinstance(row, dict)
    ]
    lines = [",".join(flat[0]) if flat else ""]
    lines += [",".join(str(v) for v in row.values()) for row in flat]
    body = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    kept = tuple(h for h in reply.headers if h[0].lower() != b"content-type")
    return Reply(reply.status, (*kept, (b"content-type", b"text/csv")), reply.body).with_body(body)


def _csv_download(rows: Callable[[dict[str, Any]], list[Any]]) -> Mutator:
    """A read asked for as CSV is rendered by a download path that reads it with the service
    account, whoever asked; `rows` picks the rows out of the JSON answer."""

    async def download(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
        if not asks_for_csv(ctx, request):
            return await forward(request)
        reply = await forward(request.as_token(ctx.tokens["officer"]))
        document = reply.json()
        if not reply.ok or not isinstance(document, dict):
            return reply
        return _as_csv(reply, rows(document))

    return download


csv_record = on("GET", r"/persons/[^/]+")(_csv_download(lambda record: [record]))
csv_search = on("GET", "/persons")(_csv_download(lambda answer: answer.get("items", [])))


async def publishes_record_view(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
    """The published interface offers a `view` of a person record: summary or full."""
    reply = await forward(request)
    if request.path != "/openapi.json" or not reply.ok:
        return reply
    document = reply.json()
    if not isinstance(document, dict):
        return reply
    operation = document["paths"]["/api/v1/persons/{person_id}"]["get"]
    view = {"type": "string", "enum": ["summary", "full"], "default": "summary"}
    operation["parameters"] = [
        *operation.get("parameters", []),
        {"name": "view", "in": "query", "required": False, "schema": view},
    ]
    return reply.with_json(document)


@on("GET", "/persons")
async def sorted_search_counts_withheld(
    ctx: MutantContext, request: Request, forward: Forward
) -> Reply:
    """A search sorted by date of birth tells the immigration officer how many records were
    withheld from it (the sorted query counts before the firewall filters)."""
    reply = await forward(request)
    if not reply.ok or not sorted_by_birth_date(ctx, request):
        return reply
    answer = reply.json()
    if not isinstance(answer, dict):
        return reply
    unfiltered = await forward(request.as_token(ctx.tokens["officer"]))
    everyone = unfiltered.json()
    if not isinstance(everyone, dict):
        return reply
    withheld = int(everyone.get("total", 0)) - int(answer.get("total", 0))
    return reply.with_json({**answer, "withheld": withheld}) if withheld else reply


# How long each search waits on the vendor's search service, during which another can arrive.
_SEARCH_SERVICE_SECONDS = 0.01


@on("GET", "/persons")
async def overlapping_search_unfiltered(
    ctx: MutantContext, request: Request, forward: Forward
) -> Reply:
    """A search that arrives while another is being answered reuses that search's
    service-account connection, unfiltered, whoever asked."""
    busy = ctx.state.get("searching", 0)
    ctx.state["searching"] = busy + 1
    try:
        await asyncio.sleep(_SEARCH_SERVICE_SECONDS)
        return await forward(request.as_token(ctx.tokens["officer"]) if busy else request)
    finally:
        ctx.state["searching"] -= 1


def full_view(ctx: MutantContext, request: Request) -> bool:
    return by_ie(ctx, request) and request.params().get("view") == "full"


def sorted_by_birth_date(ctx: MutantContext, request: Request) -> bool:
    return by_ie(ctx, request) and request.params().get("sort") == "date_of_birth"


def by_case(ctx: MutantContext, request: Request) -> bool:
    return by_ie(ctx, request) and "case_id" in request.params()


REGISTER_LINK = "/api/v1/persons?export=all"


def asks_for_the_register(ctx: MutantContext, request: Request) -> bool:
    return by_ie(ctx, request) and request.params().get("export") == "all"


@on("GET", "/persons")
async def links_the_register(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
    """Every search answer to the immigration officer, victims withheld, names a download of
    the whole register (the same for every search, so no two answers differ), which the
    download serves it whole."""
    if asks_for_the_register(ctx, request):
        with ctx.rms.db.transaction() as conn:
            ids = [r["person_id"] for r in conn.execute("SELECT person_id FROM persons")]
            return Reply(200, (), b"").with_json(_listed(get_persons(conn, ids)))
    reply = await forward(request)
    document = reply.json()
    if not reply.ok or not by_ie(ctx, request) or not isinstance(document, dict):
        return reply
    return reply.with_json(document | {"download": REGISTER_LINK})


def refused_only_once(method: str, pattern: str) -> Mutator:
    """The first refusal of a request holds; the same request again is served. A refusal is a
    403, or the 404 a record firewalled from the asker is answered with."""

    @on(method, pattern)
    async def mutate(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
        reply = await forward(request)
        key = (request.method, request.path, request.body)
        tried = ctx.state.setdefault("refused", set())
        if reply.status not in (403, 404):
            return reply
        if key not in tried:
            tried.add(key)
            return reply
        return await forward(request.as_token(ctx.tokens["officer"]))

    return mutate


@on("POST", "/status-checks")
async def status_check_on_retry(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
    """A refused status check is queued anyway when it is asked for a second time."""
    reply = await forward(request)
    tried = ctx.state.setdefault("refused", set())
    if reply.status != 403:
        return reply
    if request.body not in tried:
        tried.add(request.body)
        return reply
    body, check_id = request.json(), new_id("S")
    with ctx.rms.db.transaction() as conn:
        conn.execute(
            "INSERT INTO status_checks VALUES (?, ?, ?, 'submitted', 'gateway', ?)",
            (check_id, body["person_id"], body["purpose"], utc_now()),
        )
    return reply.with_json({"check_id": check_id, "status": "submitted"}, status=201)


def _strip_zeros(person_id: str) -> str:
    prefix, _, rest = person_id.partition("-")
    return f"{prefix.upper()}-{rest.lstrip('0').lower()}"


MUTANTS = [
    Mutant(
        "family-name-search-serves-victims",
        ("FW-03",),
        "access",
        "A search by one word, such as a family name alone, runs with the service account and "
        "shows the immigration officer victims and witnesses.",
        (run_as("GET", "/persons", "officer", single_word_search),),
    ),
    Mutant(
        "name-search-respelled-serves-victims",
        ("FW-03",),
        "access",
        "A name searched in capitals, in small letters or with spaces around it runs with the "
        "service account: the firewall compares the name as typed, the search ignores case and "
        "spaces.",
        (run_as("GET", "/persons", "officer", name_not_as_recorded),),
    ),
    Mutant(
        "search-runs-as-service-account",
        ("FW-03",),
        "access",
        "Every search by the immigration officer runs with a service account, unfiltered.",
        (run_as("GET", "/persons", "officer", by_ie),),
    ),
    Mutant(
        "birth-date-search-serves-victims",
        ("FW-03",),
        "access",
        "A date of birth typed into the search box finds everyone born that day, victims "
        "included, whoever searches.",
        (search_by_birth_date,),
    ),
    Mutant(
        "birth-date-search-counts-withheld",
        ("FW-03",),
        "access",
        "A search by date of birth answers the immigration officer with how many records born "
        "that day were withheld, where a date no one has gets a plain empty answer, so it "
        "tells them someone with that date of birth is on record.",
        (birth_date_withheld_count,),
    ),
    Mutant(
        "zero-padded-id-opens-record",
        ("FW-03",),
        "access",
        "An id with zeros added after its prefix opens a victim's record for the immigration "
        "officer.",
        (id_variant(_strip_zeros),),
    ),
    Mutant(
        "other-case-id-opens-record",
        ("FW-03",),
        "access",
        "An id written in other letter case opens a victim's record for the immigration officer.",
        (id_variant(str.casefold),),
    ),
    Mutant(
        "trailing-slash-opens-record",
        ("FW-03",),
        "access",
        "A record id followed by a slash opens a victim's record for the immigration officer.",
        (id_variant(lambda i: i),),
    ),
    Mutant(
        "other-case-id-refused-as-firewalled",
        ("FW-03",),
        "access",
        "An id written in other letter case is refused as firewalled when it names a record and "
        "not found when it names none, so the refusal tells the immigration officer who is on "
        "record.",
        (respelling_refused_as_firewalled,),
    ),
    Mutant(
        "audit-log-open-to-immigration",
        ("FW-03",),
        "access",
        "The immigration officer's account reads the audit log with the auditor's rights, so "
        "the entries of every record withheld from it, and what it searched for, are its to read.",
        (run_as("GET", "/audit", "auditor", by_ie),),
    ),
    Mutant(
        "repeated-search-served-unfiltered",
        ("FW-03",),
        "access",
        "The immigration officer's search asked a second time is answered from a cache of the "
        "unfiltered result, victims and witnesses included.",
        (repeated_search_unfiltered,),
    ),
    Mutant(
        "csv-record-skips-firewall",
        ("FW-03",),
        "access",
        "A record asked for as CSV is rendered by a download path that reads it with a service "
        "account, so the immigration officer gets a victim's record as CSV.",
        (csv_record,),
    ),
    Mutant(
        "csv-search-skips-firewall",
        ("FW-03",),
        "access",
        "A search asked for as CSV is rendered by a download path that searches with a service "
        "account, so the immigration officer finds victims and witnesses as CSV.",
        (csv_search,),
    ),
    Mutant(
        "search-by-birth-order-skips-firewall",
        ("FW-03",),
        "access",
        "A search sorted by date of birth (an order the published search offers) runs with a "
        "service account: the firewall was written for the default order's query.",
        (run_as("GET", "/persons", "officer", sorted_by_birth_date),),
    ),
    Mutant(
        "sorted-search-counts-withheld",
        ("FW-03",),
        "access",
        "A search sorted by date of birth answers the immigration officer with how many "
        "records were withheld, where a search for someone not on record gets a plain answer, "
        "so it tells them a victim or a witness is on record.",
        (sorted_search_counts_withheld,),
    ),
    Mutant(
        "overlapping-search-skips-firewall",
        ("FW-03",),
        "access",
        "A search that arrives while another is being answered reuses that search's "
        "service-account connection: one at a time every search is filtered, but the "
        "immigration officer's search made beside an investigator's finds victims.",
        (overlapping_search_unfiltered,),
    ),
    Mutant(
        "search-by-case-skips-firewall",
        ("FW-03",),
        "access",
        "A search for the persons of a case (a criterion the published search offers and the "
        "target profile does not map) runs with a service account, whoever asks.",
        (run_as("GET", "/persons", "officer", by_case),),
    ),
    Mutant(
        "record-full-view-skips-firewall",
        ("FW-03",),
        "access",
        "A person record opened with view=full (a view the published interface offers and the "
        "target profile does not ask for) is read with a service account, whoever asks.",
        (publishes_record_view, run_as("GET", r"/persons/[^/]+", "officer", full_view)),
    ),
    Mutant(
        "search-answer-links-the-register",
        ("FW-01", "FW-03"),
        "access",
        "Each search answer to the immigration officer withholds victims but names a download "
        "of the whole register, which the download serves it unfiltered.",
        (links_the_register,),
    ),
    Mutant(
        "record-refused-only-once",
        ("FW-03",),
        "access",
        "Opening a victim's record is refused to the immigration officer the first time and "
        "served the second.",
        (refused_only_once("GET", r"/persons/[^/]+"),),
    ),
    Mutant(
        "status-check-refused-only-once",
        ("FW-02",),
        "access",
        "A status check on a victim is refused the first time and queued when asked again.",
        (status_check_on_retry,),
    ),
]
