"""Multi-pattern matching of canary variants over folded text.

A CanaryMatcher is plain, picklable data (its engine, engines.py, is rebuilt lazily in each
process), so the same matcher can be shipped once to every worker of a distributed engine.

A value is matched as written and in every decoded view of it (decode.py); a hit in a view
names the chain that exposed it ("plain via base64>gzip"). A digest cut short cannot be one
literal pattern, so each digest's first DIGEST_PREFIX digits are a pattern, and a hit on
one counts only when the hex digits that follow it in the text go on as the digest does.
A scrambled form's hit counts only on word boundaries of the text as written (word_bounds.py).
"""

from __future__ import annotations

import os
import string
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from firewall_conformance.detect.codes import VARIANTS as CODES
from firewall_conformance.detect.decode import decoded_views
from firewall_conformance.detect.engines import (
    AHO_CORASICK,
    ENGINE_VARIABLE,
    LiteralEngine,
    available,
    build,
    chosen_engine,
)
from firewall_conformance.detect.normalise import fold_text, fold_value
from firewall_conformance.detect.variants import (
    DIGEST_PREFIX,
    HASHES,
    persona_forms,
    weak,
    words_written,
)
from firewall_conformance.detect.word_bounds import WordBounds
from firewall_conformance.persons.personas import Persona

NAMES_REMEMBERED = 10_000
# Short values recur record after record (an offence, a role, a nationality); longer ones are
# free text, seldom seen twice, and are not remembered.
VALUES_REMEMBERED = 10_000
VALUE_REMEMBERED_LENGTH = 64
# What a quick matcher reads of files with Aho-Corasick (16 ms a megabyte, Hyperscan 0.25 ms)
# before it builds the fastest engine for the rest: about what compiling Hyperscan for a
# run's 40,000 patterns costs, and far more than a run against the reference downloads.
QUICK_CHUNK_BYTES = 64 * 1024**2


class Pattern(NamedTuple):
    """What one pattern text stands for. A tuple, not a frozen dataclass: a run makes some
    85,000 of them (each planted person's forms), and a frozen dataclass took six times as
    long to make (about 0.1 of a whole run's 3.6 CPU-s)."""

    persona: str
    role: str
    attribute: str
    identifying: bool
    variant: str
    # For a digest prefix: the whole digest the text must follow for the hit to count.
    digest: str = ""
    # A scramble (variants.py `weak`): its hit counts only on word boundaries.
    bounded: bool = False
    # A name made of surname parts (variants.py `words_written`): its hit counts only where
    # written in at most this many words (0: anywhere).
    words: int = 0


def _follows(raw: str, digest: str) -> bool:
    """Whether a run of hex digits in `raw` starts a digest and stops short of its end."""
    lowered = raw.lower()
    start = lowered.find(digest[:DIGEST_PREFIX])
    while start >= 0:
        end = start + DIGEST_PREFIX
        while end < len(lowered) and lowered[end] in string.hexdigits:
            end += 1
        if end - start < len(digest) and digest.startswith(lowered[start:end]):
            return True
        start = lowered.find(digest[:DIGEST_PREFIX], start + 1)
    return False


def persona_patterns(persona: Persona) -> list[tuple[str, Pattern]]:
    """Every pattern of one planted person: each form of each value, and each digest's first
    DIGEST_PREFIX digits. Every matcher of planted people is made of these, so what one finds
    of a person, another finds too."""
    label, role = persona.label, persona.role
    patterns = []
    for attribute, variant, text, identifying in persona_forms(persona):
        words = words_written(persona, attribute, variant)
        patterns.append(
            (text, Pattern(label, role, attribute, identifying, variant, "", weak(variant), words))
        )
        if variant in HASHES:
            prefix = f"{variant} prefix"
            cut = Pattern(
                label,
                role,
                attribute,
                identifying,
                prefix,
                text,
                weak(prefix),
                words_written(persona, attribute, prefix),
            )
            patterns.append((text[:DIGEST_PREFIX], cut))
    return patterns


