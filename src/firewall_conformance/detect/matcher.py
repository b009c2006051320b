"""Multi-pattern matching of canary values with Aho-Corasick over normalised text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from firewall_conformance.personas import IDENTIFYING, Persona

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Case-folded, whitespace-collapsed: the form both patterns and scanned text take."""
    return _SPACE.sub(" ", text.casefold()).strip()


@dataclass(frozen=True)
class Pattern:
    persona: str
    role: str
    attribute: str
    identifying: bool
    variant: str


@dataclass(frozen=True)
class Hit:
    pattern: Pattern
    offset: int


class CanaryMatcher:
    """All planted values of a set of personas, matched in one pass over a text."""

    def __init__(self, personas: Iterable[Persona]) -> None:
        self._automaton = ahocorasick.Automaton()
        by_text: dict[str, list[Pattern]] = {}
        for persona in personas:
            for attribute, value in persona.attributes().items():
                if attribute in ("nationality", "immigration_status"):
                    continue  # shared by many people: not a canary
                key = normalise(value)
                pattern = Pattern(
                    persona.label, persona.role, attribute, attribute in IDENTIFYING, "normalised"
                )
                by_text.setdefault(key, []).append(pattern)
        if not by_text:
            raise ValueError("a canary matcher needs at least one persona")
        for key, patterns in by_text.items():
            self._automaton.add_word(key, (len(key), tuple(patterns)))
        self._automaton.make_automaton()

    def hits(self, text: str) -> list[Hit]:
        """Every planted value occurring in `text` (after normalisation)."""
        found = []
        for end, (length, patterns) in self._automaton.iter(normalise(text)):
            found.extend(Hit(p, end - length + 1) for p in patterns)
        return found
