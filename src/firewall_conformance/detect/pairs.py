"""Name/value pairs read as fields: `{"key": "immigration_status", "value": "..."}` says what
`{"immigration_status": "..."}` says, and a document `{"type": "passport", "number": "..."}` is
a passport number. Each pair becomes one more field, named by subscript on its object
(`$.attributes[immigration_status]`), so it belongs to whatever owns the list it sits in."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from firewall_conformance.detect.memo import NAMES_REMEMBERED
from firewall_conformance.detect.roles import parent
from firewall_conformance.detect.vocabulary import Vocabulary

Fields = list[tuple[str, str]]
Pair = tuple[str, int, int]  # (its object, index dropped; the naming field; the value field)
_INDEX = re.compile(r"\[\d+\]$")
_UNSAFE = re.compile(r"[^\w -]+")


def named_pairs(fields: Fields, words: Vocabulary) -> Fields:
    """One field for each object of `fields` that holds exactly one naming key and exactly one
    value key among its values; the record's own fields are left as they are."""
    locators = tuple(locator for locator, _ in fields)
    plan = words.remembered(("pairs", locators), lambda: pair_plan(locators, words))
    return paired(fields, plan)


def pair_plan(locators: Sequence[str], words: Vocabulary) -> tuple[Pair, ...]:
    """The pairs a record with these locators holds, whatever its values."""
    objects: dict[str, dict[str, list[int]]] = {}
    for index, locator in enumerate(locators):
        above, key = _split(locator)
        if key in words.pair_names or key in words.pair_values:
            objects.setdefault(above, {}).setdefault(key, []).append(index)
    plan = []
    for holder, keys in objects.items():
        names = [i for k, at in keys.items() if k in words.pair_names for i in at]
        values = [i for k, at in keys.items() if k in words.pair_values for i in at]
        if len(names) == 1 and len(values) == 1:
            plan.append((_INDEX.sub("", holder), names[0], values[0]))
    return tuple(plan)


def paired(fields: Fields, plan: tuple[Pair, ...]) -> Fields:
    """The fields the pairs of `plan` make of one record's values."""
    pairs: Fields = []
    for holder, name_at, value_at in plan:
        name = _UNSAFE.sub("_", fields[name_at][1]).strip()
        if name:
            pairs.append((f"{holder}[{name}]", fields[value_at][1]))
    return pairs


@lru_cache(maxsize=NAMES_REMEMBERED)
def _split(locator: str) -> tuple[str, str]:
    """The object a field sits in, and its key there, case-folded."""
    above = parent(locator)
    return above, locator[len(above) :].lstrip("./").casefold()
