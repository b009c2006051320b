"""A planted value spelled out in the phonetic alphabet, as a call handler writes a caller's name
("that's Sierra, Mike, India, Tango, Hotel") and police radio reads a number.

The ICAO/NATO spelling alphabet is the one UK and US police use. Folding keeps only letters and
digits, so each spelling is one pattern whatever separates the words (spaces, commas, dashes,
"X-ray" or "Xray"); the two spellings the alphabet's users write of four letters ("Alfa" and
"Alpha", "Juliett" and "Juliet", "Whiskey" and the British "Whisky") and of nine ("Nine",
"Niner") give a pattern each. A spelling
folds to about five letters a character, so it cannot turn up by chance in prose.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

_WORDS: dict[str, tuple[str, ...]] = {
    "a": ("alfa", "alpha"), "b": ("bravo",), "c": ("charlie",), "d": ("delta",),
    "e": ("echo",), "f": ("foxtrot",), "g": ("golf",), "h": ("hotel",), "i": ("india",),
    "j": ("juliett", "juliet"), "k": ("kilo",), "l": ("lima",), "m": ("mike",),
    "n": ("november",), "o": ("oscar",), "p": ("papa",), "q": ("quebec",), "r": ("romeo",),
    "s": ("sierra",), "t": ("tango",), "u": ("uniform",), "v": ("victor",), "w": ("whiskey", "whisky"),
    "x": ("xray",), "y": ("yankee",), "z": ("zulu",),
    "0": ("zero",), "1": ("one",), "2": ("two",), "3": ("three",), "4": ("four",),
    "5": ("five",), "6": ("six",), "7": ("seven",), "8": ("eight",), "9": ("nine", "niner"),
}  # fmt: skip
# A value spelled must be long enough to stand for one person: a planted family name has eight
# letters or more; shorter values (initials, a house number) are left to their other forms.
MIN_SPELLED = 6


def spelled_forms(value: str) -> Iterator[tuple[str, str]]:
    """("spelled out", words) for each way the alphabet's users spell `value`'s letters and
    digits; other characters (spaces, hyphens, an @) are not spelled."""
    characters = [ch for ch in value.lower() if ch in _WORDS]
    if len(characters) < MIN_SPELLED:
        return
    choices = sorted({ch for ch in characters if len(_WORDS[ch]) > 1})
    for picked in itertools.product(*(range(len(_WORDS[ch])) for ch in choices)):
        chosen = dict(zip(choices, picked, strict=True))
        yield "spelled out", " ".join(_WORDS[ch][chosen.get(ch, 0)] for ch in characters)
