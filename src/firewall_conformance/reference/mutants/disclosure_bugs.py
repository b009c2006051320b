"""Realistic bugs per obligation, FW-02 to FW-14: status checks, look-ups, case files,
exports, the recipient register and disclosures."""

from __future__ import annotations

from typing import Any

from ..db import new_id
from ..records import get_persons
from .audit_log import forged_log
from .channel import to_restricted
from .engine import Forward, MutantContext, Reply, Request, on
from .mutant import Mutant
from .rewrites import When, edit_answer, edit_export_file, extend_answer, succeed_anyway
from .values import move, to_prosecution


def submitted(ctx: MutantContext, request: Request, refusal: Any) -> dict[str, Any]:
    return {"check_id": new_id("S"), "status": "submitted"}


def purpose_is(purpose: str) -> When:
    return lambda ctx, request: (request.json() or {}).get("purpose") == purpose


@on("GET", r"/persons(/[^/]+)?")
async def default_reason(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
    """The client library fills in a justification when the user gives none."""
    params = request.params()
    if not params.get("reason"):
        return await forward(request.with_params(params | {"reason": "routine enquiry"}))
    return await forward(request)


def other_cases(ctx: MutantContext, request: Request, document: Any) -> list[dict[str, Any]]:
    """Every other case of each person in the file, with the role they hold in it."""
    case_id = request.path.split("/")[-2]
    ids = [p.get("person_id") for p in document.get("persons", [])]
    with ctx.rms.db.transaction() as conn:
        rows = conn.execute(
            "SELECT c.case_id, c.reference, c.offence, c.narrative, i.person_id, i.role"
            " FROM involvements i JOIN cases c USING (case_id)"
            f" WHERE i.person_id IN ({','.join('?' * len(ids))}) AND c.case_id != ?",
            (*ids, case_id),
        ).fetchall()
    return [dict(row) for row in rows]


def all_material(ctx: MutantContext, request: Request, document: Any) -> list[dict[str, Any]]:
    """Everything on file from each person in the file, in any case and any role."""
    ids = [p.get("person_id") for p in document.get("persons", [])]
    with ctx.rms.db.transaction() as conn:
        rows = conn.execute(
            "SELECT person_id, kind, role_at_time, text FROM case_material"
            f" WHERE person_id IN ({','.join('?' * len(ids))})",
            ids,
        ).fetchall()
    return [dict(row) for row in rows]


def raw_material(ctx: MutantContext, request: Request, document: Any) -> list[dict[str, Any]]:
    case_id = request.path.split("/")[-2]
    with ctx.rms.db.transaction() as conn:
        rows = conn.execute(
            "SELECT kind, text FROM case_material WHERE case_id = ?", (case_id,)
        ).fetchall()
    return [{"kind": row["kind"], "original_text": row["text"]} for row in rows]


def not_to_prosecution_or_ie(ctx: MutantContext, request: Request) -> bool:
    return not to_prosecution(ctx, request) and not to_restricted(ctx, request)


def as_prosecution(body: dict[str, Any]) -> dict[str, Any]:
    return body | {"purpose": "prosecution", "legal_basis": "Data Protection Act 2018 s.35(2)(b)"}


@on("POST", "/exports")
async def relabel_purpose(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
    """An export refused for its purpose is sent again for prosecution."""
    reply = await forward(request)
    if reply.status != 403 or (request.json() or {}).get("purpose") != "immigration-control":
        return reply
    return await forward(request.with_json(as_prosecution(request.json())))


@on("POST", "/exports")
async def export_under_cps_standing(
    ctx: MutantContext, request: Request, forward: Forward
) -> Reply:
    """An export refused by the register goes out under the prosecution service's standing."""
    reply = await forward(request)
    body = request.json() or {}
    if (
        reply.status != 403
        or body.get("purpose") == "immigration-control"
        or to_restricted(ctx, request)
    ):
        return reply
    sent = await forward(request.with_json(body | {"recipient_id": "cps"}))
    document = sent.json()
    if not sent.ok or not isinstance(document, dict):
        return reply
    return sent.with_json(document | {"recipient_id": body.get("recipient_id")})


@on("POST", "/recipients")
async def onboarding_prefills(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
    """Registering a recipient approves and certifies it at once, 'to save a step'."""
    reply = await forward(request)
    recipient_id = (reply.json() or {}).get("recipient_id")
    if reply.ok and recipient_id:
        for path, body in (
            ("approval", {"recipient_class": "prosecution", "approved_by": "onboarding"}),
            (
                "certification",
                {
                    "no_immigration_use": True,
                    "no_onward_disclosure": True,
                    "signed_by": "onboarding",
                    "signed_on": "2020-01-01",
                    "valid_until": "2099-12-31",
                },
            ),
        ):
            step = Request("PUT", f"{request.path}/{recipient_id}/{path}", "", request.headers, b"")
            await forward(step.with_json(body))
    return reply


def whole_record(ctx: MutantContext, request: Request, document: dict[str, Any]) -> dict[str, Any]:
    with ctx.rms.db.transaction() as conn:
        full = {
            p["person_id"]: p
            for p in get_persons(conn, [p["person_id"] for p in document["persons"]])
        }
    # The answer lists every field, the unapproved ones empty: the whole record fills them.
    document["persons"] = [p | full.get(p["person_id"], {}) for p in document["persons"]]
    return document


MUTANTS = [
    Mutant(
        "status-check-queued-anyway",
        ("FW-02",),
        "obligation",
        "A status check the firewall refuses is queued for the nightly batch and answered "
        "'submitted'.",
        (succeed_anyway("POST", "/status-checks", submitted),),
    ),
    Mutant(
        "status-check-deportation-liaison",
        ("FW-02",),
        "obligation",
        "A status check asked for deportation liaison is always submitted.",
        (succeed_anyway("POST", "/status-checks", submitted, purpose_is("deportation-liaison")),),
    ),
    Mutant(
        "lookup-reason-defaulted",
        ("FW-05",),
        "obligation",
        "A look-up without a reason gets the reason 'routine enquiry' filled in for it.",
        (default_reason,),
    ),
    Mutant(
        "lookup-reason-not-logged",
        ("FW-05",),
        "obligation",
        "The log keeps no reason for look-ups of person records.",
        (
            edit_answer(
                "GET",
                "/audit",
                lambda ctx, request, page: (
                    page
                    | {
                        "items": [
                            e | ({"purpose": None} if e["action"].startswith("person.") else {})
                            for e in page["items"]
                        ]
                    }
                ),
            ),
        ),
    ),
    Mutant(
        "case-file-linked-cases",
        ("FW-06",),
        "obligation",
        "A case file carries a 'linked cases' annex: every other case of each person in it.",
        (extend_answer("POST", r"/cases/[^/]+/files", "linked_cases", other_cases),),
    ),
    Mutant(
        "case-file-all-statements",
        ("FW-07",),
        "obligation",
        "A case file for immigration enforcement carries everything each person in it ever "
        "said, whatever their role at the time.",
        (extend_answer("POST", r"/cases/[^/]+/files", "statements", all_material, to_restricted),),
    ),
    Mutant(
        "immigration-export-relabelled",
        ("FW-08",),
        "obligation",
        "An export refused for immigration control is sent again for prosecution.",
        (relabel_purpose,),
    ),
    Mutant(
        "prosecution-export-widened",
        ("FW-09",),
        "obligation",
        "The prosecution service's export file fills in passport numbers for everyone.",
        (
            edit_export_file(
                move("passport_number", lambda p: p.get("passport_number")), restricted=False
            ),
        ),
    ),
    Mutant(
        "free-text-unredacted",
        ("FW-10",),
        "obligation",
        "A case file for a partner agency carries the original text of every entry beside the "
        "redacted one.",
        (
            extend_answer(
                "POST", r"/cases/[^/]+/files", "originals", raw_material, not_to_prosecution_or_ie
            ),
        ),
    ),
    Mutant(
        "uncertified-export-sent",
        ("FW-11", "FW-12"),
        "obligation",
        "An export the register refuses goes out under the prosecution service's standing.",
        (export_under_cps_standing,),
    ),
    Mutant(
        "new-recipient-prefilled",
        ("FW-12",),
        "obligation",
        "Registering a recipient approves and certifies it at once.",
        (onboarding_prefills,),
    ),
    Mutant(
        "any-basis-accepted",
        ("FW-13",),
        "obligation",
        "An exceptional disclosure refused for its basis is queued anyway and answered with a "
        "disclosure id.",
        (
            succeed_anyway(
                "POST",
                "/exceptional-disclosures",
                lambda ctx, request, refusal: {"disclosure_id": new_id("X")},
            ),
        ),
    ),
    Mutant(
        "disclosure-whole-record",
        ("FW-14",),
        "obligation",
        "A disclosure to the prosecution service carries the whole record of each person.",
        (edit_answer("POST", "/disclosures", whole_record, to_prosecution),),
    ),
    Mutant(
        "exceptional-disclosures-unlogged",
        ("FW-04", "FW-13"),
        "obligation",
        "Exceptional disclosures are left out of the log, which is re-chained.",
        (forged_log(lambda e: e["action"] != "exceptional-disclosure", True, True),),
    ),
]
