"""Name/value pairs read as fields: `{"key": "immigration_status", "value": "..."}` says what
`{"immigration_status": "..."}` says, and a document `{"type": "passport", "number": "..."}` is
a passport number. Each pair becomes one more field, named by subscript on its object
(`$.attributes[immigration_status]`), so it belongs to whatever owns the list it sits in."""

from __future__ import annotations

import re
from functools import partial

from firewall_conformance.detect.roles import parent
from firewall_conformance.detect.vocabulary import Vocabulary

Fields = list[tuple[str, str]]
_INDEX = re.compile(r"\[\d+\]$")
_UNSAFE = re.compile(r"[^\w -]+")


def named_pairs(fields: Fields, words: Vocabulary) -> Fields:
    """One field for each object of `fields` that holds exactly one naming key and exactly one
    value key among its values; the record's own fields are left as they are."""
    objects: dict[str, dict[str, list[str]]] = {}
    for locator, value in fields:
        above, key = words.remembered(("pair key", locator), partial(_split, locator))
        if key in words.pair_names or key in words.pair_values:
            objects.setdefault(above, {}).setdefault(key, []).append(value)
    pairs: Fields = []
    for holder, keys in objects.items():
        names = [v for k, held in keys.items() if k in words.pair_names for v in held]
        values = [v for k, held in keys.items() if k in words.pair_values for v in held]
        if len(names) == 1 and len(values) == 1:
            name = _UNSAFE.sub("_", names[0]).strip()
            if name:
                pairs.append((f"{_INDEX.sub('', holder)}[{name}]", values[0]))
    return pairs


def _split(locator: str) -> tuple[str, str]:
    """The object a field sits in, and its key there, case-folded."""
    above = parent(locator)
    return above, locator[len(above) :].lstrip("./").casefold()
