"""Realistic bugs per obligation, FW-15 to FW-23: subject access, tasks, mail, prints,
referrals, crime reports, statistics, retention and case actions."""

from __future__ import annotations

from typing import Any

from ..db import new_id
from ..policy import is_british
from ..statistics import counts, months_between
from .audit_log import forged_log
from .engine import Forward, MutantContext, Reply, Request, on, refusal
from .holdings import is_restricted, protected_records
from .mutant import Mutant
from .rewrites import AnswerEdit, edit_answer, extend_answer, succeed_anyway


def drop_ie_recipients(
    ctx: MutantContext, request: Request, answer: dict[str, Any]
) -> dict[str, Any]:
    kept = [
        r for r in answer.get("recipients", []) if not is_restricted(ctx, r.get("recipient_id"))
    ]
    return answer | {"recipients": kept}


def foreign_victim_tasks(
    ctx: MutantContext, request: Request, document: Any
) -> list[dict[str, Any]]:
    case_id = request.path.split("/")[-2]
    return [
        {
            "task_id": new_id("T"),
            "person_id": r["person_id"],
            "kind": "referral",
            "title": "Refer to Immigration Enforcement",
            "assigned_to": "immigration-liaison",
        }
        for r in protected_records(ctx, {case_id})
        if not is_british(r["nationality"])
    ]


