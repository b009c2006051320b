"""Links in what an immigration officer's account is answered, to be followed as the officer
could follow them.

An answer that withholds a victim can still point to where she is: a search result carrying
an export's address, a refusal naming a download, a `Link` or `Location` header. The officer
holding that answer needs only to open the link, so what it leads to counts as received. The
links taken are those on the target's own address (where the account's credentials belong),
read from every part of the answer as the ledger reads it (JSON values unescaped, headers, the
status line, HTML escapes and percent-encoding read), relative ones from the question's own
address, a templated one as a client filling in no value opens it. A sign-out link is never opened, so the run keeps its sign-in; a link whose words say
it changes something (delete, cancel) is not opened either, but named, since a vendor can give
the address of a download such words.

Links are grouped by shape (digits and query values taken out), and a few of each shape are
followed, so a page of a hundred records' own links costs a few requests; the rest of a shape
(other pages of the question aside), and what the run's budget leaves, are named, so the run
cannot call them clean.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit, urlunsplit

# A page of search results lists ten to twenty-five records' own links: ten opened of a kind
# keep a run to at most 250 openings, and a kind's links past them are named, not dropped.
PER_SHAPE = 10
SHAPES = 25
MAX_LINK_LENGTH = 2048
# With its scheme, or without (`//host/path`, which takes the answer's scheme).
_ABSOLUTE = re.compile(r"(?:https?:)?//[^\s\"'<>\\]+", re.IGNORECASE)
# A root-relative path standing alone, in quotes or after `=` (an HTML attribute).
_RELATIVE = re.compile(r"""(?:^|(?<=["'=(]))(/(?!/)[^\s"'<>()\\]*)""")
# A path in prose ("download it from /exports/all.csv"): after a space, of two parts or more.
_IN_PROSE = re.compile(r"""(?<=\s)(/[\w~-][^\s"'<>()\\]*[/?.][^\s"'<>()\\]*)""")
# A `Link` header's targets, in angle brackets.
_BRACKETED = re.compile(r"<([^<>\s]+)>")
_SIGN_OUT = r"(?:log|sign)[-_]?(?:out|off)|end[-_]?session"
# A link that is a sign-out, its path's last word and nothing asked after it: never opened,
# as it leads to no records and would end the run's sign-in.
_SIGNS_OUT = re.compile(_SIGN_OUT, re.I)
# A link whose words say it changes something: never opened either, but named, since a
# vendor can put such a word in the address of a download.
_CHANGES = re.compile(
    rf"(?<![a-z])(?:{_SIGN_OUT}|delete|remove|revoke|destroy|unsubscribe|cancel|purge|erase"
    r"|reset|disable|deactivate|terminate|invalidate|expire)",
    re.I,
)
# A field or header whose whole value is a link, so one relative to the question counts
# ("?page=2", "notes/1"), not only one from the root: its name says so, or it stands under a
# `links` or `_links` object (HAL, JSON:API), or it is a JSON reference (`$ref`).
_LINK_PLACE = re.compile(
    r"(?:href|ur[il]|link|next|prev|location|download)[^.]*$|[.$]_?links\b|\$ref$", re.I
)
# A URI template's expressions (RFC 6570, as HAL's templated links write them): a client
# that fills in no value opens the link without them ("/export{?format}" as "/export").
_TEMPLATE = re.compile(r"\{[^{}]*\}")
# An HTML escape closed by its semicolon ("&amp;"): one without ("&copy=2" in a query) is
# a parameter a link really holds, which unescaping would change.
_ESCAPE = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.I)
# Prose ends a sentence or a bracket after a link; no server's link ends so.
_TRAILING = ".,;:!?"
_STATIC = re.compile(r"\.(?:css|js|mjs|map|png|jpe?g|gif|svg|ico|webp|woff2?|ttf|eot)$", re.I)
_DIGITS = re.compile(r"\d+")
# The names a list's next page is asked by.
_PAGING = re.compile(
    r"page|p|from|offset|start|skip|cursor|after|before|since_id|max_id|(?:page_?|next_?)(?:token|cursor|number|no)",
    re.I,
)


def own_links(
    fields: Iterable[tuple[str, str]], base_url: str, asked: str
) -> tuple[list[str], list[str]]:
    """Every URL on `base_url`'s origin that `fields` name, in order, each once, relative ones
    read from `asked` (the URL the answer was asked at, itself left out): those to open, and
    those whose words say opening them would change something."""
    origin = _origin(base_url)
    found: dict[str, bool] = {}
    for place, text in fields:
        for candidate in _candidates(place, text):
            written = _TEMPLATE.sub("", candidate)
            url = _own(urljoin(asked or base_url, written), base_url, origin)
            if url is not None and url != asked and not _signs_out(url):
                found[url] = _CHANGES.search(_words(url)) is None
    return [url for url, safe in found.items() if safe], [u for u, s in found.items() if not s]


def _own(url: str, base_url: str, origin: tuple[str, str]) -> str | None:
    """`url` written on the target's own address (its host's case, port and trailing dot as
    `base_url` writes them, no user name, no fragment), if it is on that address, of a length
    a server takes, no template left (a brace unmatched), and no static file."""
    parts = urlsplit(url)
    if (
        len(url) > MAX_LINK_LENGTH
        or "{" in url
        or _origin(url) != origin
        or _STATIC.search(parts.path)
    ):
        return None
    base = urlsplit(base_url)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))


