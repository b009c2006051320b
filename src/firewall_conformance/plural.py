"""Counts in words: "1 register entry", "3 register entries" — the one helper every printed
count goes through, so no message says "1 entries"."""

from __future__ import annotations


def plural(noun: str) -> str:
    """The plural of a noun or of a phrase ending in one ('register entry' -> 'register
    entries')."""
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u"):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def count(number: int, noun: str) -> str:
    """The number and the noun in the form that agrees with it ('1 case', '2 cases')."""
    return f"{number:,} {noun if number == 1 else plural(noun)}"


def listed(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
