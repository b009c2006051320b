"""Multi-pattern matching of canary variants with Aho-Corasick over folded text.

A CanaryMatcher is plain, picklable data (its automaton is rebuilt lazily in each process),
so the same matcher can be shipped once to every worker of a distributed engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import ahocorasick

from firewall_conformance.detect.normalise import fold_value
from firewall_conformance.detect.variants import persona_forms
from firewall_conformance.personas import Persona


@dataclass(frozen=True)
class Pattern:
    persona: str
    role: str
    attribute: str
    identifying: bool
    variant: str


class CanaryMatcher:
    """Every variant of every planted value, matched in one pass over folded text."""

    def __init__(self, patterns: Iterable[tuple[str, Pattern]]) -> None:
        self._by_text: dict[str, tuple[Pattern, ...]] = {}
        for text, pattern in patterns:
            known = self._by_text.get(text, ())
            # One text from two variants of the same value (a URL-encoded plain name is the
            # name) is one pattern: the first, plainest variant names it.
            if not any(
                (k.persona, k.attribute) == (pattern.persona, pattern.attribute) for k in known
            ):
                self._by_text[text] = (*known, pattern)
        if not self._by_text:
            raise ValueError("a canary matcher needs at least one pattern")
        self._automaton: Any = None

    @classmethod
    def for_personas(cls, personas: Iterable[Persona]) -> CanaryMatcher:
        return cls(
            (text, Pattern(p.label, p.role, attribute, identifying, variant))
            for p in personas
            for attribute, variant, text, identifying in persona_forms(p)
        )

    def __len__(self) -> int:
        return len(self._by_text)

    def __getstate__(self) -> dict[str, Any]:
        return {"_by_text": self._by_text, "_automaton": None}

    def texts(self) -> list[str]:
        """The folded pattern texts (for comparing with other tools)."""
        return list(self._by_text)

    def _built(self) -> Any:
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for text, patterns in self._by_text.items():
                automaton.add_word(text, (len(text), patterns))
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def offsets(self, folded: str) -> list[int]:
        """Start offsets of every pattern occurring in already folded text."""
        return [end - length + 1 for end, (length, _) in self._built().iter(folded)]

    def value_hits(self, value: str) -> list[Pattern]:
        """Every pattern found in one field value."""
        return [p for _, (_, patterns) in self._built().iter(fold_value(value)) for p in patterns]