def _words(url: str) -> str:
    """A link's path and query as a server reads them."""
    parts = urlsplit(url)
    return f"{unquote(parts.path)}?{unquote(parts.query)}"


def _signs_out(url: str) -> bool:
    parts = urlsplit(url)
    last = unquote(parts.path).rstrip("/").rsplit("/", 1)[-1]
    return not parts.query and _SIGNS_OUT.fullmatch(last) is not None


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

    def take(self, links: Iterable[str], asked: str = "") -> tuple[list[str], list[str]]:
        """The links to follow now, and those the budget leaves unopened: past `SHAPES`
        kinds, or past `PER_SHAPE` of a kind (a vendor can list a victim's record third),
        except another page of the question itself, which the harness walks where it pages."""
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
            elif not _another_page(link, asked):
                left.append(link)
        return follow, left


def _another_page(link: str, asked: str) -> bool:
    """Whether `link` asks what `asked` asked but for another page: the same path and query
    but one paging value ("?name=Brook&page=3"), not another question of the same shape
    ("?name=*")."""
    one, other = urlsplit(link), urlsplit(asked)
    if one.path != other.path:
        return False
    mine, theirs = dict(parse_qsl(one.query)), dict(parse_qsl(other.query))
    changed = {name for name in mine.keys() | theirs.keys() if mine.get(name) != theirs.get(name)}
    return len(changed) == 1 and _PAGING.fullmatch(changed.pop()) is not None


def _candidates(place: str, text: str) -> Iterator[str]:
    """What `text` names as links: HTML escapes read ("&amp;"), and a link written
    percent-encoded read as well as written."""
    text = _ESCAPE.sub(lambda escape: html.unescape(escape[0]), text) if "&" in text else text
    yield from _found(place, text)
    if "%2f" in text.lower():
        yield from _found(place, unquote(text))


def _found(place: str, text: str) -> Iterator[str]:
    yield from map(_closed, _ABSOLUTE.findall(text))
    relative = [m.group(1) for m in _RELATIVE.finditer(text)] + _IN_PROSE.findall(text)
    yield from (link for link in map(_closed, relative) if len(link) > 1)
    if place.lower() == "header link":
        yield from _BRACKETED.findall(text)
    value = text.strip()
    if _LINK_PLACE.search(place) and _a_reference(value):
        yield value


def _a_reference(value: str) -> bool:
    """Whether a link field's value reads as a URL reference, not a cursor or a flag."""
    return bool(value) and ("/" in value or value[0] in "?.") and not re.search(r"\s", value)


def _closed(link: str) -> str:
    """A link met in prose without the full stop or bracket that closes its sentence."""
    while link and (
        link[-1] in _TRAILING or (link[-1] == ")" and link.count(")") > link.count("("))
    ):
        link = link[:-1]
    return link


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    try:
        port = parts.port or default
    except ValueError:
        port = None
    return parts.scheme.lower(), f"{(parts.hostname or '').lower().rstrip('.')}:{port}"
