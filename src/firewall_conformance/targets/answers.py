"""Typed answers: one frozen dataclass per domain operation, holding what the harness reads.

data/profile_operations.yaml declares, per operation, the `returns` keys the harness reads;
each class here has exactly those keys as its fields (a unit test holds the two together), and
its type hints say what each value must be. `answer_from` builds an answer once, where the
adapter reads the target's answer, so a missing or wrongly typed value is reported there in
plain English as Inconclusive, never met later as a KeyError or a silent None inside a check.

A field typed `X | None` is one whose absence means something to the check that reads it (no
approver shown, no marker stamped); any other field must be present. `declared` holds the keys
the profile says where to find, so a value the profile never mapped is told apart from one the
target left out.
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Union, get_args, get_origin, get_type_hints

from firewall_conformance.model.outcomes import Inconclusive


@dataclass(frozen=True)
class Answer:
    """What the harness read from one answer of the target."""

    declared: frozenset[str] = field(default=frozenset(), kw_only=True)


@dataclass(frozen=True)
class Acknowledged(Answer):
    """An operation whose answer the harness reads nothing from but whether it was allowed."""


@dataclass(frozen=True)
class PlantedPerson(Answer):
    id: str


@dataclass(frozen=True)
class RecordedCase(Answer):
    id: str


@dataclass(frozen=True)
class Disclosure(Answer):
    id: str | None
    persons: Any  # the person records as the recipient gets them: a list, or one record


@dataclass(frozen=True)
class CaseTasks(Answer):
    items: list[Any]


@dataclass(frozen=True)
class SentMail(Answer):
    id: str | None


@dataclass(frozen=True)
class PrintsSubmitted(Answer):
    checked: bool | None
    held: bool | None
    id: str | None


@dataclass(frozen=True)
class Referral(Answer):
    payload: Any
    marker: str | None


@dataclass(frozen=True)
class CrimeReport(Answer):
    case_id: str | None
    person_id: str | None


@dataclass(frozen=True)
class VictimServicesReferral(Answer):
    id: str | None


@dataclass(frozen=True)
class OfferedActions(Answer):
    refer_to_ie: bool | None
    signposting: bool | None


@dataclass(frozen=True)
class CaseAction(Answer):
    id: str | None


@dataclass(frozen=True)
class RegisteredRecipient(Answer):
    id: str


@dataclass(frozen=True)
class Approval(Answer):
    id: str | None


@dataclass(frozen=True)
class RegisterEntry(Answer):
    approved_by: str | None
    certified_on: str | None


@dataclass(frozen=True)
class RecipientExport(Answer):
    records: int | None
    id: str | None


@dataclass(frozen=True)
class DisclosureBasis(Answer):
    id: str


@dataclass(frozen=True)
class ExceptionalDisclosure(Answer):
    id: str | None


@dataclass(frozen=True)
class SubjectAccess(Answer):
    recipients: list[Any]
    restricted: bool | None


@dataclass(frozen=True)
class Notices(Answer):
    items: list[Any]
    recipient: list[Any] | None  # one value per item, in item order
    sent_at: list[Any] | None
    due_by: list[Any] | None


@dataclass(frozen=True)
class PublishedStatistics(Answer):
    cells: list[Any]
    totals: list[Any]
    threshold: int


@dataclass(frozen=True)
class RetentionSchedule(Answer):
    years: int


ANSWERS: dict[tuple[str, str], type[Answer]] = {
    ("seed-case", "create_person"): PlantedPerson,
    ("seed-case", "create_case"): RecordedCase,
    ("seed-case", "attach_person"): Acknowledged,
    ("seed-case", "remove_case"): Acknowledged,
    ("seed-case", "remove_person"): Acknowledged,
    ("disclose", ""): Disclosure,
    ("tasks", "list"): CaseTasks,
    ("mail", "send_to_prosecution"): SentMail,
    ("mail", "send_to_immigration_enforcement"): SentMail,
    ("mail", "send_to_local_authority"): SentMail,
    ("biometrics", "arrest_prints"): PrintsSubmitted,
    ("biometrics", "elimination_prints"): PrintsSubmitted,
    ("referrals", "safeguarding"): Referral,
    ("referrals", "modern_slavery"): Referral,
    ("crime-reports", "report"): CrimeReport,
    ("crime-reports", "victim_services"): VictimServicesReferral,
    ("case-actions", "available"): OfferedActions,
    ("case-actions", "refer_to_ie"): CaseAction,
    ("case-actions", "signpost"): CaseAction,
    ("recipient-register", "register"): RegisteredRecipient,
    ("recipient-register", "approve"): Approval,
    ("recipient-register", "certify"): Acknowledged,
    ("recipient-register", "read"): RegisterEntry,
    ("recipient-register", "remove"): Acknowledged,
    ("recipient-register", "export_to"): RecipientExport,
    ("exceptional-disclosure", "record_consent"): DisclosureBasis,
    ("exceptional-disclosure", "record_warrant"): DisclosureBasis,
    ("exceptional-disclosure", "record_safeguarding"): DisclosureBasis,
    ("exceptional-disclosure", "disclose"): ExceptionalDisclosure,
    ("subject-access", "request"): SubjectAccess,
    ("subject-access", "notices"): Notices,
    ("case-roles", "add"): Acknowledged,
    ("case-roles", "change"): Acknowledged,
    ("case-material", "record"): Acknowledged,
    ("case-file", "prepare"): Acknowledged,
    ("statistics", "publish"): PublishedStatistics,
    ("retention", "schedule"): RetentionSchedule,
    ("retention", "close_case"): Acknowledged,
    ("retention", "review"): Acknowledged,
}
"""The answer of each operation; a core capability's own answer is keyed by an empty name."""


