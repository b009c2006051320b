"""Filling the query parameters of an operation the profile does not map, as an officer would.

A suggestion or search box the profile does not map answers nothing when read without its
query, so reading it bare shows nothing of what it hands an officer who types a victim's name
in. Each query parameter is filled by what its name and type in the OpenAPI document ask for:
a person's or case's id, the planted detail its name names (a date of birth, a phone number),
the value the document itself offers (an enumeration's first, a default, an example), and a
free-text parameter (`q`, `term`) with each planted detail typed in on its own, as the mapped
search box is (search_fields.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from firewall_conformance.targets.search_fields import TYPED_ALONE, spoken

# What is typed into a free-text parameter, one at a time: the whole name first.
TYPED_IN = ("full_name", *TYPED_ALONE)

# The planted detail a parameter's name asks for, by a word in it, the first rule that fits.
_DETAIL_WORDS = (
    (("birth", "dob", "born"), "date_of_birth"),
    (("phone", "tel", "mobile"), "phone"),
    (("mail",), "email"),
    (("passport", "document"), "passport_number"),
    (("brp", "permit"), "brp_number"),
    (("homeoffice", "horef"), "home_office_reference"),
    (("address", "street", "postcode"), "address"),
    (("given", "first", "forename"), "given_name"),
    (("family", "surname", "last"), "family_name"),
    (("name",), "full_name"),
)
# Parameters that shape an answer (its page, order, format), never what is looked for: left
# out unless needed, then given the document's value, else 1.
_SHAPING = frozenset(
    {"page", "perpage", "pagesize", "size", "limit", "offset", "cursor", "sort", "order",
     "orderby", "sortby", "format", "fields", "lang", "locale", "pretty", "count"}
)  # fmt: skip
_SAID = {"person": "id", "case": "case id"}
_ID_END = re.compile(r"(id|ref|reference|uuid|key|number)$")


@dataclass(frozen=True)
class QueryParameter:
    """One query parameter as the document declares it: its `type` is "enum" where only listed
    values are taken; `offered` is a value the document gives for it (an enumeration's first,
    a default, an example), or None; `choices` every value it takes, where the document
    lists them (an enumeration's, a boolean's)."""

    name: str
    required: bool = False
    type: str = "string"
    offered: str | None = None
    choices: tuple[str, ...] = ()

    @staticmethod
    def of(declared: Mapping[str, Any]) -> QueryParameter:
        """From an OpenAPI 3 parameter (its `schema`) or a Swagger 2 one (its own keys)."""
        schema = declared.get("schema")
        schema = schema if isinstance(schema, dict) else declared
        kind = schema.get("type", "string")
        if isinstance(kind, list):  # OpenAPI 3.1: ["string", "null"]
            kind = next((k for k in kind if k != "null"), "string")
        enum = schema.get("enum")
        offered = next(
            (
                v
                for v in (
                    enum[0] if isinstance(enum, list) and enum else None,
                    schema.get("default"),
                    declared.get("example"),
                    schema.get("example"),
                )
                if v is not None and not isinstance(v, dict | list)
            ),
            None,
        )
        listed = enum if isinstance(enum, list) else []
        choices = [v for v in listed if v is not None and not isinstance(v, dict | list)]
        return QueryParameter(
            str(declared["name"]),
            bool(declared.get("required")),
            "enum" if listed else str(kind),
            None if offered is None else _text(offered),
            tuple(dict.fromkeys(map(_text, choices)))
            or (("true", "false") if kind == "boolean" else ()),
        )


@dataclass(frozen=True)
class QueryFill:
    """One filling of an operation's query: for whom (`person`, a label, or "" for none),
    said in plain words (`about`), the parameters, and which of the person's details
    (`details`: "person" for the id, or an attribute) filled them."""

    person: str
    about: str
    query: tuple[tuple[str, str], ...]
    details: tuple[str, ...] = ()


def _text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def asks_for(parameter: QueryParameter) -> str:
    """'person', 'case', a persona attribute, 'box' (free text), what to give it when it is
    needed ('offered', 'one', 'true'), or 'unfillable'."""
    words = re.sub(r"[^a-z]", "", parameter.name.lower())
    if "person" in words and _ID_END.search(words):
        return "person"
    if "case" in words or "crime" in words:
        return "case"
    if words in _SHAPING:
        return "offered" if parameter.offered is not None else "one"
    if parameter.type == "string":
        for cues, attribute in _DETAIL_WORDS:
            if any(cue in words for cue in cues):
                return attribute
    if parameter.type == "string":
        return "box"
    if parameter.offered is not None:
        return "offered"
    if parameter.type in ("integer", "number"):
        return "one"
    if parameter.type == "boolean":
        return "true"
    return "unfillable"


def query_fills(
    parameters: tuple[QueryParameter, ...],
    person_ids: Mapping[str, str],
    case_id: str,
    details: Mapping[str, Mapping[str, str]],
) -> list[QueryFill] | str:
    """Every filling to read the operation with: per planted person, one per detail typed into
    its free-text parameters (one filling where it has none); a single filling naming no one
    (`person` "", `about` "" unless it names the case) where no parameter asks about a person;
    a string saying why when a parameter it needs cannot be filled. A parameter it does not
    need is left out unless the run has a planted value for it."""
    asks = {p.name: asks_for(p) for p in parameters}
    unfillable = [p.name for p in parameters if p.required and asks[p.name] == "unfillable"]
    if unfillable:
        return f"it needs query parameters the run cannot fill ({', '.join(unfillable)})"
    fixed = {
        p.name: {"offered": p.offered or "", "one": "1", "true": "true"}[asks[p.name]]
        for p in parameters
        if p.required and asks[p.name] in ("offered", "one", "true")
    }
    boxes = [name for name, ask in asks.items() if ask == "box"]
    personal = [name for name, ask in asks.items() if ask not in ("box", "offered", "one", "true")]
    if not boxes and not any(asks[n] not in ("case", "unfillable") for n in personal):
        query = {**fixed, **{n: case_id for n in personal if asks[n] == "case"}}
        return [
            QueryFill("", "the case" if query.keys() - fixed.keys() else "", tuple(query.items()))
        ]
    fills = []
    for label, person_id in person_ids.items():
        known = {**details.get(label, {}), "person": person_id, "case": case_id}
        own = {n: known[asks[n]] for n in personal if asks[n] in known}
        missing = [
            p.name for p in parameters if p.required and p.name in personal and p.name not in own
        ]
        if missing:
            return (
                f"it needs query parameters the run has no planted value for ({', '.join(missing)})"
            )
        typed = [a for a in TYPED_IN if a in known] if boxes else [""]
        if not typed:
            names = ", ".join(boxes)
            return f"it needs query parameters the run has no planted value for ({names})"
        for attribute in typed:
            query = {**fixed, **own, **{box: known[attribute] for box in boxes if attribute}}
            about = (
                f"{label}'s {spoken(attribute)} typed into {', '.join(boxes)}"
                if attribute
                else f"{label}'s {', '.join(_SAID.get(asks[n], spoken(asks[n])) for n in own)}"
            )
            used = (*(asks[n] for n in own), *([attribute] if attribute else []))
            fills.append(QueryFill(label, about, tuple(query.items()), used))
    return fills
