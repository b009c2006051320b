"""Counts in words: "1 register entry", "3 register entries" — the one helper every printed
count goes through, so no message says "1 entries".

Nouns are given in the plural, as the counts of what a check examined are keyed ("log entries
read by the auditor"); for one, the head noun — the first plural word — and a noun joined to
it by "and" become singular ("1 victim or witness")."""

from __future__ import annotations

from collections.abc import Iterable

_NOT_PLURAL = ("ss", "us", "is")


def _is_plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(_NOT_PLURAL)


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    return word[:-1]


def singular(phrase: str) -> str:
    """The phrase about one thing: its head noun, and one joined to it by "and", singular."""
    words = phrase.split(" ")
    for i, word in enumerate(words):
        if _is_plural(word):
            words[i] = _singular(word)
            joined = words[i + 1 : i + 3]
            if len(joined) == 2 and joined[0] == "and" and _is_plural(joined[1]):
                words[i + 1 : i + 3] = ["or", _singular(joined[1])]
            return " ".join(words)
    return phrase


def count(number: int, nouns: str) -> str:
    """The number and the noun phrase (given in the plural) agreeing with it: '1 case',
    '2 cases', '1,200 log entries'."""
    return f"{number:,} {singular(nouns) if number == 1 else nouns}"


def every(number: int, nouns: str) -> str:
    """'all 3 exports', or 'the one export' when there is one: no claim says 'all 1 exports'."""
    return f"the one {singular(nouns)}" if number == 1 else f"all {count(number, nouns)}"


def agree(number: int, one: str, many: str) -> str:
    """The word agreeing with the count: agree(n, "was", "were"), agree(n, "its", "their")."""
    return one if number == 1 else many


def listing(items: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c' ('' for none)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
