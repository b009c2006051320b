"""Role linkage: which person in a record or document is a victim, a witness or another role.

The one place `scan`, bundle runs and the checks decide roles, so they cannot drift apart. A
flat record names roles in a role field; NIEM-style XML names them by element (a role element
such as `j:Victim`, a reference such as `j:VictimReference`, an association) and links them to
persons by `id`/`ref`, through same-as copies of a person.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from xml.etree.ElementTree import Element

from firewall_conformance.detect.memo import NAMES_REMEMBERED
from firewall_conformance.detect.role_words import role_words
from firewall_conformance.detect.vocabulary import local_name

PROTECTED_ROLES = frozenset({"victim", "witness"})
# The words and numbers of a column's name, whatever separates them.
_WORD = re.compile(r"[^\W\d_]+|\d+")
# What ends a wide record's person before what its column holds ('victim1_', 'Victim 1 ').
COLUMN_ENDS = " _-#:"

RoleOf = Callable[[str], "str | None"]
OwnerOf = Callable[[str], "str | None"]


def roles_in(value: str, codes: dict[str, str] | None = None) -> set[str]:
    """'Victim; witness' -> {'victim', 'witness'}; 'complainant' and a whole 'V' -> {'victim'}."""
    return role_words().roles_in(value, codes)


def parent(locator: str) -> str:
    """'$.persons[0].role' -> '$.persons[0]'; a flat column -> '' (the whole record)."""
    for separator in (".", "/"):
        if separator in locator:
            return locator.rsplit(separator, 1)[0]
    return ""


@lru_cache(maxsize=NAMES_REMEMBERED)
def role_owner(locator: str) -> str | None:
    """The part of a record whose role a field states, or None when it states none: a role
    field ('involvement_type', an item of 'roles') names its parent's role; a part of a role
    object ('role.description', 'involvement[0].type') names the role object's parent's."""
    words = role_words()
    if words.is_field(local_name(locator)):
        return parent(locator)
    above = parent(locator)
    if above and words.is_part(local_name(locator)) and words.is_field(local_name(above)):
        return parent(above)
    if not locator.startswith(("$", "/")) and words.is_field(locator.replace("/", " ")):
        return ""  # a CSV or sheet column's own dots ('Invl. Type') are not a path
    return None


@lru_cache(maxsize=NAMES_REMEMBERED)
def column_person(column: str) -> tuple[str, str] | None:
    """The person a column of a wide record belongs to, by the role its name begins with, and
    that role: the column's name up to what it holds ('victim1_imm_status' -> ('victim1_',
    'victim'), 'Injured Party 2 Nationality' -> ('Injured Party 2 ', 'victim'), 'W1 Status' ->
    ('W1 ', 'witness')). A role code counts only with its number ('V1', not 'V'); a column
    that is only a role ('Victim'), a path's part (JSON, XML) or a dotted one ('victim.name',
    read as a path: `keyed_roles`) belongs to no such person."""
    if column.startswith(("$", "/")):
        return None
    words = list(_WORD.finditer(column))
    for size in (1, 2):
        if len(words) <= size or not all(w[0].isalpha() for w in words[:size]):
            return None
        after = size + (words[size][0].isdigit() and len(words[size][0]) <= 3)
        if after >= len(words) or not words[after][0].isalpha():
            continue
        lead = " ".join(w[0] for w in words[:size])
        role = role_words().named_by(lead)
        if role is None and after > size:
            named = role_words().roles_in(f"{lead}{words[size][0]}")
            role = next(iter(named)) if len(named) == 1 else None
        owner = column[: words[after].start()]
        if role is not None and not owner.endswith("."):  # 'victim.name' is read as a path
            return owner, role
    return None


def keyed_roles(locators: tuple[str, ...]) -> dict[str, set[str]]:
    """The parts of a flat record held under a key that names their role, as a case lists its
    persons ('$.victims[0].name' -> {'$.victims[0]': {'victim'}}; '$.witness.notes' ->
    {'$.witness': {'witness'}}), and the columns of a wide record a role begins
    (`column_person`); a key merely starting with a role word ('victimInjuries') names none."""
    held: dict[str, set[str]] = {}
    for locator in locators:
        person = column_person(locator)
        if person is not None:
            held.setdefault(person[0], set()).add(person[1])
        above = parent(locator)
        while above and above != "$":
            role = role_words().named_by(local_name(above))
            if role:
                held.setdefault(above, set()).add(role)
            above = parent(above)
    return held


def flat_roles(
    fields: list[tuple[str, str]],
    owner_of: OwnerOf = role_owner,
    codes: dict[str, str] | None = None,
) -> dict[str, set[str]]:
    """The roles each part of a flat record names: '' for the whole record (a CSV row), or the
    object holding the role field ('$.persons[1]'); every value of a role list counts."""
    held: dict[str, set[str]] = {}
    for locator, value in fields:
        owner = owner_of(locator)
        if owner is not None:
            named = roles_in(value, codes)
            if named:
                held.setdefault(owner, set()).update(named)
    return held


def bare(tag: str) -> str:
    """An element or attribute name without namespace or prefix."""
    return tag.rsplit("}", 1)[-1].split(":")[-1]


def reference_role(local: str, names: dict[str, str] | None = None) -> str | None:
    """The role a reference element names: 'VictimReference' -> victim. `names` maps other
    role element names (a profile's) to their roles, so 'ComplainantReference' works too."""
    if not local.endswith("Reference"):
        return None
    named = local.removesuffix("Reference")
    if names and named in names:
        return names[named]
    return role_words().named_by(named)


def niem_role(local: str) -> str | None:
    """The role an element names by itself: a reference (j:VictimReference), a role element
    (j:Victim, nc:CrimeVictim, Complainant) or a role association
    (j:ActivityVictimAssociation); not a property such as VictimSeeksProsecutionIndicator."""
    return reference_role(local) or role_words().named_by(local.removesuffix("Association"))


def xml_ids(element: Element) -> tuple[str | None, list[str]]:
    """An element's own id and the ids it refers to (NIEM structures:id/ref, s:id/ref, id/ref)."""
    own = next((v for k, v in element.attrib.items() if bare(k) == "id"), None)
    refs = [v for k, v in element.attrib.items() if bare(k) == "ref"]
    return own, refs


@dataclass
class RoleLinker:
    """Pass 1 over an XML document, fed its elements as they start and end. An element's role
    is the one its own name gives, else its parent's: so inside an association that links
    several persons, each reference gives its person the role it names, not the association's.
    A referenced id takes the role in force where it is referenced; a role element's own id
    passes its role on to what it references; same-as links carry roles between copies."""

    role_of: RoleOf = niem_role
    named: int = 0  # elements whose own name gives a role: none means roles are unknown
    # per open element: its role, the id of the role element in force, the nearest own id
    _stack: list[tuple[str | None, str | None, str | None]] = field(default_factory=list)
    _roots: dict[str, set[str]] = field(default_factory=dict)
    _edges: dict[str, set[str]] = field(default_factory=dict)

    def start(self, element: Element) -> str | None:
        """Take in one element as it starts; the role in force there."""
        local = bare(element.tag)
        own, refs = xml_ids(element)
        named = self.role_of(local)
        inherited, holder, nearest = self._stack[-1] if self._stack else (None, None, None)
        role = named or inherited
        if named:
            self.named += 1
            holder = own
        nearest = own or nearest
        self._stack.append((role, holder, nearest))
        if role and own:
            self._roots.setdefault(own, set()).add(role)
        for ref in refs:
            if role:
                self._roots.setdefault(ref, set()).add(role)
            if holder and holder != ref:
                self._edges.setdefault(holder, set()).add(ref)
            if "sameas" in local.lower() and nearest and nearest != ref:
                self._edges.setdefault(nearest, set()).add(ref)
                self._edges.setdefault(ref, set()).add(nearest)
        return role

    def end(self) -> None:
        """The element that started last has ended."""
        self._stack.pop()

    def roles(self) -> dict[str, set[str]]:
        """Every id with the roles that reach it, followed transitively along the links."""
        held = {key: set(value) for key, value in self._roots.items()}
        frontier = list(held)
        while frontier:
            current = frontier.pop()
            for linked in self._edges.get(current, ()):
                before = held.setdefault(linked, set())
                if not held[current] <= before:
                    before |= held[current]
                    frontier.append(linked)
        return held
