"""A planted name with its letters swapped by a rule anyone can undo.

A Caesar shift (any of the 25; ROT13 is one), Atbash (a->z, b->y, …), leetspeak ("V0rr4nd1n3")
and a name with its vowels dropped ("Vrrndn") all leave the name readable to a recipient who
knows or guesses the rule, so each is a leak. Each is one pattern of the folded name, with a
length below which a chance hit in ordinary text would be too likely: a shifted name is any
string of letters, and short ones are English words often enough ("sleep" is "bunny" shifted
by 9), so shifts and Atbash need ten letters (a full name, a long family name, an e-mail
address); leetspeak carries digits among letters, which words do not, so six will do for it;
a name without its vowels is a run of consonants, and runs of six turned up in 100 MB of
English prose and code ("prsstn", across words) where runs of seven did not, so seven.

Leetspeak is matched written throughout (every vowel a digit, or every vowel and s and t); a
name with only some of its letters swapped is not (README, "What CONFORMANT cannot show").
"""

from __future__ import annotations

import string
from collections.abc import Iterator

from firewall_conformance.detect.normalise import fold_value

MIN_SHIFTED_LENGTH = 10
MIN_LEET_LENGTH = 6
MIN_CONSONANTS = 7

_LOWER = string.ascii_lowercase
_LEET = (
    str.maketrans("aeio", "4310"),
    str.maketrans("aeiost", "431057"),
)
_VOWELS = str.maketrans("", "", "aeiou")
# Every variant these forms are named by.
VARIANTS = frozenset(
    {*(f"caesar {shift}" for shift in range(1, 26)), "atbash", "leetspeak", "vowels dropped"}
)


def substituted_forms(value: str) -> Iterator[tuple[str, str]]:
    """(variant, text) for every substitution of the folded value that changes it (ROT13 is
    variants.py's own)."""
    folded = fold_value(value)
    if len(folded) >= MIN_SHIFTED_LENGTH:
        for shift in range(1, 26):
            if shift != 13:
                table = str.maketrans(_LOWER, _LOWER[shift:] + _LOWER[:shift])
                yield f"caesar {shift}", folded.translate(table)
        yield "atbash", folded.translate(str.maketrans(_LOWER, _LOWER[::-1]))
    for table in _LEET if len(folded) >= MIN_LEET_LENGTH else ():
        leet = folded.translate(table)
        if leet != folded:
            yield "leetspeak", leet
    consonants = folded.translate(_VOWELS)
    if len(consonants) >= MIN_CONSONANTS and len(folded) - len(consonants) >= 2:
        yield "vowels dropped", consonants