def keys_of(kind: type[Answer]) -> list[str]:
    """The `returns` keys an answer class reads, in the order it declares them."""
    return [f.name for f in fields(kind) if f.name != "declared"]


def _kind_of(value: Any) -> str:
    """What a value is, in plain English, without echoing it (it may be large or secret)."""
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


_WANTED = {str: "a text or a number", int: "a whole number", bool: "true or false", list: "a list"}


def _read(value: Any, hint: Any) -> tuple[bool, Any]:
    """(True, the value as the hint wants it), or (False, None) when it is of another kind."""
    if hint is Any:
        return True, value
    wanted = get_origin(hint) or hint
    if wanted is str and isinstance(value, str | int) and not isinstance(value, bool):
        return True, str(value)
    if wanted is int and isinstance(value, int) and not isinstance(value, bool):
        return True, value
    if wanted is bool and isinstance(value, bool):
        return True, value
    if wanted is list and isinstance(value, list):
        return True, value
    return False, None


def _split_optional(hint: Any) -> tuple[Any, bool]:
    if get_origin(hint) in (Union, types.UnionType) and type(None) in get_args(hint):
        rest = [arg for arg in get_args(hint) if arg is not type(None)]
        return rest[0], True
    return hint, False


def answer_from(
    capability: str,
    operation: str,
    values: Mapping[str, Any],
    action: str,
    declared: Iterable[str] | None = None,
) -> Answer:
    """The typed answer of one operation from the values read at the profile's `returns`
    paths. Inconclusive, naming the operation and the profile key, for a value that is
    missing where one is needed or of the wrong kind. `declared` defaults to the keys given."""
    kind = ANSWERS[(capability, operation)]
    where = ".".join(part for part in (capability, operation, "returns") if part)
    read: dict[str, Any] = {}
    hints = get_type_hints(kind)
    for name in keys_of(kind):
        hint, optional = _split_optional(hints[name])
        value = values.get(name)
        what = name.replace("_", " ")
        if value is None or value == "":
            if not optional and hint is not Any:
                raise Inconclusive(
                    f"The target's answer to '{action}' held no {what} "
                    f"(profile key {where}.{name})."
                )
            read[name] = None
            continue
        ok, read[name] = _read(value, hint)
        if not ok:
            wanted = _WANTED.get(get_origin(hint) or hint, "another kind of value")
            raise Inconclusive(
                f"The target's answer to '{action}' held {_kind_of(value)} as its {what}, "
                f"where {wanted} was wanted (profile key {where}.{name})."
            )
    keys = frozenset(values if declared is None else declared)
    return kind(**read, declared=keys)
