"""What `init` reads from an operation beyond its fields: whether a list it answers comes in
pages, and how (targets/pages.py), and whether an export answers with the data itself.

Only what the document shows is taken: a query parameter named as a paging style names it
(`page`, `offset`, `cursor`...), a success answered only as CSV, NDJSON or XML is data. Where
the answer's own field for a total or a next page cannot be found, it is left a TODO.
"""

from __future__ import annotations

from typing import Any

from firewall_conformance.targets.openapi_match import Endpoint, Schemas, init_words, named

_STYLES_BY_PARAMETER = ("page-number", "offset", "cursor")


def _returns(rule: dict[str, Any], answer: list[str]) -> dict[str, str]:
    return {
        key: named(candidates, answer)
        or f"TODO: where the answer holds the {key.replace('_', ' ')}"
        for key, candidates in rule["returns"].items()
    }


def paging(endpoint: Endpoint, schemas: Schemas) -> tuple[str, str | None, dict[str, str]] | None:
    """(style, the query parameter to fill or None, the `returns` it reads) for an operation
    whose answer is paged, or None when the document shows no paging."""
    rules = init_words()["paging"]
    answer = list(schemas.properties(endpoint.answer))
    for style in _STYLES_BY_PARAMETER:
        parameter = named(rules[style]["parameters"], list(endpoint.query))
        if parameter:
            return style, parameter, _returns(rules[style], answer)
    if named(rules["next-link"]["answer"], answer):
        return "next-link", None, _returns(rules["next-link"], answer)
    return None


def page_request(request: dict[str, Any], found: tuple[str, str | None, dict[str, str]]) -> None:
    """Declare the paging `paging` found on a request of the profile skeleton."""
    style, parameter, returns = found
    if parameter is not None:
        placeholder = init_words()["paging"][style]["placeholder"]
        request["query"] = {**request.get("query", {}), parameter: "{" + placeholder + "}"}
    kept = {k: v for k, v in request.get("returns", {}).items() if k != "next" or "next" in returns}
    request["returns"] = {**returns, **kept}
    if style != "cursor":
        request.pop("first_cursor", None)
    request["pages"] = {"style": style}


def data_format(endpoint: Endpoint) -> str | None:
    """The export format of a success answered only with data (CSV, NDJSON, XML), or None
    when it may be JSON (naming a file, as the profile's default expects)."""
    kinds = init_words()["data_answers"]
    found = [fmt for media in endpoint.media for fmt, types in kinds.items() if media in types]
    return found[0] if found and len(found) == len(endpoint.media) else None
