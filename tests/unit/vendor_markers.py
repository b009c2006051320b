"""A vendor's filter for the harness's test data: what a system built to pass the harness
would look for in a value to withhold the record holding it."""

from __future__ import annotations

import re

_SYLLABLES = r"(?:[bcdfghklmnprstvz][aeiou]){3,}"
VENDOR_MARKERS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"example\.(?:org|com|net)|\.(?:test|invalid|example|localhost)\b",
        r"01632\s?960|020\s?7946\s?0|01(?:13|61|21)\s?496\s?0|07700\s?900",
        r"\bZZ99\b|Exampleshire|Exampleton",
        rf"\b{_SYLLABLES} {_SYLLABLES}$|\b{_SYLLABLES} (?:Road|Street|Lane)\b",
    )
)
# A family name of syllables alone: a filter cannot key on given names so (real ones such as
# Caroline are made that way), but on the name a person is found by.
FAMILY_MARKER = re.compile(rf"^{_SYLLABLES}$", re.IGNORECASE)


def marked(attribute: str, value: str) -> bool:
    if attribute in ("family_name", "street") and FAMILY_MARKER.match(value):
        return True
    return any(marker.search(value) for marker in VENDOR_MARKERS)
