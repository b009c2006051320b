"""Whose status data it is, beyond the fields whose names mark it under a part naming a role.

`status.flat_status` reports a field whose name marks immigration data under a part of a record
that names a victim or a witness. Two more kinds of status data are about a person too: a value
that states status (`status_values`: a remark, a flag) on such a part, and status data, by name
or by value, outside every part that names a role. The second is bound to the record's person
when the record holds exactly one (`{"party": {"role": "victim"}, "notes": {"visa": ...}}`);
otherwise no one can say whose it is, and it comes back with the role unknown, which makes the
scan inconclusive rather than "nothing found".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Any

from firewall_conformance.detect.pairs import Fields, Pair
from firewall_conformance.detect.role_words import role_words
from firewall_conformance.detect.roles import PROTECTED_ROLES, parent, role_owner
from firewall_conformance.detect.shapes import Category, under
from firewall_conformance.detect.status_values import status_values
from firewall_conformance.detect.vocabulary import Vocabulary, local_name

UNKNOWN_ROLE = "unknown"
# Identifying details that mark the part of a record holding them as a person.
_PERSON_DETAILS = frozenset({"full_name", "given_name", "family_name", "birth_date"})

# (locator, value, category, role, the part of the record the person is: '' the whole record)
Located = tuple[str, str, str, str, str]


def _protected(roles: set[str]) -> str | None:
    return min(roles & PROTECTED_ROLES, default=None)


@dataclass(frozen=True)
class _Reading:
    """What to read of a record with these names, given which parts of it name a role:
    `valued` for each such part, the fields under it whose values are read (its names mark
    none of them); `outside`, fields under no such part whose values are read;
    `named_outside`, fields under no such part whose names mark status, with the category;
    `lone`, the part the record's one person is, when it names a role."""

    valued: dict[str, tuple[int, ...]]
    outside: tuple[int, ...]
    named_outside: tuple[tuple[int, str], ...]
    lone: str | None


def beyond_names(
    fields: Fields,
    pairs: Fields,
    plan: tuple[Pair, ...],
    held: dict[str, set[str]],
    words: Vocabulary,
    category: Category,
) -> list[Located]:
    """Status data of one flat record that the names under its role parts do not show: values
    stating status on a victim's or witness's part (a field its name marks is reported by
    name, once), and status data outside every part naming a role, bound to the record's one
    person or else of a role unknown. `plan`: the record's name/value pairs, read as the
    fields they make (`pairs`), not again as values; a text field that holds a JSON document
    is read through the document's fields, not as text. What to read is worked out once per
    set of names and parts naming roles."""
    locators = tuple(locator for locator, _ in fields)
    owners = tuple(held)
    reading = words.remembered(
        ("beyond names", locators, plan, owners),
        lambda: _reading(locators, plan, owners, words, category),
    )
    protected = [(owner, role) for owner in owners if (role := _protected(held[owner]))]
    lone_role = _protected(held[reading.lone]) if reading.lone is not None else None
    values = status_values()
    read = [at for owner, _ in protected for at in reading.valued[owner]] + list(reading.outside)
    stated = bool(read) and values.any_in(fields[at][1] for at in read)
    found: list[Located] = []

    def bind(locator: str, value: str, kind: str) -> None:
        if reading.lone is None:
            found.append((locator, value, kind, UNKNOWN_ROLE, ""))
        elif lone_role is not None:
            found.append((locator, value, kind, lone_role, reading.lone))

    for owner, role in protected if stated else ():
        for at in reading.valued[owner]:
            kind = values.category(fields[at][1])
            if kind:
                found.append((*fields[at], kind, role, owner))
    for at, kind in reading.named_outside:
        if words.says_something(fields[at][1]):
            bind(*fields[at], kind)
    named = {at for at, _ in reading.named_outside}
    for at in reading.outside if stated else ():
        kind = None if at in named else values.category(fields[at][1])
        if kind:
            bind(*fields[at], kind)
    for locator, value in pairs:
        kind = category(words, locator, "")
        if kind and words.says_something(value) and not any(under(o, locator) for o in owners):
            bind(locator, value, kind)
    return found


