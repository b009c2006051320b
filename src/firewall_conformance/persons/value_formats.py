"""Formats a target validates planted values against: a document number of nine digits, a
mobile number starting 07.

A system that rejects a passport number not of its country's shape would refuse every persona
the harness plants, and the scenarios would say nothing. The profile may therefore give a
pattern per planted detail (`planted_formats:`), and each persona's value is drawn to fit it.

Patterns are a small, readable subset of regular expressions: literal characters (a special
one escaped with a backslash), character classes (`[0-9]`, `[A-Z0-9]`, `\\d`) and fixed
repeats (`{9}`), with an optional `^` and `$`. Every value of such a pattern has one length,
so each can be checked before a run: it must have room for enough different values that each
persona of a run gets its own, and be long enough, as the canary matcher folds it (letters and
digits only, lower case), to be looked for at all. Anything else (alternatives, optional or
open repeats, groups, a class mixing letters or digits with punctuation) is refused with why.
"""

from __future__ import annotations

import random
import string
from collections.abc import Mapping
from dataclasses import dataclass

from firewall_conformance.detect.variants import MIN_PATTERN_LENGTH

# A planted person's details a format may be given: the identifiers a system may validate.
# Names, e-mail and address keep the harness's own shapes.
# A planted case's reference (persons/case_references.py) may be given the target's shape too.
CASE_REFERENCE = "case_reference"
FORMATTED = ("passport_number", "home_office_reference", "brp_number", "phone", CASE_REFERENCE)
# Different values a pattern must be able to take: every persona of a run draws its own, and
# must not turn up by chance in a clean export, where timestamps, ids and references are runs
# of digits too. Measured on the reference's clean exports and audit log
# (benchmarks/digit_canary_false_hits.py), a random canary of 7 digits was found in 1.5e-4 of
# draws, of 8 in 1.2e-5, of 9 in 8e-7: with a hundred or more personas a run, 7 digits would
# give a false hit in a few runs in a hundred. Nine digits, as the harness's own passport
# numbers have, is the floor.
MIN_VALUES = 10**9
# A case reference attributes nothing alone, only beside a planted date of birth
# (detect/attribution.py), so a chance sighting of one in a clean export decides nothing; it
# need only differ from the run's other cases (targets/http.py draws again on a repeat) and,
# most likely, from the target's own. Real shapes ("EXC/2024/00421", the year one of a few)
# have few free digits: a hundred thousand values is the floor.
MIN_REFERENCE_VALUES = 10**5
MAX_LENGTH = 64
_SPECIAL = set("\\[](){}|*+?.^$")
_CLASS_ESCAPES = {"d": string.digits}


class FormatRefused(ValueError):
    """A pattern outside the subset, or one that cannot hold a unique, findable value."""


@dataclass(frozen=True)
class ValueFormat:
    """A fixed-length pattern: for each position, the characters it may hold."""

    pattern: str
    positions: tuple[str, ...]

    def draw(self, rng: random.Random) -> str:
        return "".join(rng.choice(chars) for chars in self.positions)


def _class(pattern: str, start: int) -> tuple[str, int]:
    """The characters of a `[...]` class opening at `start`, and the index after it."""
    end = pattern.find("]", start + 1)
    if end < 0:
        raise FormatRefused("a character class '[' is not closed with ']'")
    body = pattern[start + 1 : end]
    if not body or body.startswith("^"):
        raise FormatRefused("an empty or negated character class ([^...]) is not supported")
    chars: list[str] = []
    index = 0
    while index < len(body):
        if index + 2 < len(body) and body[index + 1] == "-":
            low, high = body[index], body[index + 2]
            if ord(low) > ord(high):
                raise FormatRefused(f"the range {low}-{high} runs backwards")
            chars += [chr(c) for c in range(ord(low), ord(high) + 1)]
            index += 3
        elif body[index] == "\\" and index + 1 < len(body):
            escaped = body[index + 1]
            chars += list(_CLASS_ESCAPES.get(escaped, escaped))
            index += 2
        else:
            chars.append(body[index])
            index += 1
    return "".join(dict.fromkeys(chars)), end + 1


