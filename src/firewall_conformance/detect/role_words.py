"""The role vocabulary (data/vocabulary/roles.yaml): which words and codes name a victim, a
witness or another role, and which field names hold a role. One list, so `scan`, bundle runs and
the checks cannot read the same value differently."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from firewall_conformance.detect.memo import Remembers
from firewall_conformance.detect.vocabulary import tokens

_ITEMS = re.compile(r"[;,|/]")
# "V1", "W-2", "Vic 3": a role code with the sequence number of the person in that role.
_NUMBERED = re.compile(r"([^\W\d_]+)[\s#-]*\d{1,3}")


@dataclass(frozen=True)
class RoleWords(Remembers):
    phrases: tuple[tuple[tuple[str, ...], str], ...]
    codes: dict[str, str]
    fields: frozenset[str]
    parts: frozenset[str]

    def roles_in(self, value: str, codes: dict[str, str] | None = None) -> set[str]:
        """The roles one role-field value names: 'Victim; witness' -> {victim, witness}. A code
        counts only as a whole item of the value; `codes` (a profile's, casefolded) add meanings
        to the vocabulary's and never take a protected role away."""
        if codes:
            return self._roles_in(value, codes)
        return set(self.named(value))

    def named(self, value: str) -> frozenset[str]:
        """The roles a value names by the vocabulary alone, remembered and shared (not copied):
        a role column's few values recur record after record."""
        return self.remembered(value, lambda: frozenset(self._roles_in(value, None)))

    def _roles_in(self, value: str, codes: dict[str, str] | None) -> set[str]:
        found = set()
        for item in _ITEMS.split(value):
            code = item.strip().rstrip(".").casefold()
            numbered = _NUMBERED.fullmatch(code)
            for table in (self.codes, codes or {}):
                if code in table:
                    found.add(table[code])
                elif numbered and numbered[1] in table:
                    found.add(table[numbered[1]])
        words = tokens(value)
        for phrase, role in self.phrases:
            size = len(phrase)
            if any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1)):
                found.add(role)
        return found

    def named_by(self, name: str) -> str | None:
        """The role an element or key name ends in: 'InjuredParty' and 'CrimeVictim' name a
        victim, 'VictimSeeksProsecutionIndicator' names none."""
        words = tuple(tokens(name))
        return next(
            (role for phrase, role in self.phrases if words[-len(phrase) :] == phrase), None
        )

    def is_field(self, name: str) -> bool:
        return "".join(tokens(name)) in self.fields

    def is_part(self, name: str) -> bool:
        return "".join(tokens(name)) in self.parts


@cache
def role_words() -> RoleWords:
    """The packaged role vocabulary, loaded once."""
    folder = resources.files("firewall_conformance.data.vocabulary")
    data = yaml.safe_load(folder.joinpath("roles.yaml").read_text(encoding="utf-8"))
    return RoleWords(
        phrases=tuple(
            (tuple(tokens(phrase)), role)
            for role, phrases in data["roles"].items()
            for phrase in phrases
        ),
        codes={code.casefold(): role for code, role in data["codes"].items()},
        fields=frozenset(data["fields"]),
        parts=frozenset(data["parts"]),
    )
