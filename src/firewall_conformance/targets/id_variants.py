"""Other ways of asking for a record by its id, as an adversary would try them.

A system that refuses `/persons/P-17` may still serve `/persons/p-17`, `/persons/P-017` or
`/persons/%50%2D%31%37` when its access rule compares the path as written while its record
look-up normalises it (or the other way round). Each variant is path text, sent exactly as
written: nothing in it is quoted again. And a record asked for in another format (a CSV
download, a web page) goes through another renderer, which may have been left outside the
firewall: so the id as returned is also asked for with other `Accept` headers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from firewall_conformance.targets.ways_of_asking import OTHER_FORMATS, Asking

_LAST_DIGITS = re.compile(r"(\d+)(?!.*\d)")


@dataclass(frozen=True)
class IdVariant:
    """One way of asking for an id: what the harness calls it, the path text it sends, the
    format it asks for (`accept`; None: the usual one) and query parameters it adds."""

    name: str
    path_text: str
    accept: str | None = None
    query: tuple[tuple[str, str], ...] = ()


def _zero_padded(person_id: str) -> str:
    """The id with a 0 before its last run of digits (before the whole id if it has none)."""
    match = _LAST_DIGITS.search(person_id)
    if match is None:
        return "0" + person_id
    return person_id[: match.start()] + "0" + person_id[match.start() :]


def id_variants(person_id: str) -> list[IdVariant]:
    """Every distinct other spelling of `person_id`; none equals the id as returned."""
    written = quote(person_id, safe="")
    candidates = [
        IdVariant("in upper case", quote(person_id.upper(), safe="")),
        IdVariant("in lower case", quote(person_id.lower(), safe="")),
        IdVariant("zero-padded", quote(_zero_padded(person_id), safe="")),
        IdVariant("percent-encoded", "".join(f"%{byte:02X}" for byte in person_id.encode("utf-8"))),
        IdVariant("with a trailing slash", written + "/"),
        IdVariant("behind a ./ segment", "./" + written),
    ]
    seen = {written}
    variants = []
    for variant in candidates:
        if variant.path_text not in seen:
            seen.add(variant.path_text)
            variants.append(variant)
    return variants


def format_variants(person_id: str) -> list[IdVariant]:
    """The id as returned, asked for in each of OTHER_FORMATS."""
    written = quote(person_id, safe="")
    return [
        IdVariant(f"asked for {name}", written, accept) for name, accept in OTHER_FORMATS.items()
    ]


def option_variants(person_id: str, askings: Iterable[Asking]) -> list[IdVariant]:
    """The id as returned, asked with each option (ways_of_asking.py) the system publishes."""
    written = quote(person_id, safe="")
    return [IdVariant(a.name, written, a.accept, a.query) for a in askings]
