"""A planted person written by her initials beside her date of birth.

A date of birth is shared with too many people to attribute a record alone (attribution.py),
and initials with more; but side by side they single a person out to a recipient that holds
names and dates of birth itself, as immigration enforcement does ("A.T., born 1987-03-14").
So where a record holds a planted person's date of birth and nothing that names her, her
initials written as initials (capitals standing alone, or each followed by a full stop; never
the first letters of words) are a finding too. It does not identify on its own: like the date,
it attributes the record only beside a second planted value, as attribution.py pairs any two.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from firewall_conformance.detect.matcher import CanaryMatcher

ATTRIBUTE = "initials"


def _written(given: str, family: str) -> re.Pattern[str]:
    """ "A.T.", "A. T.", "A T" or "AT", standing alone."""
    return re.compile(rf"(?<![^\W\d_]){given}(?:\.\s?|\s)?{family}(?![^\W\d_])")


def initials_seen(
    matcher: CanaryMatcher, dated: Mapping[str, str], fields: Sequence[tuple[str, str]]
) -> Iterator[tuple[str, str, str]]:
    """(persona, role, field) for each planted person in `dated` (persona -> role: those whose
    date of birth, and nothing naming them, one record holds) whose initials a field writes."""
    for persona, role in dated.items():
        letters = matcher.initials(persona)
        if letters is None:
            continue
        written = _written(*letters)
        field = next((name for name, value in fields if written.search(value)), None)
        if field is not None:
            yield persona, role, field
