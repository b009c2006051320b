"""What the names of a flat record say, worked out once for each set of names.

The records of one export share their field names, so which fields make name/value pairs
(`pairs`), which state a role and which hold immigration data under each part of the record
are worked out once per set of locators (remembered within the vocabulary's bound); record by
record only the values are read. A `ValuePlan` goes further for records whose values come in
their shape's order (a CSV row, a flat JSON object): which positions to read for roles and,
under each part a role names, for immigration data, so no list of fields is built per record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter

from firewall_conformance.detect.pairs import Fields, Pair, pair_plan
from firewall_conformance.detect.roles import COLUMN_ENDS, keyed_roles, role_owner
from firewall_conformance.detect.vocabulary import Vocabulary

Category = Callable[[Vocabulary, str, str], "str | None"]


def under(owner: str, locator: str) -> bool:
    """Whether a field belongs to a part of its record ('' is the whole record); a wide
    record's columns belong to the person their name begins with ('victim1_', ending where
    what the column holds begins: roles.column_person)."""
    return (
        not owner
        or locator.startswith(owner + ".")
        or locator.startswith(owner + "/")
        or (owner[-1] in COLUMN_ENDS and owner[0] not in "$/" and locator.startswith(owner))
    )


@dataclass(frozen=True)
class FlatShape:
    locators: tuple[str, ...]
    pairs: tuple[Pair, ...]
    role_fields: tuple[int, ...]
    keyed: dict[str, set[str]]  # parts whose own key names their role (`roles.keyed_roles`)
    _marked: dict[str, tuple[tuple[int, str], ...]] = field(default_factory=dict)

    def marked(
        self, owner: str, words: Vocabulary, category: Category
    ) -> tuple[tuple[int, str], ...]:
        """(field, category) of each field under `owner` whose name below it marks
        immigration data."""
        if owner not in self._marked:
            found = []
            for index, locator in enumerate(self.locators):
                if under(owner, locator):
                    kind = category(words, locator, owner)
                    if kind:
                        found.append((index, kind))
            self._marked[owner] = tuple(found)
        return self._marked[owner]


@dataclass(frozen=True)
class ValuePlan:
    """What to read of a record with these locators, values in the same order: `roles` the
    position of each role field and the part whose role it states; `marked` for each such part
    the (position, locator, category) of its fields that mark immigration data. `paired`: the
    shape holds name/value pairs, whose names are values, or parts whose key names their role
    ('victims[0]'), so the record is read field by field."""

    locators: tuple[str, ...]
    paired: bool
    roles: tuple[tuple[int, str], ...]
    marked: dict[str, tuple[tuple[int, str, str], ...]]


def value_plan(locators: tuple[str, ...], words: Vocabulary, category: Category) -> ValuePlan:
    return words.remembered(("plan", locators), lambda: _plan(locators, words, category))


def _plan(locators: tuple[str, ...], words: Vocabulary, category: Category) -> ValuePlan:
    shape = _shape(locators, words)
    roles = tuple(
        (i, owner) for i in shape.role_fields if (owner := role_owner(locators[i])) is not None
    )
    marked = {
        owner: tuple((i, locators[i], kind) for i, kind in shape.marked(owner, words, category))
        for _, owner in roles
    }
    return ValuePlan(locators, bool(shape.pairs or shape.keyed), roles, marked)


def flat_shape(fields: Fields, words: Vocabulary) -> FlatShape:
    locators = tuple(map(itemgetter(0), fields))
    return words.remembered(("shape", locators), lambda: _shape(locators, words))


def _shape(locators: tuple[str, ...], words: Vocabulary) -> FlatShape:
    roles = tuple(i for i, locator in enumerate(locators) if role_owner(locator) is not None)
    return FlatShape(locators, pair_plan(locators, words), roles, keyed_roles(locators))
