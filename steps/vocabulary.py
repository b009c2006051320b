"""The suite's fixed words for people, accounts and recipients, mapped to the library's terms,
as named groups for `parsers.re` and the phrase tables (with CONVERTERS)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

ACCOUNTS = {
    f"{article} {words}": name
    for words, name in (
        ("investigator", "investigator"),
        ("immigration officer", "immigration_officer"),
    )
    for article in ("an", "the")
}
RECIPIENTS = {
    "the prosecution service": "prosecution",
    "immigration enforcement": "immigration-enforcement",
    "the local authority": "local-authority",
}
RECIPIENT_WORDS = {name: words for words, name in RECIPIENTS.items()}
# Whoever may receive something: the force's own accounts and the recipients outside it.
PARTIES = {**ACCOUNTS, **RECIPIENTS}
PURPOSES = {"prosecution": "prosecution", "immigration control": "immigration-control"}
_ROLE = re.compile(r"\b(victim|witness|suspect)\b")


def roles_in(phrase: str) -> list[str]:
    """'the victim, the witness and the suspect' -> ['victim', 'witness', 'suspect']."""
    roles = _ROLE.findall(phrase)
    if not roles:
        raise ValueError(f"no victim, witness or suspect named in {phrase!r}")
    return roles


def account(phrase: str) -> str:
    return ACCOUNTS[phrase]


def recipient(phrase: str) -> str:
    return RECIPIENTS[phrase]


def party(phrase: str) -> str:
    return PARTIES[phrase]


def purpose(phrase: str) -> str:
    """An export purpose as the harness names it; the target profile maps it to a code."""
    return PURPOSES[phrase]


def one_of(name: str, phrases: Iterable[str]) -> str:
    """A named group matching any of these phrases, for a `parsers.re` step."""
    return f"(?P<{name}>{'|'.join(map(re.escape, phrases))})"


ACCOUNT = one_of("account", ACCOUNTS)
RECIPIENT = one_of("recipient", RECIPIENTS)
PARTY = one_of("party", PARTIES)
PURPOSE = one_of("purpose", PURPOSES)
ROLE = r"(?P<role>victim|witness|suspect)"
ROLES = r"(?P<roles>the [a-z ,]+?)"


def _unless_absent(convert: Callable[[str], Any]) -> Callable[[str | None], Any]:
    """pytest-bdd converts every named group, an optional one that matched nothing too."""
    return lambda phrase: None if phrase is None else convert(phrase)


# Typed as pytest-bdd declares converters; each also accepts None (the group unmatched).
CONVERTERS: dict[str, Callable[[str], Any]] = {
    name: _unless_absent(convert)
    for name, convert in (
        ("account", account),
        ("recipient", recipient),
        ("party", party),
        ("purpose", purpose),
        ("roles", roles_in),
    )
}
