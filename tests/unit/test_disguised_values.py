"""A planted value disguised as a vendor would disguise it to pass a scan is still found: written
as character codes (decimal, hex or octal, with any separator or escape), in base85,
Ascii85, Z85 or uuencode, shifted through the alphabet (any Caesar shift, Atbash), in
leetspeak or with its vowels dropped. Each of these passed every scan unseen before. The same
disguises of a value nobody planted find nothing."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import scan_export
from firewall_conformance.persons.personas import Persona
from firewall_conformance.recipients.ledger import EgressLedger

LEDGER = EgressLedger()
CAST = LEDGER.fresh_cast()
VICTIM = CAST["victim"]
UNPLANTED = LEDGER.fresh_persona("victim")
MATCHER = CanaryMatcher.for_personas(CAST.values())

_Z85 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#"
_B85 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~"


def _z85(text: str) -> str:
    """Z85 (ZeroMQ): base85 of whole four-byte groups in its own alphabet."""
    raw = text.encode()
    raw += b"\0" * (-len(raw) % 4)
    return base64.b85encode(raw).decode().translate(str.maketrans(_B85, _Z85))


def _shift(text: str, by: int) -> str:
    def one(ch: str) -> str:
        base = "A" if ch.isupper() else "a"
        return chr((ord(ch) - ord(base) + by) % 26 + ord(base)) if ch.isascii() else ch

    return "".join(one(ch) if ch.isalpha() else ch for ch in text)


def _atbash(text: str) -> str:
    def one(ch: str) -> str:
        base = "A" if ch.isupper() else "a"
        return chr(25 - (ord(ch) - ord(base)) + ord(base))

    return "".join(one(ch) if ch.isascii() and ch.isalpha() else ch for ch in text)


def _leet(text: str) -> str:
    return text.translate(str.maketrans("aeioAEIO", "43104310"))


def _no_vowels(text: str) -> str:
    return "".join(ch for ch in text if ch.lower() not in "aeiou")


# As a call handler writes a spelled name: the variants a transcript may use ("Alpha",
# "Juliet", "X-ray", "Niner").
_PHONETIC = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz0123456789",
        [
            "Alpha",
            "Bravo",
            "Charlie",
            "Delta",
            "Echo",
            "Foxtrot",
            "Golf",
            "Hotel",
            "India",
            "Juliet",
            "Kilo",
            "Lima",
            "Mike",
            "November",
            "Oscar",
            "Papa",
            "Quebec",
            "Romeo",
            "Sierra",
            "Tango",
            "Uniform",
            "Victor",
            "Whiskey",
            "X-ray",
            "Yankee",
            "Zulu",
            "Zero",
            "One",
            "Two",
            "Three",
            "Four",
            "Five",
            "Six",
            "Seven",
            "Eight",
            "Niner",
        ],
        strict=True,
    )
)


def _spelled(text: str) -> str:
    return "that's " + ", ".join(_PHONETIC[ch] for ch in text.lower() if ch in _PHONETIC)


def _in_blob(text: str) -> bytes:
    """The text inside a longer message, off the boundaries of base85's and uuencode's groups."""
    return f"seen {text} today".encode()


def _uu(raw: bytes) -> str:
    """Uuencoded lines (45 bytes to a line)."""
    return "".join(binascii.b2a_uu(raw[at : at + 45]).decode() for at in range(0, len(raw), 45))


Disguise = Callable[[str], str]
# Each disguise, the planted value it hides and the kind of export it is written in. Shifts,
# Atbash, and base85 and uuencode (which fold to few letters) are looked for in values as long
# as a full name, inside a longer message in values as long as an e-mail address
# (substitutions.py, codes.py); Ascii85 between its marks is decoded.
DISGUISES: dict[str, tuple[str, str, Disguise]] = {
    "decimal codes as a JSON list": (
        "family_name",
        "ndjson",
        lambda v: json.dumps([ord(c) for c in v]),
    ),
    "decimal codes spaced": ("family_name", "csv", lambda v: " ".join(str(ord(c)) for c in v)),
    "decimal codes of the name in capitals": (
        "family_name",
        "xml",
        lambda v: ",".join(str(ord(c)) for c in v.upper()),
    ),
    "hex codes with colons": (
        "family_name",
        "ndjson",
        lambda v: ":".join(f"{ord(c):02x}" for c in v),
    ),
    "hex codes spaced": ("family_name", "csv", lambda v: " ".join(f"{ord(c):02X}" for c in v)),
    "hex codes with 0x": (
        "family_name",
        "ndjson",
        lambda v: ", ".join(f"0x{ord(c):02x}" for c in v),
    ),
    "code points as U+": ("family_name", "csv", lambda v: " ".join(f"U+{ord(c):04X}" for c in v)),
    "unicode escapes in plain text": (
        "family_name",
        "csv",
        lambda v: "".join(f"\\u{ord(c):04x}" for c in v),
    ),
    "octal escapes": ("family_name", "ndjson", lambda v: "".join(f"\\{ord(c):03o}" for c in v)),
    "base85": ("full_name", "ndjson", lambda v: base64.b85encode(v.encode()).decode()),
    "z85": ("full_name", "ndjson", _z85),
    "ascii85 with delimiters": (
        "family_name",
        "csv",
        lambda v: base64.a85encode(v.encode(), adobe=True).decode(),
    ),
    "ascii85 inside a longer message": (
        "family_name",
        "ndjson",
        lambda v: base64.a85encode(_in_blob(v), adobe=True).decode(),
    ),
    "base85 of the e-mail address inside a longer message": (
        "email",
        "ndjson",
        lambda v: base64.b85encode(_in_blob(v)).decode(),
    ),
    "uuencoded full name": (
        "full_name",
        "ndjson",
        lambda v: _uu(v.encode()),
    ),
    "uuencoded e-mail address inside a longer message": (
        "email",
        "ndjson",
        lambda v: _uu(_in_blob(v)),
    ),
    "full name in caesar shift 3": ("full_name", "ndjson", lambda v: _shift(v, 3)),
    "full name in caesar shift 1 in capitals": ("full_name", "csv", lambda v: _shift(v.upper(), 1)),
    "full name in caesar shift 25": ("full_name", "xml", lambda v: _shift(v, 25)),
    "full name in atbash": ("full_name", "ndjson", _atbash),
    "leetspeak": ("family_name", "csv", _leet),
    "family name spelled in the phonetic alphabet": ("family_name", "csv", _spelled),
    "full name spelled in the phonetic alphabet": ("full_name", "ndjson", _spelled),
    "full name with its vowels dropped": ("full_name", "ndjson", _no_vowels),
}


def _export(fmt: str, text: str) -> str:
    if fmt == "ndjson":
        return json.dumps({"id": 1, "note": text}) + "\n"
    if fmt == "csv":
        quoted = '"' + text.replace('"', '""') + '"'
        return f"id,note\n1,{quoted}\n"
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<records><record><id>1</id><note>{escaped}</note></record></records>"


def _found(tmp_path: Path, case: str, persona: Persona) -> set[tuple[str, str]]:
    attribute, fmt, disguise = DISGUISES[case]
    path = tmp_path / f"export.{fmt}"
    path.write_text(_export(fmt, disguise(getattr(persona, attribute))), encoding="utf-8")
    report = scan_export(MATCHER, path, fmt, "an export")
    return {(f.persona, f.attribute) for f in report.findings if f.identifying}


@pytest.mark.parametrize("case", list(DISGUISES))
def test_a_disguised_name_is_found(tmp_path: Path, case: str) -> None:
    assert (VICTIM.label, DISGUISES[case][0]) in _found(tmp_path, case, VICTIM)


@pytest.mark.parametrize("case", list(DISGUISES))
def test_the_same_disguise_of_a_name_nobody_planted_finds_nothing(
    tmp_path: Path, case: str
) -> None:
    assert _found(tmp_path, case, UNPLANTED) == set()


@pytest.mark.parametrize(
    ("written", "named"),
    [
        (lambda v: "".join(f"%25{ord(c):02X}" for c in v), "plain via percent>percent"),
        (lambda v: binascii.b2a_uu(v.encode()).decode(), "uuencoded"),
        (lambda v: ":".join(f"{ord(c):02x}" for c in v), "hex codes"),
    ],
)
def test_a_hit_is_named_by_the_plainest_way_it_was_seen(written: Disguise, named: str) -> None:
    """A value its codes and a decoding both show is named by the decoding that shows the
    value itself; codes a decoding merely passes through keep their own name."""
    hits = MATCHER.value_hits(f"<b>{written(VICTIM.full_name)}")
    assert [h.variant for h in hits if h.attribute == "full_name"] == [named]