def _atom(pattern: str, index: int) -> tuple[str, int]:
    """The characters one position may hold, and the index after its atom."""
    char = pattern[index]
    if char == "[":
        return _class(pattern, index)
    if char == "\\":
        if index + 1 >= len(pattern):
            raise FormatRefused("the pattern ends with a lone backslash")
        escaped = pattern[index + 1]
        if escaped in _CLASS_ESCAPES:
            return _CLASS_ESCAPES[escaped], index + 2
        if escaped in _SPECIAL:
            return escaped, index + 2
        raise FormatRefused(f"'\\{escaped}' is not supported (only \\d and escaped specials)")
    if char in _SPECIAL:
        raise FormatRefused(
            f"'{char}' is not supported: only literal characters, character classes and fixed "
            "repeats such as {9}"
        )
    return char, index + 1


def _repeat(pattern: str, index: int) -> tuple[int, int]:
    """A fixed repeat `{n}` at `index`, if there is one: the count and the index after it."""
    if index >= len(pattern) or pattern[index] != "{":
        return 1, index
    end = pattern.find("}", index)
    count = pattern[index + 1 : end] if end > 0 else ""
    if not count.isdigit() or int(count) < 1:
        raise FormatRefused("a repeat must be a fixed count such as {9}; {n,m} is not supported")
    return int(count), end + 1


def _positions(pattern: str) -> tuple[str, ...]:
    body = pattern.removeprefix("^")
    body = body[:-1] if body.endswith("$") and not body.endswith("\\$") else body
    positions: list[str] = []
    index = 0
    while index < len(body):
        chars, index = _atom(body, index)
        if not chars.isascii() or not chars.isprintable():
            raise FormatRefused("only printable ASCII characters are supported")
        if len(chars) > 1 and any(c.isalnum() for c in chars) != all(c.isalnum() for c in chars):
            raise FormatRefused(
                "a character class mixing letters or digits with punctuation or spaces cannot "
                "be told apart once folded; use one class for each"
            )
        count, index = _repeat(body, index)
        positions += [chars] * count
        if len(positions) > MAX_LENGTH:
            raise FormatRefused(f"its values would be longer than {MAX_LENGTH} characters")
    return tuple(positions)


def parse(pattern: str, least: int = MIN_VALUES) -> ValueFormat:
    """The format a pattern describes, refused if outside the subset or too small to hold
    `least` values (a value unique to each persona) that the matcher can find."""
    positions = _positions(pattern)
    folded = [p for p in positions if p[0].isalnum()]
    values = 1
    for chars in folded:
        values *= len({c.lower() for c in chars})
    if len(folded) < MIN_PATTERN_LENGTH:
        raise FormatRefused(
            f"its values hold {len(folded)} letters or digits; the canary matcher needs at least "
            f"{MIN_PATTERN_LENGTH} to look for a value"
        )
    if values < least:
        raise FormatRefused(
            f"it allows only {values:,} different values (letter case aside); at least "
            f"{least:,} are needed so that each planted person or case gets a value of its own "
            "and a clean export does not hold one by chance: give it more free characters"
        )
    return ValueFormat(pattern, positions)


def parse_all(formats: Mapping[str, str], where: str) -> tuple[dict[str, ValueFormat], list[str]]:
    """Every format of a profile's `planted_formats`, and a problem by key path for each one
    refused."""
    parsed, problems = {}, []
    for attribute, pattern in formats.items():
        try:
            least = MIN_REFERENCE_VALUES if attribute == CASE_REFERENCE else MIN_VALUES
            parsed[attribute] = parse(pattern, least)
        except FormatRefused as exc:
            problems.append(f"at {where}.{attribute}: the pattern {pattern!r} is refused: {exc}")
    return parsed, problems