@on("POST", "/mail")
async def subject_to_header(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
    """Mail to immigration enforcement's contact line has its subject moved into a header
    the disclosure recorder never reads; the message still quotes the case."""
    mail = request.json() or {}
    if isinstance(mail, dict) and "homeoffice" in str(mail.get("to", "")):
        return await forward(request.with_json(mail | {"subject": "(see header)"}))
    return await forward(request)


def set_check(kind: str, sent: bool, held: bool) -> AnswerEdit:
    def edit(ctx: MutantContext, request: Request, answer: dict[str, Any]) -> dict[str, Any]:
        if (request.json() or {}).get("kind") == kind:
            answer["immigration_check"] = {"sent": sent, "held_for_review": held}
        return answer

    return edit


def with_status(ctx: MutantContext, request: Request, answer: dict[str, Any]) -> dict[str, Any]:
    person_id = (request.json() or {}).get("person_id")
    with ctx.rms.db.transaction() as conn:
        row = conn.execute(
            "SELECT nationality, immigration_status FROM persons WHERE person_id = ?", (person_id,)
        ).fetchone()
    if row is not None:
        answer.setdefault("payload", {}).update(dict(row))
    return answer


def without_marker(ctx: MutantContext, request: Request, answer: dict[str, Any]) -> dict[str, Any]:
    answer.get("payload", {}).pop("handling", None)
    return answer


@on("POST", "/crime-reports")
async def demand_identity_document(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
    """Intake validation demands an identity document from anyone not recorded as British."""
    reporter = (request.json() or {}).get("reporter") or {}
    if not reporter.get("identity_document") and not is_british(reporter.get("nationality")):
        return refusal(422, "an identity document number is required")
    return await forward(request)


def exact_counts(suppressed_cells: bool, totals: bool) -> AnswerEdit:
    """Fill in what the release suppressed from the audit log's own counts."""

    def edit(ctx: MutantContext, request: Request, release: dict[str, Any]) -> dict[str, Any]:
        months = months_between(release["period_from"], release["period_to"])
        with ctx.rms.db.transaction() as conn:
            counted = counts(conn, months)
        if suppressed_cells:
            for cell in release.get("cells", []):
                cell["value"] = counted[(cell["month"], cell["category"])]
                cell["suppressed"] = False
        if totals:
            for total in release.get("totals", []):
                total["value"] = sum(v for (m, c), v in counted.items() if c == total["category"])
                total["suppressed"] = False
        return release

    return edit


def undercount_latest(
    ctx: MutantContext, request: Request, release: dict[str, Any]
) -> dict[str, Any]:
    """The month under way is counted from a cache a day old: one disclosure short."""
    cells = [c for c in release.get("cells", []) if c["category"] == "disclosed" and c["value"]]
    if cells:
        cells[-1]["value"] -= 1
    return release


@on("POST", "/retention/reviews")
async def review_is_a_no_op(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
    """The retention review is queued for a job that never runs, and answered as done."""
    if ctx.role_of(request) is None:
        return refusal(401, "missing or unknown bearer token")
    return Reply(201, (), b"").with_json({"review_id": new_id("RR"), "as_of": "", "erased": []})


def offer_referral(ctx: MutantContext, request: Request, answer: dict[str, Any]) -> dict[str, Any]:
    action = answer.get("actions", {}).get("refer-to-immigration-enforcement")
    if action is not None:
        action["offered"] = True
        action.pop("why_not", None)
    return answer


@on("POST", "/victim-services/referrals")
async def refuse_unknown_status(ctx: MutantContext, request: Request, forward: Forward) -> Reply:
    """Victim services take only reporters whose immigration status is known."""
    person_id = (request.json() or {}).get("person_id")
    with ctx.rms.db.transaction() as conn:
        row = conn.execute(
            "SELECT immigration_status FROM persons WHERE person_id = ?", (person_id,)
        ).fetchone()
    if row is not None and (row["immigration_status"] or "unknown").lower() == "unknown":
        return refusal(403, "refused: immigration status must be known")
    return await forward(request)


MUTANTS = [
    Mutant(
        "sar-omits-ie",
        ("FW-15",),
        "obligation",
        "A subject access response leaves immigration enforcement out of the recipients.",
        (edit_answer("GET", r"/persons/[^/]+/subject-access", drop_ie_recipients),),
    ),
    Mutant(
        "sar-restricted-by-default",
        ("FW-15",),
        "obligation",
        "A subject access response is marked restricted and lists no recipient at all.",
        (
            edit_answer(
                "GET",
                r"/persons/[^/]+/subject-access",
                lambda ctx, request, a: a | {"recipients": [], "restricted": True},
            ),
        ),
    ),
    Mutant(
        "notices-never-sent",
        ("FW-15",),
        "obligation",
        "Notices about disclosures to immigration enforcement wait in a print queue, unsent.",
        (
            edit_answer(
                "GET",
                r"/persons/[^/]+/notices",
                lambda ctx, request, a: (
                    a | {"items": [n | {"sent_at": None} for n in a.get("items", [])]}
                ),
            ),
        ),
        jurisdiction="us-ny",
    ),
    Mutant(
        "task-for-foreign-victims",
        ("FW-16",),
        "obligation",
        "A case's task list raises 'refer to Immigration Enforcement' for every victim or "
        "witness who is not British.",
        (extend_answer("GET", r"/cases/[^/]+/tasks", "items", foreign_victim_tasks),),
    ),
    Mutant(
        "mail-subject-moved",
        ("FW-17",),
        "obligation",
        "Mail to immigration enforcement has its subject (and so the case reference) moved to "
        "a header, so the gateway records no disclosure.",
        (subject_to_header,),
    ),
    Mutant(
        "mail-disclosures-unlogged",
        ("FW-17",),
        "obligation",
        "Mail disclosures are left out of the log, which is re-chained.",
        (forged_log(lambda e: e["action"] != "mail.disclosure", True, True),),
    ),
    Mutant(
        "elimination-prints-checked",
        ("FW-18",),
        "obligation",
        "Elimination prints are sent for an immigration check like arrest prints.",
        (edit_answer("POST", "/biometrics", set_check("elimination", True, False)),),
    ),
    Mutant(
        "arrest-prints-never-held",
        ("FW-18",),
        "obligation",
        "Arrest prints are always sent for an immigration check, never held for review.",
        (edit_answer("POST", "/biometrics", set_check("arrest", True, False)),),
    ),
    Mutant(
        "referral-carries-status",
        ("FW-19",),
        "obligation",
        "A safeguarding referral's payload carries the person's nationality and immigration "
        "status.",
        (edit_answer("POST", "/referrals", with_status),),
    ),
    Mutant(
        "referral-marker-dropped",
        ("FW-19",),
        "obligation",
        "A referral goes out without its 'not for immigration use' marker.",
        (edit_answer("POST", "/referrals", without_marker),),
    ),
    Mutant(
        "crime-report-demands-id",
        ("FW-20",),
        "obligation",
        "A crime report from anyone not recorded as British is rejected without an identity "
        "document.",
        (demand_identity_document,),
    ),
    Mutant(
        "victim-services-refused",
        ("FW-20",),
        "obligation",
        "A referral to victim services is refused for a reporter whose status is unknown.",
        (refuse_unknown_status,),
    ),
    Mutant(
        "small-counts-published",
        ("FW-21",),
        "obligation",
        "Statistics are published with every count exact, small ones included.",
        (edit_answer("POST", "/statistics/releases", exact_counts(True, True)),),
    ),
    Mutant(
        "totals-exact",
        ("FW-21",),
        "obligation",
        "Period totals are published exact, so a suppressed cell can be worked out.",
        (edit_answer("POST", "/statistics/releases", exact_counts(False, True)),),
    ),
    Mutant(
        "statistics-undercount",
        ("FW-21",),
        "obligation",
        "The latest month's disclosures are counted from a stale cache, one short of the log.",
        (edit_answer("POST", "/statistics/releases", undercount_latest),),
    ),
    Mutant(
        "retention-review-no-op",
        ("FW-22",),
        "obligation",
        "The retention review is answered as done but erases nothing.",
        (review_is_a_no_op,),
    ),
    Mutant(
        "erasures-unlogged",
        ("FW-22",),
        "obligation",
        "Erasures by the retention review are left out of the log, which is re-chained.",
        (forged_log(lambda e: e["action"] != "retention.erasure", True, True),),
    ),
    Mutant(
        "referral-offered-to-victims",
        ("FW-23",),
        "obligation",
        "The 'refer to Immigration Enforcement' action is offered for everyone, and a refused "
        "referral is queued anyway.",
        (
            edit_answer("GET", r"/cases/[^/]+/persons/[^/]+/actions", offer_referral),
            succeed_anyway(
                "POST",
                "/immigration-referrals",
                lambda ctx, request, refusal: {"referral_id": new_id("IR")},
            ),
        ),
    ),
]
