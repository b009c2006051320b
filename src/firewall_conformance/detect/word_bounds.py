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
        """Whether folded[start:end] is written in at most `words` words of the raw text (a
        hyphen or an apostrophe inside a word, as in names, allowed; characters no one sees,
        such as a zero-width space, too), or as letters each standing alone ("M o r f i e l
        d"): not pieces of more words that the fold ran together ("m or field"). A fold that
        cannot be retraced keeps the hit."""
        origin = self._origins()
        if origin is None:
            return True
        pieces, piece = [], 0
        for ch in self._raw[origin[start] : origin[end - 1] + 1]:
            if fold_text(ch).strip():  # a letter or digit as the fold reads it (a circled one too)
                piece += 1
            elif _separates(ch):
                pieces.append(piece)
                piece = 0
        pieces = [length for length in [*pieces, piece] if length]
        return len(pieces) <= words or all(length == 1 for length in pieces)


# Hyphens and apostrophes join the parts of a name ("Smith-Jones", "O'Brien").
_JOINERS = frozenset("-'\u2019\u2010\u2011")


def _separates(ch: str) -> bool:
    """Whether a character parts words as written: a space, a line break or punctuation;
    not a letter, digit or mark, nor a character that shows nothing (a zero-width space, a
    soft hyphen), which a writer can slip between letters unseen."""
    if ch in _JOINERS:
        return False
    category = unicodedata.category(ch)
    return category[0] in "ZPS" or category == "Cc"


def _apart(raw: str, left: int, right: int) -> bool:
    """Whether a word ends between raw[left] and raw[right] (either may be off the text)."""
    if left < 0 or right >= len(raw):
        return True
    one, other = _kind(raw[left]), _kind(raw[right])
    return not one or not other or one != other
