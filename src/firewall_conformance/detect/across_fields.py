"""A planted value cut across neighbouring fields of one record.

A system that keeps a name in fixed-width columns ("NAME_1", "NAME_2"), or a vendor who wants
a value to pass a field-by-field scan, can write "Qiu Harrow" in one field and "beckden" in
the next: no field holds the family name, yet the record does. The record's values are read
run together, in their order, and a planted value met there that runs from one field into the
next counts, where it stands on word boundaries of the run-together text (word_bounds.py), so
that field ends meeting by chance ("victim", "or fields") do not make a name. A person another
hit already attributes the record to is not looked for again: the record is hers either way.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate

from firewall_conformance.detect.matcher import CanaryMatcher, Pattern
from firewall_conformance.detect.normalise import fold_value
from firewall_conformance.detect.word_bounds import WordBounds

VARIANT = "across fields"


def across_fields(
    matcher: CanaryMatcher, fields: list[tuple[str, str]], found: set[str]
) -> Iterator[tuple[str, Pattern]]:
    """(the fields joined by " + ", the pattern) for each value of a person not in `found`
    that runs over two fields or more of the record."""
    if len(fields) < 2:
        return
    folded = [fold_value(value) for _, value in fields]
    joined = "".join(folded)
    ends = list(accumulate(map(len, folded)))
    # A zero-width space between fields folds to nothing and leaves each field's ends word
    # boundaries, yet does not part a one-word value cut across them into two words as written
    # (word_bounds.py: `around`, `written_in`).
    raw = "\u200b".join(value for _, value in fields)
    bounds = WordBounds(raw, joined)
    for start, end, pattern in matcher.spans(joined, raw):
        first, last = bisect_right(ends, start), bisect_right(ends, end - 1)
        if first == last or pattern.persona in found or not bounds.around(start, end):
            continue
        names = " + ".join(name for name, _ in fields[first : last + 1])
        yield names, pattern._replace(variant=f"{pattern.variant} {VARIANT}")
