"""The canary scan finds escapes and tags (percent, HTML and quoted-printable escapes, `\\x`,
markup) in a chunk by a byte search for their first character, then the expression at each:
the same places as searching the whole chunk with the expression."""

import random

import pytest

from firewall_conformance.detect import linescan

PIECES = [
    b"%41",
    b"%4",
    b"%%41",
    b"%zz",
    b"&amp;",
    b"&#233;",
    b"&#x;",
    b"&;",
    b"=3D",
    b"=3d",
    b"==",
    b"\\x41",
    b"\\x4",
    b"\\\\x41",
    b"<b>",
    b"</p>",
    b"<!--",
    b"<?xml",
    b"< b",
    b"<1",
    b"plain",
    b" ",
    b"\n",
    b"=",
    b"&",
    b"<",
    b"%",
    b"\\",
]


@pytest.mark.parametrize("seed", range(40))
def test_sign_starts_are_where_the_expression_finds_them(seed):
    rng = random.Random(seed)
    chunk = b"".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 400)))
    expected = [m.start() for m in linescan._ENCODED_BYTES.finditer(chunk)]
    assert linescan._sign_starts(chunk) == expected
