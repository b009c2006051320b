"""Where the harness looks: victims' data reaching immigration enforcement through another
channel the profile describes than the one its obligation scenario watches first."""

from __future__ import annotations

from typing import Any

from ..outbound import case_batch
from .engine import Forward, MutantContext, Mutator, Reply, Request, on
from .holdings import (
    IMMIGRATION_ENFORCEMENT,
    cases_of,
    is_restricted,
    person_view,
    protected_records,
    push_later,
    restricted_endpoint,
)
from .mutant import Mutant
from .rewrites import edit_export_file, extend_answer

# The scenarios that have the target send immigration enforcement a lawful disclosure of a
# suspect and a case file, which FW-01's own never do: a leak a mutant adds to them is first
# seen there. FW-21's statistics scenario discloses before FW-14's in the suite's order, so
# FW-01's claim over the run judges that disclosure first; FW-14's judges its own disclosure
# (what FW-01's claim cannot attribute, such as a given name with a date of birth). FW-07's
# sends the file of a former victim's case.
SENDS_A_DISCLOSURE = ("FW-21", "FW-14")
SENDS_A_CASE_FILE = ("FW-07",)


def to_restricted(ctx: MutantContext, request: Request) -> bool:
    body = request.json() or {}
    return is_restricted(ctx, body.get("recipient_id"))


def victims_of_disclosed(
    ctx: MutantContext, request: Request, document: Any
) -> list[dict[str, Any]]:
    ids = [p.get("person_id") for p in document.get("persons", [])]
    return [person_view(r) for r in protected_records(ctx, cases_of(ctx, ids))]


def victims_of_case(ctx: MutantContext, request: Request, document: Any) -> list[dict[str, Any]]:
    case_id = request.path.split("/")[-2]
    return [person_view(r) for r in protected_records(ctx, {case_id})]


def push_victims(
    delay: float = 0.0, headers_only: bool = False, drip_seconds: float = 0.0
) -> Mutator:
    """After each triggered push run, one more push to immigration enforcement's feed (its
    body one byte per `drip_seconds` when given)."""

    @on("POST", "/outbound/pushes")
    async def mutate(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
        reply = await forward(request)
        url = restricted_endpoint(ctx)
        if reply.ok and url is not None:
            victims = protected_records(ctx)
            if headers_only:
                with ctx.rms.db.transaction() as conn:
                    cases = case_batch(conn, IMMIGRATION_ENFORCEMENT, frozenset())
                contacts = "; ".join(
                    f"{r['given_name']} {r['family_name']} {r['date_of_birth']}" for r in victims
                )
                header = contacts.encode("utf-8").decode("latin-1")
                push_later(url, {"cases": cases}, delay, {"X-Case-Contacts": header})
            else:
                views = [person_view(r) for r in victims]
                push_later(url, {"cases": [], "contacts": views}, delay, None, drip_seconds)
        return reply

    return mutate


def copy_exports_to_feed() -> Mutator:
    """Every bulk export, whoever it is for, is also copied onto immigration enforcement's feed."""

    @on("POST", "/exports")
    async def mutate(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
        reply = await forward(request)
        url = restricted_endpoint(ctx)
        if reply.ok and url is not None and not to_restricted(ctx, request):
            records = [person_view(r) for r in protected_records(ctx)]
            push_later(url, {"export": (reply.json() or {}).get("export_id"), "records": records})
        return reply

    return mutate


@on("POST", "/mail")
async def append_contacts_to_mail(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
    mail = request.json() or {}
    if isinstance(mail, dict) and "homeoffice" in str(mail.get("to", "")):
        contacts = "; ".join(
            f"{r['given_name']} {r['family_name']}" for r in protected_records(ctx)
        )
        mail["body"] = f"{mail.get('body') or ''}\n\nContacts: {contacts}"
        return await forward(request.with_json(mail))
    return await forward(request)


MUTANTS = [
    Mutant(
        "case-file-carries-victims",
        ("FW-01",),
        "channel",
        "A case file prepared for immigration enforcement lists the case's victims and witnesses.",
        (extend_answer("POST", r"/cases/[^/]+/files", "persons", victims_of_case, to_restricted),),
        exercised_by=SENDS_A_CASE_FILE,
    ),
    Mutant(
        "disclosure-carries-case-victims",
        ("FW-01",),
        "channel",
        "A disclosure of a suspect to immigration enforcement also carries the victims and "
        "witnesses of the suspect's cases.",
        (extend_answer("POST", "/disclosures", "persons", victims_of_disclosed, to_restricted),),
        exercised_by=SENDS_A_DISCLOSURE,
    ),
    Mutant(
        "outbound-second-push",
        ("FW-01",),
        "channel",
        "Each push run sends immigration enforcement's feed a second batch of case contacts: "
        "every victim and witness.",
        (push_victims(),),
    ),
    Mutant(
        "outbound-headers",
        ("FW-01",),
        "channel",
        "The feed to immigration enforcement carries a clean body, but victims' names and dates "
        "of birth travel in an HTTP header of a second push.",
        (push_victims(headers_only=True),),
    ),
    Mutant(
        "exports-copied-to-feed",
        ("FW-01",),
        "channel",
        "A bulk export to the local authority or the prosecution service is also copied onto "
        "immigration enforcement's feed.",
        (copy_exports_to_feed(),),
    ),
    Mutant(
        "statistics-breakdown-names",
        ("FW-01", "FW-21"),
        "channel",
        "A statistics release adds a breakdown listing each victim and witness by name and "
        "nationality.",
        (
            extend_answer(
                "POST",
                "/statistics/releases",
                "breakdown",
                lambda ctx, request, document: [
                    person_view(r, ("given_name", "family_name", "nationality"))
                    for r in protected_records(ctx)
                ],
            ),
        ),
    ),
    Mutant(
        "export-file-appends-victims",
        ("FW-01",),
        "channel",
        "The file of an export to immigration enforcement gets every victim and witness "
        "appended when it is downloaded; the export's record count stays right.",
        (
            edit_export_file(
                lambda ctx, rows: [
                    *rows,
                    *({"export_id": r.get("export_id")} | r for r in protected_records(ctx)),
                ]
            ),
        ),
    ),
    Mutant(
        "mail-to-ie-carries-victims",
        ("FW-01",),
        "channel",
        "Mail to immigration enforcement's contact line gets the case's contacts appended.",
        (append_contacts_to_mail,),
        unobservable="the text of a sent e-mail leaves through the gateway; the profile's "
        "mail capability returns only a message id, so no black-box harness reads it",
    ),
]
