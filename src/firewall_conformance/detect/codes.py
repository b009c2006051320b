"""A planted value written as character codes, or in a binary-to-text encoding other than base64.

A vendor can hand a name over as the numbers of its characters ("[86, 111, 114, …]", "56:6f:72",
"\\126\\157", "U+0056 U+006F") or in base85, Z85, Ascii85 or uuencode. Folding keeps only
letters and digits, so each form is one pattern whatever separates its codes: the codes run
together ("86111114…") meet a JSON list, a spaced or a comma-separated one alike, and a code
written with a prefix ("0x56", "\\x56", "\\u0056", "U+0056") folds with the prefix's letter
in every code. Base85, Ascii85 and uuencode turn each whole group of 4 (3) bytes into 5 (4)
characters whatever surrounds it, so a value inside a longer encoded message is found by the
groups that lie wholly inside it, at each of the alignments it can start at. Z85 folds to the
same letters as base85 (the two alphabets differ only in which case comes first and in
punctuation), so one pattern serves both.

These are patterns like any other form (variants.py), so they cost the line sieve nothing but
more literals for the matching engine, and every engine finds them alike.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterator

from firewall_conformance.detect.normalise import fold_value

# A run of codes is mostly digits, which real exports are full of: a form counts only when it
# folds to at least this many characters (the shortest planted value, six letters, as decimal
# codes folds to twelve digits or more).
MIN_CODE_LENGTH = 16
MIN_HEX_LENGTH = 12
# An encoded group folds to about four letters and digits; random-looking text this long does
# not turn up in an export by chance. A value encoded alone is one whole string, so a little
# less will do for it.
MIN_ENCODED_LENGTH = 10
MIN_WHOLE_ENCODED_LENGTH = 8

_CODES: dict[str, Callable[[int], str]] = {
    "decimal codes": str,
    "hex codes": lambda code: f"{code:02x}",
    "hex codes with 0x": lambda code: f"0x{code:02x}",
    "escaped hex codes": lambda code: f"x{code:02x}",
    "code points": lambda code: f"u{code:04x}",
    "octal codes": lambda code: f"{code:03o}",
}


def _group_forms(raw: bytes, size: int, encode: Callable[[bytes], str]) -> Iterator[str]:
    """The whole groups of the value at each alignment it may start at inside a longer
    message."""
    for skip in range(size):
        body = raw[skip:]
        whole = len(body) - len(body) % size
        if whole:
            yield encode(body[:whole])


def _uu(raw: bytes) -> str:
    """Uuencoded lines without their length characters (a line holds 45 bytes)."""
    lines = (binascii.b2a_uu(raw[at : at + 45]).decode("ascii") for at in range(0, len(raw), 45))
    return "".join(line[1:].rstrip("\n") for line in lines)


_ENCODINGS: dict[str, tuple[int, Callable[[bytes], str]]] = {
    "base85": (4, lambda raw: base64.b85encode(raw).decode("ascii")),
    "ascii85": (4, lambda raw: base64.a85encode(raw).decode("ascii")),
    "uuencoded": (3, _uu),
}
# Every variant these forms are named by (matcher.py lets a decoding name them instead).
VARIANTS = frozenset({*_CODES, *_ENCODINGS, *(f"{name} in a message" for name in _ENCODINGS)})


def _long_enough(text: str, minimum: int) -> bool:
    return len(fold_value(text)) >= minimum


def code_forms(value: str) -> Iterator[tuple[str, str]]:
    """(variant, text) for the value written as codes, as it is written and in capitals (as
    systems that shout names store them)."""
    for spelling in dict.fromkeys((value, value.upper())):
        codes = [ord(ch) for ch in spelling]
        for variant, write in _CODES.items():
            text = "".join(write(code) for code in codes)
            if _long_enough(text, MIN_HEX_LENGTH if variant == "hex codes" else MIN_CODE_LENGTH):
                yield variant, text


def encoded_forms(value: str) -> Iterator[tuple[str, str]]:
    """(variant, text) for the value in base85 (and Z85), Ascii85 and uuencode, alone and
    inside a longer message."""
    raw = value.encode("utf-8")
    for variant, (size, encode) in _ENCODINGS.items():
        text = encode(raw)
        if _long_enough(text, MIN_WHOLE_ENCODED_LENGTH):
            yield variant, text
        for text in _group_forms(raw, size, encode):
            if _long_enough(text, MIN_ENCODED_LENGTH):
                yield f"{variant} in a message", text
