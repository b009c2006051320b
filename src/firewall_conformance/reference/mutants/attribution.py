"""What counts as a leak: a victim is identified by less than her whole record, such as her
given name with her date of birth, or her phone number alone."""

from __future__ import annotations

from .channel import (
    SENDS_A_CASE_FILE,
    SENDS_A_DISCLOSURE,
    to_restricted,
    victims_of_case,
    victims_of_disclosed,
)
from .engine import Forward, MutantContext, Mutator, Reply, Request, on
from .holdings import protected_records, push_later, restricted_endpoint
from .mutant import Mutant
from .rewrites import Extra, edit_export_file, extend_answer


def only(*fields: str) -> Extra:
    """An ``extend_answer`` extra keeping only ``fields`` of each victim of the disclosure."""
    return lambda ctx, request, document: [
        {f: p[f] for f in fields} for p in victims_of_disclosed(ctx, request, document)
    ]


def push_fields(*fields: str) -> Mutator:
    @on("POST", "/outbound/pushes")
    async def mutate(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
        reply = await forward(request)
        url = restricted_endpoint(ctx)
        if reply.ok and url is not None:
            items = [{f: r[f] for f in fields} for r in protected_records(ctx)]
            push_later(url, {"cases": [], "callbacks": items})
        return reply

    return mutate


MUTANTS = [
    Mutant(
        "given-name-and-dob-in-disclosure",
        ("FW-01",),
        "attribution",
        "A disclosure to immigration enforcement lists the case's other contacts by given name "
        "and date of birth only.",
        (
            extend_answer(
                "POST",
                "/disclosures",
                "contacts",
                only("given_name", "date_of_birth"),
                to_restricted,
            ),
        ),
        exercised_by=SENDS_A_DISCLOSURE,
    ),
    Mutant(
        "phone-alone-in-export",
        ("FW-01",),
        "attribution",
        "An export to immigration enforcement gains one row per victim or witness holding only "
        "a contact phone number.",
        (
            edit_export_file(
                lambda ctx, rows: [
                    *rows,
                    *({"role": "contact", "phone": r["phone"]} for r in protected_records(ctx)),
                ]
            ),
        ),
    ),
    Mutant(
        "email-alone-in-feed",
        ("FW-01",),
        "attribution",
        "Immigration enforcement's feed gets a callback list of victims' e-mail addresses.",
        (push_fields("email"),),
    ),
    Mutant(
        "address-alone-in-case-file",
        ("FW-01",),
        "attribution",
        "A case file for immigration enforcement lists the addresses of everyone in the case.",
        (
            extend_answer(
                "POST",
                r"/cases/[^/]+/files",
                "locations",
                lambda ctx, request, document: [
                    p["address"] for p in victims_of_case(ctx, request, document)
                ],
                to_restricted,
            ),
        ),
        exercised_by=SENDS_A_CASE_FILE,
    ),
    Mutant(
        "family-name-and-dob-in-feed",
        ("FW-01",),
        "attribution",
        "Immigration enforcement's feed gets victims' family names with their dates of birth.",
        (push_fields("family_name", "date_of_birth"),),
    ),
    Mutant(
        "passport-alone-in-disclosure",
        ("FW-01",),
        "attribution",
        "A disclosure to immigration enforcement lists the passport numbers of the case's "
        "victims and witnesses, with no name.",
        (
            extend_answer(
                "POST", "/disclosures", "documents", only("passport_number"), to_restricted
            ),
        ),
        exercised_by=SENDS_A_DISCLOSURE,
    ),
]