class CanaryMatcher:
    """Every variant of every planted value, matched in one pass over folded text."""

    def __init__(
        self,
        patterns: Iterable[tuple[str, Pattern]],
        engine: str | None = None,
        *,
        quick: bool = False,
    ) -> None:
        self.engine = chosen_engine(engine)
        # Asked for by name (an argument or the environment) it must serve everywhere; chosen
        # as the fastest installed, another process lacking it uses what it has instead, as
        # both engines give the same findings (tests/unit/test_matcher_engines.py).
        self._insisted = engine is not None or ENGINE_VARIABLE in os.environ
        # A quick matcher, made during a run for a scenario's cast or for everyone planted so
        # far (some 17 a run, up to 40,000 patterns), is read with Aho-Corasick, which builds
        # 1,700 patterns in 4 ms where Hyperscan compiles them in 23 ms (40,000 in 1.5 s);
        # past QUICK_CHUNK_BYTES of files (a download may run to gigabytes) it reads them with
        # the fastest engine installed.
        self._quick = quick and not self._insisted
        if self._quick:
            self.engine = AHO_CORASICK
        self._chunk_engine: LiteralEngine | None = None
        self._chunk_bytes = 0
        self._by_text: dict[str, tuple[Pattern, ...]] = {}
        for text, pattern in patterns:
            known = self._by_text.get(text)
            if known is None:
                self._by_text[text] = (pattern,)
            # One text from two variants of the same value (a URL-encoded plain name is the
            # name) is one pattern: the first, plainest variant names it.
            elif not any(
                (k.persona, k.attribute) == (pattern.persona, pattern.attribute) for k in known
            ):
                self._by_text[text] = (*known, pattern)
        if not self._by_text:
            raise ValueError("a canary matcher needs at least one pattern")
        self._patterns = list(self._by_text.values())
        self._texts = list(self._by_text)
        self._engine: LiteralEngine | None = None
        self._names: dict[str, list[Pattern]] = {}
        self._values: dict[str, list[Pattern]] = {}
        # Each planted person's initials (given name's, family name's), for initials.py.
        self._initials: dict[str, tuple[str, str]] = {}

    @classmethod
    def for_personas(
        cls, personas: Iterable[Persona], engine: str | None = None, *, quick: bool = False
    ) -> CanaryMatcher:
        personas = list(personas)
        matcher = cls((f for p in personas for f in persona_patterns(p)), engine, quick=quick)
        matcher.know_initials(personas)
        return matcher

    def know_initials(self, personas: Iterable[Persona]) -> None:
        """Keep these planted people's initials, for initials.py (those whose names begin with
        a letter)."""
        for p in personas:
            given, family = fold_value(p.given_name)[:1], fold_value(p.family_name)[:1]
            if given.isalpha() and family.isalpha():
                self._initials[p.label] = (given.upper(), family.upper())

    def __len__(self) -> int:
        return len(self._by_text)

    def __getstate__(self) -> dict[str, Any]:
        return {
            **self.__dict__,
            "_engine": None,
            "_chunk_engine": None,
            "_names": {},
            "_values": {},
        }

    def initials(self, persona: str) -> tuple[str, str] | None:
        """The planted person's initials, given name's then family name's, in capitals; None
        where the matcher was not made from her names."""
        return self._initials.get(persona)

    def texts(self) -> list[str]:
        """The folded pattern texts (for comparing with other tools)."""
        return list(self._by_text)

    def _engine_here(self) -> str:
        if self._insisted or self.engine in available():
            self.engine = chosen_engine(self.engine)  # says so if it is not installed here
        else:
            self.engine = chosen_engine()
        return self.engine

    def _built(self) -> LiteralEngine:
        """The engine values are read with."""
        if self._engine is None:
            self._engine = build(self.engine if self._quick else self._engine_here(), self._texts)
        return self._engine

    def _for_chunks(self, size: int) -> LiteralEngine:
        """The engine the next `size` units of a file are read with."""
        if not self._quick:
            return self._built()
        if self._chunk_engine is None:
            self._chunk_bytes += size
            if self._chunk_bytes <= QUICK_CHUNK_BYTES:
                return self._built()
            name = chosen_engine()
            self._chunk_engine = self._built() if name == AHO_CORASICK else build(name, self._texts)
        return self._chunk_engine

    def offsets(self, folded: bytes | str) -> list[int]:
        """Start offsets of every pattern occurring in already folded text (bytes when ASCII)."""
        return [start for start, _ in self._for_chunks(len(folded)).starts(folded)]

    def _hits(self, folded: str, raw: str) -> Iterator[Pattern]:
        return (pattern for _, _, pattern in self.spans(folded, raw))

    def spans(self, folded: str, raw: str) -> list[tuple[int, int, Pattern]]:
        """Every pattern found in `folded` (the fold of `raw`), with where it starts and ends
        there; one lying inside a longer hit of the same planted value is the same sighting,
        not another ("01632960123" holds the phone kept as a number, a whole address holds its
        street), so only the longer counts."""
        texts = self._texts
        bounds = WordBounds(raw, folded)
        found = [
            (start, start + len(texts[index]), pattern)
            for start, index in self._built().starts(folded)
            for pattern in self._patterns[index]
            if (not pattern.digest or _follows(raw, pattern.digest))
            and (not pattern.bounded or bounds.around(start, start + len(texts[index])))
            and (
                not pattern.words
                or bounds.written_in(start, start + len(texts[index]), pattern.words)
            )
        ]
        # In order of start, longest first, a hit is inside a longer one of its value exactly
        # when an earlier one of that value reaches as far.
        reach: dict[tuple[str, str], int] = {}
        inside: set[int] = set()
        for number, (_, end, pattern) in sorted(
            enumerate(found), key=lambda hit: (hit[1][0], -hit[1][1])
        ):
            value = (pattern.persona, pattern.attribute)
            if reach.get(value, -1) >= end:
                inside.add(number)
            reach[value] = max(reach.get(value, -1), end)
        return [hit for number, hit in enumerate(found) if number not in inside]

    def value_hits(self, value: str) -> list[Pattern]:
        """Every pattern found in one field value as written, then each planted value found
        only in a decoded view of it, once, named with the chain that exposed it. Hex and
        other codes are patterns of their own (codes.py) and are often decoded too
        ("%56%6F…"): a decoding that shows the value itself names that hit better. A short
        value is worked out once (the answer is shared: callers only read it)."""
        if len(value) > VALUE_REMEMBERED_LENGTH:
            return self._value_hits(value)
        hits = self._values.get(value)
        if hits is None:
            hits = self._value_hits(value)
            if len(self._values) < VALUES_REMEMBERED:
                self._values[value] = hits
        return hits

    def _value_hits(self, value: str) -> list[Pattern]:
        hits = list(self._hits(fold_value(value), value))
        coded = {(p.persona, p.attribute): n for n, p in enumerate(hits) if p.variant in CODES}
        seen = {(p.persona, p.attribute) for p in hits} - coded.keys()
        for view in decoded_views(value):
            for pattern in self._hits(fold_text(view.text), view.text):
                value_of = (pattern.persona, pattern.attribute)
                if value_of in seen or (value_of in coded and pattern.variant in CODES):
                    continue
                chain = ">".join(view.chain)
                named = pattern._replace(variant=f"{pattern.variant} via {chain}")
                if value_of in coded:
                    hits[coded.pop(value_of)] = named
                    seen.add(value_of)
                elif pattern.variant in CODES:
                    coded[value_of] = len(hits)
                    hits.append(named)
                else:
                    hits.append(named)
                    seen.add(value_of)
        return hits

    def name_hits(self, name: str) -> list[Pattern]:
        """`value_hits` for a key, column or tag name. The same names recur record after
        record, so each is matched once; the memory is bounded, as names may be values too."""
        hits = self._names.get(name)
        if hits is None:
            hits = self.value_hits(name)
            if len(self._names) < NAMES_REMEMBERED:
                self._names[name] = hits
        return hits
