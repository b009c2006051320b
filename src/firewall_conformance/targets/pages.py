"""Walking a paged list (the audit log) in whichever style the target pages it.

A log that stops early looks complete: a missing entry then passes for one never written. So a
page sequence ends only where its own style says it does, and an end that contradicts a total
the target declared (page 3 of 7, 300 of 700 entries) is Inconclusive, never the end; so is a
page or cursor met twice, and a walk longer than the bound.

Styles (the profile's `pages.style`):
  cursor       the answer's `next` is filled into the request's {cursor} (the default)
  next-link    the answer's `next` is the address of the next page
  link-header  the next page's address is in the answer's `Link: <...>; rel="next"` header
  page-number  pages {page} = first, first + 1, ... up to the answer's `total_pages`
  offset       entries from {offset} = 0, then each count read so far, up to the answer's `total`

A walk can start where an earlier one's last page began (`Place`), so a log read many times in
a run is not asked for again whole each time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from firewall_conformance.model.outcomes import Inconclusive

CURSOR, NEXT_LINK, LINK_HEADER, PAGE_NUMBER, OFFSET = (
    "cursor",
    "next-link",
    "link-header",
    "page-number",
    "offset",
)
# Styles whose continuation is an address to follow, not a value for the request template.
LINK_STYLES = frozenset({NEXT_LINK, LINK_HEADER})


@dataclass(frozen=True)
class Step:
    """The next request: the template's placeholder `values`, or a `link` to follow."""

    values: Mapping[str, Any] = field(default_factory=dict)
    link: str | None = None

    def key(self) -> str:
        return self.link if self.link is not None else repr(sorted(self.values.items()))


@dataclass(frozen=True)
class Page:
    """What one answer gave: its entries, its continuation, and any totals it declared."""

    items: list[Any]
    next: Any = None
    total: Any = None
    total_pages: Any = None


def style_of(spec: Mapping[str, Any]) -> str:
    return str(spec.get("pages", {}).get("style", CURSOR))


def first_step(spec: Mapping[str, Any]) -> Step:
    """The first request of a paged list declared as `spec`."""
    style = style_of(spec)
    if style == PAGE_NUMBER:
        return Step({"page": int(spec["pages"].get("first", 1))})
    if style == OFFSET:
        return Step({"offset": 0})
    return Step({"cursor": spec.get("first_cursor", "")})


def _count(value: Any, what: str, where: str) -> int | None:
    """A declared total as a whole number; one that is not a number says nothing usable."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Inconclusive(f"{where} gave a {what} that is not a count ({str(value)[:40]!r}).")
    return value


def _after(
    spec: Mapping[str, Any], step: Step, page: Page, number: int, read: int, where: str
) -> Step | None:
    """The request after page `number`, or None where the list ends; Inconclusive where the
    end contradicts a declared total or the style cannot tell where the list ends."""
    style = style_of(spec)
    total = _count(page.total, "total number of entries", where)
    total_pages = _count(page.total_pages, "number of pages", where)
    if style == PAGE_NUMBER:
        if total_pages is None:
            raise Inconclusive(
                f"{where} did not say on page {number} how many pages there are, so its end "
                "could not be told."
            )
        if number >= total_pages:
            return None
        nxt: Step | None = Step({"page": int(step.values["page"]) + 1}) if page.items else None
    elif style == OFFSET:
        if total is None:
            raise Inconclusive(
                f"{where} did not say on page {number} how many entries there are, so its end "
                "could not be told."
            )
        if read >= total:
            return None
        nxt = Step({"offset": read}) if page.items else None
    elif page.next in (None, ""):
        nxt = None
    elif style in LINK_STYLES:
        nxt = Step(link=str(page.next))
    else:
        nxt = Step({"cursor": page.next})
    if nxt is None:
        if total_pages is not None and number < total_pages:
            raise Inconclusive(
                f"{where} ended at page {number} of {total_pages}; the rest was not read."
            )
        if total is not None and read < total:
            raise Inconclusive(
                f"{where} ended after {read} of its {total} entries; the rest was not read."
            )
    return nxt


@dataclass(frozen=True)
class Place:
    """Where a walk's last page began: the entries before it, its request and its number. A
    later walk started here asks again for that page, which may have grown, and for the pages
    after it, not for the pages before it."""

    before: int
    step: Step
    number: int


def walk(
    spec: Mapping[str, Any], fetch: Callable[[Step], Page], max_pages: int, where: str
) -> list[Any]:
    """Every entry of the paged list `spec` declares, read page by page through `fetch`."""
    return walk_from(spec, fetch, max_pages, where, None)[0]


def walk_from(
    spec: Mapping[str, Any],
    fetch: Callable[[Step], Page],
    max_pages: int,
    where: str,
    start: Place | None,
) -> tuple[list[Any], Place]:
    """The entries from `start` (the first page when None) to the list's end, and where its
    last page began, counted from the list's first entry."""
    place = start or Place(0, first_step(spec), 1)
    step, before = place.step, place.before
    seen = {step.key()}
    entries: list[Any] = []
    for number in range(place.number, max_pages + 1):
        page = fetch(step)
        place = Place(before + len(entries), step, number)
        entries.extend(page.items)
        following = _after(spec, step, page, number, before + len(entries), where)
        if following is None:
            return entries, place
        if following.key() in seen:
            raise Inconclusive(f"{where}'s pages led back to a page already read; reading stopped.")
        seen.add(following.key())
        step = following
    raise Inconclusive(f"{where} ran past {max_pages} pages; reading stopped.")