def _reading(
    locators: tuple[str, ...],
    plan: tuple[Pair, ...],
    owners: tuple[str, ...],
    words: Vocabulary,
    category: Category,
) -> _Reading:
    skipped = _containers(locators, plan)
    read = [at for at in range(len(locators)) if at not in skipped]
    valued = {
        owner: tuple(
            at
            for at in read
            if under(owner, locators[at]) and not category(words, locators[at], owner)
        )
        for owner in owners
    }
    outside = tuple(at for at in read if not any(under(o, locators[at]) for o in owners))
    named_outside = tuple(
        (at, kind)
        for at in range(len(locators))
        if not any(under(o, locators[at]) for o in owners)
        and (kind := category(words, locators[at], ""))
    )
    persons = _persons(locators)
    lone = persons[0] if len(persons) == 1 and persons[0] in owners else None
    return _Reading(valued, outside, named_outside, lone)


def _containers(locators: tuple[str, ...], plan: tuple[Pair, ...]) -> frozenset[int]:
    """The fields whose values are read otherwise: a pair's name and value, a document's text."""
    holders = {
        at
        for at, locator in enumerate(locators)
        if any(
            o.startswith(locator) and o[len(locator) : len(locator) + 1] in (".", "/", "[")
            for o in locators
        )
    }
    return frozenset(holders | {at for _, name_at, value_at in plan for at in (name_at, value_at)})


def _persons(locators: tuple[str, ...]) -> tuple[str, ...]:
    """The outermost parts of a record that are persons: a part stating a role (whether or
    not its value is understood), a part holding a name or a date of birth, and a part whose
    own name is a role ('offender', 'victim')."""
    # Imported here: `identity` hashes with `status.salted_hash`, and `status` imports this.
    from firewall_conformance.detect.identity import identity_words

    details = identity_words()
    parts = set()
    for locator in locators:
        owner = role_owner(locator)
        if owner is not None:
            parts.add(owner)
        elif details.kind(locator) in _PERSON_DETAILS:
            parts.add(parent(locator))
        above = parent(locator)
        while above and above != "$":
            if role_words().named_by(local_name(above)):
                parts.add(above)
            above = parent(above)
    return tuple(sorted(p for p in parts if not any(q != p and under(q, p) for q in parts)))


def rows_beyond_names(
    locators: tuple[str, ...],
    roles: tuple[tuple[int, str], ...],
    rows: Sequence[Sequence[Any]],
    words: Vocabulary,
    category: Category,
) -> list[int]:
    """Which rows of one shape (values in the order of `locators`; `roles`: the position of
    each role field and the part it states the role of) `beyond_names` may find something in,
    so a reader that judges rows by their role and marked fields alone judges these by their
    fields: every row when a field whose name marks status lies outside every part with a
    role field; a row with such a part naming no role it knows, when the shape marks any
    field; a row with a value that may state status."""
    owners = tuple(dict.fromkeys(owner for _, owner in roles))
    marked, outside = words.remembered(
        ("marked beyond", locators, owners), lambda: _marked(locators, owners, words, category)
    )
    if outside:
        return list(range(len(rows)))
    picked = set()
    named = role_words().named
    # Each role field's values that name no role it knows, from its few distinct values.
    unnamed = {
        place: {v for v in set(map(itemgetter(place), rows)) if not named(str(v))}
        for place, _ in roles
    }
    if marked and any(unnamed.values()):
        for at, row in enumerate(rows):
            held = {owner for place, owner in roles if row[place] not in unnamed[place]}
            if len(held) < len(owners):
                picked.add(at)
    values = status_values()
    if values.any_in(map(str, chain.from_iterable(rows))):
        picked.update(at for at, row in enumerate(rows) if values.any_in(map(str, row)))
    return sorted(picked)


def _marked(
    locators: tuple[str, ...], owners: tuple[str, ...], words: Vocabulary, category: Category
) -> tuple[bool, bool]:
    """Whether any field's name marks status, and whether one outside every part in `owners`."""
    kinds = [(locator, category(words, locator, "")) for locator in locators]
    return any(kind for _, kind in kinds), any(
        kind and not any(under(owner, locator) for owner in owners) for locator, kind in kinds
    )
