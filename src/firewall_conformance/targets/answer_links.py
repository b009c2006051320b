"""Links in what an immigration officer's account is answered, to be followed as the officer
could follow them.

An answer that withholds a victim can still point to where she is: a search result carrying
an export's address, a refusal naming a download, a `Link` or `Location` header. The officer
holding that answer needs only to open the link, so what it leads to counts as received. The
links taken are those on the target's own address (where the account's credentials belong),
read from every part of the answer as the ledger reads it (JSON values unescaped, headers, the
status line). A link whose words say it ends a session or changes something (sign out, delete)
is never opened: following links must not change the system or the run's own sign-in.

Links are grouped by shape (digits and query values taken out), and a few of each shape are
followed, so a page of a hundred records' own links costs a few requests; the run's budget
bounds the rest, and what it leaves unopened is named, so the run cannot call it clean.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urljoin, urlsplit

PER_SHAPE = 2
SHAPES = 25
MAX_LINK_LENGTH = 2048
_ABSOLUTE = re.compile(r"https?://[^\s\"'<>\\]+", re.IGNORECASE)
# A root-relative path standing alone, in quotes or after `=` (an HTML attribute).
_RELATIVE = re.compile(r"""(?:^|(?<=["'=(]))(/(?!/)[^\s"'<>()\\]*)""")
# A `Link` header's targets, in angle brackets.
_BRACKETED = re.compile(r"<([^<>\s]+)>")
_UNSAFE = re.compile(
    r"(?:log|sign)[-_]?(?:out|off)|delete|remove|revoke|destroy|unsubscribe|cancel", re.I
)
_STATIC = re.compile(r"\.(?:css|js|mjs|map|png|jpe?g|gif|svg|ico|webp|woff2?|ttf|eot)$", re.I)
_DIGITS = re.compile(r"\d+")


def own_links(fields: Iterable[tuple[str, str]], base_url: str, asked: str) -> list[str]:
    """Every absolute URL on `base_url`'s origin that `fields` name, in order, each once;
    `asked` (the URL the answer was asked at) and links unsafe to open left out."""
    origin = _origin(base_url)
    found: dict[str, None] = {}
    for place, text in fields:
        for candidate in _candidates(place, text):
            url = urljoin(base_url, candidate)
            if url != asked and _openable(url, origin):
                found[url.split("#", 1)[0]] = None
    return list(found)


def _openable(url: str, origin: tuple[str, str]) -> bool:
    """On the target's own address, of a length a server takes, no template, and no sign-out,
    deletion or static file by its path."""
    path = urlsplit(url).path
    return (
        len(url) <= MAX_LINK_LENGTH
        and "{" not in url
        and _origin(url) == origin
        and not _UNSAFE.search(path)
        and not _STATIC.search(path)
    )


def shape(url: str) -> str:
    """What links to records of one kind share: the path with its digits taken out, and the
    names (not values) of its query."""
    parts = urlsplit(url)
    names = sorted({name for name, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return _DIGITS.sub("#", parts.path) + ("?" + "&".join(names) if names else "")


@dataclass
class LinkBudget:
    """Which links a run has followed and how many of each shape, within its budget."""

    followed: set[str] = field(default_factory=set)
    per_shape: Counter[str] = field(default_factory=Counter)

    def take(self, links: Iterable[str]) -> tuple[list[str], list[str]]:
        """The links to follow now, and those the budget leaves unopened."""
        follow, left = [], []
        for link in links:
            if link in self.followed:
                continue
            kind = shape(link)
            if kind not in self.per_shape and len(self.per_shape) >= SHAPES:
                left.append(link)
            elif self.per_shape[kind] < PER_SHAPE:
                self.per_shape[kind] += 1
                self.followed.add(link)
                follow.append(link)
        return follow, left


def _candidates(place: str, text: str) -> Iterator[str]:
    yield from _ABSOLUTE.findall(text)
    yield from (m.group(1) for m in _RELATIVE.finditer(text) if len(m.group(1)) > 1)
    if place.lower() == "header link":
        yield from _BRACKETED.findall(text)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    try:
        port = parts.port or default
    except ValueError:
        port = None
    return parts.scheme.lower(), f"{(parts.hostname or '').lower()}:{port}"
