"""A planted name masked as a vendor would mask it to pass a field-by-field scan is still found.

Invisible or combining characters between its letters, letters from other blocks (full-width,
mathematical, circled, small capitals, Unicode tag characters, regional indicators), spaces
between letters, percent-encoding in a URL, HTML character references: each was found before
this test was written, which now keeps it so. A name cut across neighbouring fields of one
record ("Qiu Harrow" in one, "beckden" in the next) was not; it is now, in CSV, XML and JSON
documents, and field ends that merely run together (" ... or", "fields ...") make no name.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import scan_export
from firewall_conformance.persons.personas import Persona
from tests.unit.fixed_person import person

PERSON = person("Harrowbeckden")
FULL = PERSON.full_name
_SMALL_CAPS_WRITTEN = "\u1d00\u0299\u1d04\u1d05\u1d07\ua730\u0262\u029c\u026a\u1d0a\u1d0b\u029f\u1d0d\u0274\u1d0f\u1d18\ua7af\u0280\ua731\u1d1b\u1d1c\u1d20\u1d21x\u028f\u1d22"
_SMALL_CAPS = dict(zip("abcdefghijklmnopqrstuvwxyz", _SMALL_CAPS_WRITTEN, strict=True))


def _shifted(upper: int, lower: int) -> Callable[[str], str]:
    """Letters moved to another Unicode block that has both cases in alphabet order."""

    def write(value: str) -> str:
        return "".join(
            chr(upper + ord(c) - 65)
            if c.isupper()
            else chr(lower + ord(c) - 97)
            if c.isalpha()
            else c
            for c in value
        )

    return write


MASKS: dict[str, Callable[[str], str]] = {
    "zero-width spaces between letters": "\u200b".join,
    "soft hyphens between letters": "\u00ad".join,
    "a combining stroke on every letter": "\u0336".join,
    "full-width letters": _shifted(0xFF21, 0xFF41),
    "mathematical bold letters": _shifted(0x1D400, 0x1D41A),
    "circled letters": _shifted(0x24B6, 0x24D0),
    "small capitals": lambda v: "".join(_SMALL_CAPS.get(c.lower(), c) for c in v),
    "invisible tag characters": lambda v: "".join(chr(0xE0000 + ord(c)) for c in v),
    "regional indicator letters": lambda v: "".join(
        chr(0x1F1E6 + ord(c.lower()) - 97) if c.isalpha() else c for c in v
    ),
    "spaced letters": " ".join,
    "percent-encoded in a URL": lambda v: (
        "https://x.invalid/find?q=" + "".join(f"%{ord(c):02X}" for c in v)
    ),
    "HTML decimal character references": lambda v: "".join(f"&#{ord(c)};" for c in v),
    "HTML hex reference for the first letter only": lambda v: f"&#x{ord(v[0]):x};{v[1:]}",
}


def _attributed(tmp_path: Path, fmt: str, text: str, planted: Persona = PERSON) -> set[str]:
    path = tmp_path / f"export.{fmt}"
    path.write_text(text, encoding="utf-8")
    report = scan_export(CanaryMatcher.for_personas([planted]), path, fmt, "an export")
    return {f.attribute for f in report.findings if f.identifying}


@pytest.mark.parametrize("mask", list(MASKS))
def test_a_masked_name_is_found(tmp_path: Path, mask: str) -> None:
    line = json.dumps({"id": 1, "name": MASKS[mask](FULL)}, ensure_ascii=False) + "\n"
    assert "full_name" in _attributed(tmp_path, "ndjson", line)


def test_a_name_whose_family_name_is_whole_in_the_second_of_two_keys_is_found(
    tmp_path: Path,
) -> None:
    line = json.dumps({"given": "Qi", "rest": "u Harrowbeckden"}) + "\n"
    assert "family_name" in _attributed(tmp_path, "ndjson", line)


CUT = {
    "CSV": ("csv", "id,name_1,name_2,town\n1,Qiu Harrow,beckden,Leeds\n"),
    "CSV, cut in three": ("csv", "id,a,b,c\n1,Qiu Har,rowbeck,den\n"),
    "XML": ("xml", "<r><p><n1>Qiu Harrow</n1><n2>beckden</n2></p></r>"),
    "a JSON document": ("json", json.dumps([{"given": "Qiu Harrow", "rest": "beckden"}])),
    "a JSON document, reversed": ("json", json.dumps([{"a": "nedkceb", "b": "worraH uiQ"}])),
}


@pytest.mark.parametrize("where", list(CUT))
def test_a_name_cut_across_neighbouring_fields_is_found(tmp_path: Path, where: str) -> None:
    fmt, text = CUT[where]
    assert "family_name" in _attributed(tmp_path, fmt, text)


def test_field_ends_that_merely_run_together_make_no_name(tmp_path: Path) -> None:
    morfield = person("Morfield")
    text = "id,outcome,note\n1,seen by the victim or,fields of the form were left blank\n"
    assert _attributed(tmp_path, "csv", text, morfield) == set()


def test_a_record_already_attributed_gets_no_second_finding_for_the_cut(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("id,a,b,c\n1,Harrowbeckden,Qiu Harrow,beckden\n", encoding="utf-8")
    report = scan_export(CanaryMatcher.for_personas([PERSON]), path, "csv", "an export")
    assert {(f.attribute, f.variant) for f in report.findings} == {("family_name", "plain")}
