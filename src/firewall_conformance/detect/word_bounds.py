"""Whether a hit in folded text stands on word boundaries of the text as written.

Folding drops spaces and punctuation, so a pattern made only of letters can be met across
words of ordinary prose ("victim or fields" folds to "victimorfields"). A value scrambled by a
rule (written backwards, in ROT13, in another shift: variants.py) is such a pattern, and its
hit counts only where the scrambled value is whole words of the text: nothing of a letter or
digit run goes on beyond either end. A disguise written as a field, or between spaces,
quotes, tags or other punctuation, stands on boundaries; one glued inside a longer word does
not. A change between letters and digits is a boundary too, as prose seldom has one.
"""

from __future__ import annotations

import re
import unicodedata

from firewall_conformance.detect.normalise import fold_text


def _kind(ch: str) -> str:
    """ "L" for a letter, "N" for a digit, "M" for a mark that belongs to the letter before
    it, "" for anything that separates words."""
    if ch.isascii():
        return "L" if ch.isalpha() else "N" if ch.isdigit() else ""
    category = unicodedata.category(ch)[0]
    return category if category in "LNM" else ""


class WordBounds:
    """Raw positions of one folded text, worked out on the first question only (weak hits
    are rare, and most texts asked about hold none)."""

    def __init__(self, raw: str, folded: str) -> None:
        self._raw, self._folded = raw, folded
        self._origin: list[int] | None = None

    def _origins(self) -> list[int] | None:
        """The raw index each folded character came from; None where the fold cannot be
        retraced character by character."""
        if self._origin is None:
            origin: list[int] = []
            for index, ch in enumerate(self._raw):
                piece = fold_text(ch)
                if not self._folded.startswith(piece, len(origin)):
                    if piece != "\n":  # a line break a value's fold left out
                        return None
                    continue
                origin.extend([index] * len(piece))
            if len(origin) != len(self._folded):
                return None
            self._origin = origin
        return self._origin

    def around(self, start: int, end: int) -> bool:
        """Whether folded[start:end] is whole words of the raw text. A fold that cannot be
        retraced keeps the hit: a weak hit is doubted only where the text shows it is part
        of a longer word."""
        origin = self._origins()
        if origin is None:
            return True
        raw = self._raw
        first, last = origin[start], origin[end - 1]
        split_first = start > 0 and origin[start - 1] == first
        split_last = end < len(origin) and origin[end] == last
        if split_first or split_last:
            return False  # the hit starts or ends inside one character's fold ("ß" as "ss")
        before = first - 1
        while before >= 0 and _kind(raw[before]) == "M":
            before -= 1
        after = last + 1
        while after < len(raw) and _kind(raw[after]) == "M":
            after += 1
        return _apart(raw, before, first) and _apart(raw, last, after)

    def written_in(self, start: int, end: int, words: int) -> bool:
        """Whether folded[start:end] is written in at most `words` words of the raw text, words
        being what spaces part (prose parts its words so): punctuation written without a space
        ("harrow.beckden", "harrow_beckden"), a no-break space, a hyphen ending a line and
        characters no one sees (a zero-width space) join; or written as pieces of a letter or
        two ("M o r f i e l d", "Mo rf ie ld"), which prose's words do not make: not pieces
        of more words that the fold ran together ("m or field"). A fold that cannot be
        retraced keeps the hit."""
        origin = self._origins()
        if origin is None:
            return True
        written = _HYPHENATED.sub("-", self._raw[origin[start] : origin[end - 1] + 1])
        pieces, piece = [], 0
        for ch in written:
            if fold_text(ch).strip():  # a letter or digit as the fold reads it (a circled one too)
                piece += 1
            elif ch.isspace() and ch not in _NO_BREAK:
                pieces.append(piece)
                piece = 0
        pieces = [length for length in [*pieces, piece] if length]
        return len(pieces) <= words or all(length <= _PIECE for length in pieces)


# Spaces that keep a line from breaking between what they join: a writer puts one inside a
# name to keep it whole, and prose seldom puts one between its words.
_NO_BREAK = frozenset("\u00a0\u2007\u202f")
# A word hyphenated at the end of a line ("Mor-" / "field") is one word.
_HYPHENATED = re.compile("[-\u2010\u2011\u00ad][ \t]*\r?\n")
# Pieces this short are letters spaced out, not prose's words met by chance.
_PIECE = 2


def _apart(raw: str, left: int, right: int) -> bool:
    """Whether a word ends between raw[left] and raw[right] (either may be off the text)."""
    if left < 0 or right >= len(raw):
        return True
    one, other = _kind(raw[left]), _kind(raw[right])
    return not one or not other or one != other
