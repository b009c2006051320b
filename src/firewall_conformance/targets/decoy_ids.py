"""Record numbers of the same form as a planted person's, for numbers no one holds (FW-03).

Whether a system answers the opening of a protected record as it answers a number nobody holds
is only seen against numbers that look like real ones: a number of another form may be turned
away by its form alone. So the last run of letters and digits of the real number is changed
character by character, each within its own kind (a digit to a digit, a hexadecimal letter to
one, a capital to a capital), keeping a leading prefix of letters (`P17` stays `P..`) and all
before the run. Whether such a number is held by someone is for the investigator to confirm.

A number may end in a check digit: one whose last character no other number of the form would
have is answered "malformed" by a system that checks it, where the real one is "not found",
and the two answers differ for a reason that is no one's record. Where the real number's run
passes the Luhn check over its own alphabet (digits, or hexadecimal), each changed number is
given the check character that keeps it passing. A run that passes by chance (one in ten or
sixteen) loses nothing by it. A check of another kind is seen by its answers instead
(claims/existence.py).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable

from firewall_conformance.targets.attempt import Attempt

CANDIDATES = 5
# A run shorter than this passes a check too often by chance to be taken for a checked number.
CHECKED_LENGTH = 6
_LAST_RUN = re.compile(r"[A-Za-z0-9]+(?!.*[A-Za-z0-9])")
_LEADING_LETTERS = re.compile(r"[A-Za-z]*(?=\d)")
_HEX = frozenset(string.hexdigits)


def _turned(char: str, step: int, alphabets: tuple[str, ...]) -> str:
    for alphabet in alphabets:
        if char in alphabet:
            return alphabet[(alphabet.index(char) + step) % len(alphabet)]
    return char


def _luhn_sum(values: list[int], base: int, double_first: bool) -> int:
    """The Luhn sum of `values` read from the right, every second one doubled (the rightmost
    when `double_first`), a doubled value's two digits in `base` added."""
    total = 0
    for position, value in enumerate(reversed(values)):
        if (position % 2 == 0) == double_first:
            value *= 2
            value = value // base + value % base
        total += value
    return total


def _alphabet(run: str) -> str | None:
    if run.isdigit():
        return string.digits
    if set(run) <= set(string.digits + "abcdef"):
        return string.digits + "abcdef"
    if set(run) <= set(string.digits + "ABCDEF"):
        return string.digits + "ABCDEF"
    return None


def passes_luhn(run: str) -> bool:
    """Whether `run` (digits or hexadecimal, CHECKED_LENGTH or longer) passes the Luhn check
    over its alphabet (mod 10, or mod 16)."""
    alphabet = _alphabet(run)
    if alphabet is None or len(run) < CHECKED_LENGTH:
        return False
    values = [alphabet.index(c) for c in run]
    return _luhn_sum(values, len(alphabet), double_first=False) % len(alphabet) == 0


def with_luhn_check(run: str) -> str:
    """`run` with its last character made the Luhn check character of the rest."""
    alphabet = _alphabet(run)
    if alphabet is None:
        return run
    base = len(alphabet)
    body = [alphabet.index(c) for c in run[:-1]]
    return run[:-1] + alphabet[-_luhn_sum(body, base, double_first=True) % base]


def same_form(record_id: str) -> list[str]:
    """Up to CANDIDATES distinct numbers of `record_id`'s form, none equal to it."""
    run = _LAST_RUN.search(record_id)
    if run is None:
        return []
    body = run.group()
    prefix = _LEADING_LETTERS.match(body)
    kept = prefix.group() if prefix else ""
    changed = body[len(kept) :]
    hexadecimal = set(changed) <= _HEX and any(c.isalpha() for c in changed)
    alphabets = (
        (string.digits, "abcdef", "ABCDEF")
        if hexadecimal
        else (string.digits, string.ascii_lowercase, string.ascii_uppercase)
    )
    found: list[str] = []
    for step in range(1, CANDIDATES + 1):
        turned = "".join(_turned(c, step, alphabets) for c in changed)
        if passes_luhn(body):  # hexadecimal letters kept before the first digit count too
            turned = with_luhn_check(kept + turned)[len(kept) :]
        elif passes_luhn(changed):
            turned = with_luhn_check(turned)
        candidate = record_id[: run.start()] + kept + turned + record_id[run.end() :]
        if candidate != record_id and candidate not in found:
            found.append(candidate)
    return found


def no_one_holds(attempt: Attempt) -> bool:
    """Whether the investigator's opening of a number shows no one holds it: not opened, and
    not turned away for its form (which would make it no number of the same form at all)."""
    return not attempt.allowed and not attempt.rejected


def tried_until_unheld(
    open_record: Callable[[str], Attempt], record_id: str, wanted: int
) -> list[tuple[str, Attempt]]:
    """Numbers of `record_id`'s form, each with the investigator's answer to opening it
    (`open_record`), tried until `wanted` of them are no one's or none is left."""
    tried: list[tuple[str, Attempt]] = []
    for number in same_form(record_id):
        tried.append((number, open_record(number)))
        if sum(no_one_holds(a) for _, a in tried) == wanted:
            break
    return tried
