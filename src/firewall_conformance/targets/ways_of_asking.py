"""Other ways of asking a mapped read (the search, opening a record) than the profile's own.

A profile maps the request an officer's screen sends, but a system's published interface often
offers the same read with more: a `format` or `view` to choose, a `fields` or `include` that
adds to each result, a free-text `q` or a case number beside the name boxes. Each is another
path through the system's code, and a firewall written for the usual path may be missing from
it (a CSV renderer, an expanded view that reads the whole record, a look-up by case). So the
read is asked again in other formats (by `Accept`) and with each parameter its published
operation takes that the profile leaves unset; a parameter no value can be found for is named,
never passed over.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from firewall_conformance.targets.query_fill import QueryParameter, asks_for

# Formats a record may be rendered in by another path than the usual one, by how they are named.
OTHER_FORMATS = {
    "as CSV": "text/csv",
    "as XML": "application/xml",
    "as a web page": "text/html",
    "in any format": "*/*",
}
# Parameters that, by their name, widen what each result shows; asked with these values when
# the document lists none.
_WIDENING = frozenset(
    {"fields", "include", "expand", "embed", "view", "detail", "details", "select", "show",
     "with", "verbose", "full", "all", "extended"}
)  # fmt: skip
WIDE_VALUES = ("*", "all")
# The most parameter values asked of one operation; those past it are named as not asked.
MAX_OPTIONS = 12
# What a criterion's value is, for a parameter naming no planted detail (a free-text box).
_BOX = "full_name"


@dataclass(frozen=True)
class Asking:
    """One other way of asking: what an inspector calls it, the query parameters added to the
    profile's request, the format asked for (`accept`; None: the usual one), and, for a
    parameter that says whom to look for (`criterion`), which planted detail fills it in place
    of the profile's own criterion (`detail`: a persona attribute, "person" or "case")."""

    name: str
    query: tuple[tuple[str, str], ...] = ()
    accept: str | None = None
    criterion: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Askings:
    """Every other way of asking one read, and the published parameters not asked (`unasked`,
    each with why) or why none were looked for (`unlooked`, "" when they were)."""

    askings: list[Asking]
    unasked: list[str] = field(default_factory=list)
    unlooked: str = ""


def format_askings() -> list[Asking]:
    return [Asking(f"asked for {name}", accept=accept) for name, accept in OTHER_FORMATS.items()]


def _words(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def option_askings(
    parameters: Iterable[QueryParameter], used: Collection[str], *, criteria: bool = True
) -> Askings:
    """The askings for each parameter of a published operation that the profile's request does
    not set (`used`, any letter case): one per value a choosing parameter takes (an
    enumeration's, a boolean's, a widening one's `WIDE_VALUES`), and, for a search
    (`criteria`), one per parameter that says whom to look for; at most MAX_OPTIONS values,
    the rest named."""
    taken = {name.lower() for name in used}
    askings: list[Asking] = []
    unasked: list[str] = []
    for parameter in parameters:
        if parameter.name.lower() in taken:
            continue
        asks = asks_for(parameter)
        if parameter.choices or _words(parameter.name) in _WIDENING:
            values = parameter.choices or WIDE_VALUES
            askings += [
                Asking(f"with {parameter.name}={value}", ((parameter.name, value),))
                for value in values
            ]
        elif asks in ("offered", "one", "true", "unfillable"):
            unasked.append(f"{parameter.name} (no value to ask it with)")
        elif criteria:
            detail = _BOX if asks == "box" else asks
            askings.append(Asking(f"by {parameter.name}", criterion=parameter.name, detail=detail))
        else:
            unasked.append(f"{parameter.name} (it says whom to look for, not how to answer)")
    if len(askings) > MAX_OPTIONS:
        unasked += [f"{a.name} (past the first {MAX_OPTIONS} asked)" for a in askings[MAX_OPTIONS:]]
        askings = askings[:MAX_OPTIONS]
    return Askings(askings, unasked)
