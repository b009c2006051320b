"""The multi-literal engines a CanaryMatcher searches folded text with.

Hyperscan (Intel's SIMD literal matcher) is used where its wheel installs; pyahocorasick is
the fallback, and is what `FIREWALL_CONFORMANCE_MATCHER=aho-corasick` forces (to compare the two,
or on a platform where Hyperscan misbehaves). Both report every occurrence of every literal,
overlaps included, ordered by where it ends and, at one end, longest first: the order
Aho-Corasick walks its output links in, so findings come out in the same order either way.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, Protocol

import ahocorasick

ENGINE_VARIABLE = "FIREWALL_CONFORMANCE_MATCHER"
HYPERSCAN, AHO_CORASICK = "hyperscan", "aho-corasick"

try:
    import hyperscan
except ImportError:  # no wheel for this platform: the fallback serves
    hyperscan = None  # type: ignore[assignment]


class LiteralEngine(Protocol):
    def starts(self, text: bytes | str) -> list[tuple[int, int]]:
        """(start offset in `text`, literal index) for every occurrence, in `text`'s units."""
        ...


def available() -> list[str]:
    return [AHO_CORASICK] if hyperscan is None else [HYPERSCAN, AHO_CORASICK]


def chosen_engine(name: str | None = None) -> str:
    """The engine named, else the one the environment forces, else the fastest installed."""
    name = name or os.environ.get(ENGINE_VARIABLE) or available()[0]
    if name not in (HYPERSCAN, AHO_CORASICK):
        raise ValueError(f"unknown matching engine {name!r}; use {HYPERSCAN} or {AHO_CORASICK}")
    if name not in available():
        raise ValueError(f"the {name} matching engine is not installed on this platform")
    return name


# The Aho-Corasick fallback holds only each literal's first PREFIX characters and checks the
# rest where one of those is found. Building the automaton costs by its states, and a run's
# 40,000 patterns (long encoded forms among them) make 1.2 million states whole but 130,000 cut
# to 8 characters: a seventh of the build, while a text that holds no planted value's start
# (nearly every one) is read as fast.
PREFIX = 8


class _AhoCorasick:
    def __init__(self, literals: Sequence[str]) -> None:
        self._literals = list(literals)
        by_prefix: dict[str, list[int]] = {}
        for index, literal in enumerate(self._literals):
            by_prefix.setdefault(literal[:PREFIX], []).append(index)
        self._automaton: Any = ahocorasick.Automaton()
        for prefix, indices in by_prefix.items():
            self._automaton.add_word(prefix, (len(prefix), tuple(indices)))
        self._automaton.make_automaton()

    def starts(self, text: bytes | str) -> list[tuple[int, int]]:
        if isinstance(text, bytes):
            text = text.decode("ascii")
        literals = self._literals
        hits = [
            (start, index)
            for end, (length, indices) in self._automaton.iter(text)
            for start in (end - length + 1,)
            for index in indices
            if text.startswith(literals[index], start)
        ]
        if len(hits) > 1:
            # Where each ends, and at one end longest first: the order of the whole automaton.
            hits.sort(key=lambda hit: (hit[0] + len(literals[hit[1]]), -len(literals[hit[1]])))
        return hits


class _Hyperscan:
    def __init__(self, literals: Sequence[str]) -> None:
        encoded = [literal.encode("utf-8") for literal in literals]
        self._lengths = [len(literal) for literal in encoded]
        kept = [i for i, literal in enumerate(encoded) if literal]
        self._database: Any = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self._database.compile(
            expressions=[encoded[i] for i in kept],
            ids=kept,
            elements=len(kept),
            flags=0,
            literal=True,
        )

    def starts(self, text: bytes | str) -> list[tuple[int, int]]:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        found: list[tuple[int, int]] = []
        self._database.scan(
            data, match_event_handler=lambda index, _, end, *__: found.append((end, index))
        )
        found.sort(key=lambda hit: (hit[0], -self._lengths[hit[1]]))
        hits = [(end - self._lengths[index], index) for end, index in found]
        if isinstance(text, str) and not text.isascii():
            hits = [(len(data[:start].decode("utf-8")), index) for start, index in hits]
        return hits


def build(name: str, literals: Sequence[str]) -> LiteralEngine:
    return _Hyperscan(literals) if name == HYPERSCAN else _AhoCorasick(literals)
