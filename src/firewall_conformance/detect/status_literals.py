"""Which lines of a chunk may hold immigration-status data, found without parsing them.

A field's name is judged by its tokens (`vocabulary.tokens`), and every token is a run of ASCII
letters and digits of the name: so a name the vocabulary marks leaves its joined tokens, or the
keyword or phrase word it needs, as a substring of the line squeezed to its lower-cased ASCII
letters, digits and line breaks. One multi-literal search of the squeezed chunk (the canary
scan's engine) finds the candidates: 'academic_program_text' and 'N-A-T' are found as well as
'AcademicProgramText' and 'nat'. Lines with a backslash (a JSON escape may spell a letter) or a
byte outside ASCII (a look-alike letter) are candidates whatever they say.
"""

from __future__ import annotations

import re
from functools import cache

from firewall_conformance.detect.engines import LiteralEngine, build, chosen_engine
from firewall_conformance.detect.status_values import status_values
from firewall_conformance.detect.vocabulary import Vocabulary, vocabulary

_KEPT = b"abcdefghijklmnopqrstuvwxyz0123456789\n"
_LOWER = bytes(range(256)).lower()
_DROPPED = bytes(b for b in range(256) if _LOWER[b] not in _KEPT)
_MARKED = re.compile(rb"[\\\x80-\xff]")


def literals(words: Vocabulary) -> list[str]:
    """A literal each rule needs: a NIEM name's joined tokens, a keyword, a whole name, the
    longest word of each phrase (the rarer one when two are as long), and each status value's
    words joined (`status_values`)."""
    counts: dict[str, int] = {}
    for needed, _ in words.phrases:
        for word in needed:
            counts[word] = counts.get(word, 0) + 1
    phrase_words = {
        min(needed, key=lambda word: (-len(word), counts[word], word))
        for needed, _ in words.phrases
    }
    every = set(words.niem) | set(words.keywords) | set(words.names) | phrase_words
    every |= status_values().literals()  # a record may state status in a value alone
    # A literal holding another is found through it ('nationality' through 'nat').
    return sorted(w for w in every if not any(o != w and o in w for o in every))


def _line_of(text: bytes, offsets: list[int]) -> set[int]:
    lines, line, at = set(), 0, 0
    for offset in sorted(offsets):
        line += text.count(b"\n", at, offset)
        at = offset
        lines.add(line)
    return lines


class StatusLiterals:
    """The candidate search, built once per process."""

    def __init__(self, words: Vocabulary) -> None:
        self._engine: LiteralEngine = build(chosen_engine(), literals(words))

    def lines(self, chunk: bytes | str) -> set[int]:
        """The 0-based lines (counted by line feeds) that may hold a field the vocabulary marks."""
        data = chunk if isinstance(chunk, bytes) else chunk.encode("utf-8")
        squeezed = data.translate(_LOWER, _DROPPED)
        found = _line_of(squeezed, [start for start, _ in self._engine.starts(squeezed)])
        if b"\\" in data or not data.isascii():
            found |= _line_of(data, [m.start() for m in _MARKED.finditer(data)])
        return found


@cache
def status_literals() -> StatusLiterals:
    return StatusLiterals(vocabulary())
