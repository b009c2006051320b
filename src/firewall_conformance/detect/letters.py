"""Letters from other scripts: look-alikes and transliterations of a Latin canary.

A leaky system can write "Pasoti" with Cyrillic U+0430 and U+043E for its "a" and "o" (it
looks the same to a reader and defeats a byte match), or spell the name in Cyrillic or Greek
script ("Пасоти"). Both sides of a match are mapped the same way before folding:

- `skeleton` replaces each character by the ASCII prototype it is confusable with, from the
  Unicode confusables data (UTS #39) that `confusable-homoglyphs` ships. Like a UTS #39
  skeleton it also maps ASCII sources to their prototypes ("I" and "1" to "l", "0" to "O",
  "m" to "rn"), so planted values are given in skeleton form too (see variants.py).
- `transliterate` writes other scripts in Latin letters (`anyascii`), so "Пасоти" reads
  "Pasoti".
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from anyascii import anyascii


@cache
def _prototypes() -> dict[int, str]:
    """Each character confusable with an ASCII letter or digit -> that ASCII prototype."""
    data = json.loads(
        files("confusable_homoglyphs").joinpath("confusables.json").read_text(encoding="utf-8")
    )
    table: dict[int, str] = {}
    for prototype, homoglyphs in data.items():
        if not (prototype.isascii() and prototype.isalnum()):
            continue
        for homoglyph in homoglyphs:
            char = homoglyph["c"]
            if len(char) == 1 and not char.isascii():
                table.setdefault(ord(char), prototype)
    # The data lists each pair both ways; an ASCII character whose only look-alike is a
    # prototype shared by many characters (or a sequence, "m" -> "rn") is a source.
    for source, homoglyphs in data.items():
        if len(source) == 1 and source.isascii() and source.isalnum() and len(homoglyphs) == 1:
            target = homoglyphs[0]["c"]
            if target.isascii() and target.isalnum() and (len(target) > 1 or len(data[target]) > 1):
                table[ord(source)] = target
    return {char: table.get(ord(p), p) if len(p) == 1 else p for char, p in table.items()}


def skeleton(text: str) -> str:
    """The text with every look-alike character replaced by its ASCII prototype."""
    return text.translate(_prototypes())


def transliterate(text: str) -> str:
    """The text written in Latin letters."""
    return anyascii(text)
