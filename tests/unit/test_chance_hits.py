"""A scrambled form of a planted value found by chance in ordinary prose is no finding.

Folding drops spaces and punctuation, so a name written backwards, in ROT13, in another shift,
in Atbash or without its vowels could be met across the words of any English text, and a
false BREACH on a real extract costs the tool its credibility as a false COMPLIANT does. Such
a hit counts only on word boundaries of the text as written. The same scrambles written as a
field, or between spaces, quotes, tags or punctuation, in JSON, CSV or XML, are still found.
"""

from __future__ import annotations

import codecs
import json
import random
import string
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.normalise import fold_value
from firewall_conformance.detect.scan import scan_export
from firewall_conformance.detect.variants import MIN_SCRAMBLED_LENGTH, persona_forms
from firewall_conformance.detect.word_bounds import WordBounds
from firewall_conformance.persons.personas import Persona
from tests.unit.fixed_person import person

# Everyday English, with words whose letters run into long consonant clusters at their joins.
WORDS = (  # noqa: SIM905 (a paragraph reads better than a list of 300 strings)
    "the of and to in is was for on that with as it at by from this be are or had not but "
    "what all were when we there can an which their said if do will each about how up out them "
    "then she many some so these would other into has more her two like him see time could no "
    "make than first been its who now people my made over did down only way find use may water "
    "long little very after words called just where most know get through back much before go "
    "good new write our used me man too any day same right look think also around another came "
    "come work three word must because does part even place well such here take why things help "
    "put years different away again off went old number great tell men say small every found "
    "still between name should home big give air line set own under read last never us left end "
    "along while might next sound below saw something thought both few those always looked show "
    "large often together asked house world going want school important until form food keep "
    "children feet land side without boy once animals life enough took sometimes four head above "
    "kind began almost live page got earth need far hand high year mother light parts country "
    "father let night following picture being study second eyes soon times story boys since white "
    "days ever paper hard near sentence better best across during today others however sure means "
    "knew its try told young miles sun ways thing whole hear example heard several change answer "
    "room sea against top turned learn point city play toward five using himself usually lengths "
    "strengths twelfths rhythms glimpsed scripts crypts nymphs sixths"
).split()
# The value each scramble hides, given the scrambled text: its inverse.
UNSCRAMBLE: dict[str, Callable[[str], str]] = {
    "reversed": lambda text: text[::-1],
    "rot13": lambda text: codecs.encode(text, "rot13"),
    "caesar 3": lambda text: text.translate(
        str.maketrans(
            string.ascii_lowercase, string.ascii_lowercase[-3:] + string.ascii_lowercase[:-3]
        )
    ),
    "atbash": lambda text: text.translate(
        str.maketrans(string.ascii_lowercase, string.ascii_lowercase[::-1])
    ),
}
SHIFTED_LENGTH = 10  # Caesar shifts and Atbash are looked for in names this long (substitutions.py)


def _prose(records: int, rng: random.Random) -> list[str]:
    """Notes of English words drawn at random (seeded), as a narrative field holds them."""
    return [" ".join(rng.choices(WORDS, k=rng.randrange(12, 40))) + "." for _ in range(records)]


PROSE = _prose(2000, random.Random(20261205))
FOLDED = "\n".join(fold_value(note) for note in PROSE)


def _across_words(length: int, letters: str = string.ascii_lowercase) -> str:
    """A run of the prose's folded letters that starts and ends inside words, so it stands on
    no word boundary, all of whose letters are in `letters`."""
    for note in PROSE:
        words = [fold_value(w) for w in note.split()]
        folded = "".join(words)
        ends = {sum(map(len, words[: n + 1])) for n in range(len(words))}
        for start in range(1, len(folded) - length):
            end = start + length
            run = folded[start:end]
            inside = start not in ends and end not in ends
            if inside and any(start < at < end for at in ends) and set(run) <= set(letters):
                return run
    raise AssertionError("no such run in the prose")


def _attributed(
    tmp_path: Path, persona: Persona, lines: list[str], fmt: str = "ndjson"
) -> set[str]:
    path = tmp_path / f"export.{fmt}"
    path.write_text("".join(lines), encoding="utf-8")
    report = scan_export(CanaryMatcher.for_personas([persona]), path, fmt, "an export")
    return {f"{f.attribute} {f.variant}" for f in report.findings if f.identifying}


def _notes(notes: list[str]) -> list[str]:
    return [json.dumps({"id": n, "note": note}) + "\n" for n, note in enumerate(notes)]


@pytest.mark.parametrize("variant", list(UNSCRAMBLE))
def test_a_scramble_met_across_words_of_prose_attributes_nothing(
    tmp_path: Path, variant: str
) -> None:
    length = SHIFTED_LENGTH if variant in ("caesar 3", "atbash") else MIN_SCRAMBLED_LENGTH
    run = _across_words(length)
    persona = person(UNSCRAMBLE[variant](run))
    assert (variant, run) in {(v, t) for _, v, t, _ in persona_forms(persona)}
    assert run in FOLDED
    assert _attributed(tmp_path, persona, _notes(PROSE)) == set()


def test_a_name_without_its_vowels_met_across_words_of_prose_attributes_nothing(
    tmp_path: Path,
) -> None:
    run = _across_words(7, "bcdfghjklmnpqrstvwxyz")
    persona = person(f"{run[0]}a{run[1]}e{run[2:]}")
    assert ("vowels dropped", run) in {(v, t) for _, v, t, _ in persona_forms(persona)}
    assert _attributed(tmp_path, persona, _notes(PROSE)) == set()


NAMED = person("Harrowbeckden")
FULL = NAMED.full_name


def _reversed(value: str) -> str:
    return value[::-1]


def _rot13(value: str) -> str:
    return codecs.encode(value, "rot13")


def _atbash(value: str) -> str:
    return value.translate(
        str.maketrans(
            string.ascii_letters, string.ascii_lowercase[::-1] + string.ascii_uppercase[::-1]
        )
    )


def _no_vowels(value: str) -> str:
    return "".join(ch for ch in value if ch.lower() not in "aeiou")


SCRAMBLES = {"reversed": _reversed, "rot13": _rot13, "atbash": _atbash, "vowels": _no_vowels}
# Each way an export may hold a scrambled full name: the file's lines, and its format.
PLACES: dict[str, tuple[str, Callable[[str], list[str]]]] = {
    "a JSON field of its own": ("ndjson", lambda s: [json.dumps({"name": s}) + "\n"]),
    "a JSON key": ("ndjson", lambda s: [json.dumps({s: "seen"}) + "\n"]),
    "JSON free text after a colon": (
        "ndjson",
        lambda s: [json.dumps({"note": f"caller:{s}, seen twice"}) + "\n"],
    ),
    "JSON text in parentheses": ("ndjson", lambda s: [json.dumps({"note": f"met ({s})."}) + "\n"]),
    "a CSV field of its own": ("csv", lambda s: ["id,name\n", f"1,{s}\n"]),
    "CSV text after a semicolon": ("csv", lambda s: ["id,note\n", f'1,"ref;{s};"\n']),
    "CSV text joined by underscores": (
        "csv",
        lambda s: ["id,key\n", f"1,case_{s.replace(' ', '_')}_2024\n"],
    ),
    "an XML element": ("xml", lambda s: [f"<r><p><name>{s}</name></p></r>"]),
    "an XML attribute": ("xml", lambda s: [f'<r><p name="{s}"/></r>']),
    "XML text after a dash": ("xml", lambda s: [f"<r><p><note>seen -{s}- here</note></p></r>"]),
    "digits on either side": ("ndjson", lambda s: [json.dumps({"ref": f"77{s}2024"}) + "\n"]),
}


@pytest.mark.parametrize("scramble", list(SCRAMBLES))
@pytest.mark.parametrize("place", list(PLACES))
def test_a_scrambled_name_in_a_field_or_between_punctuation_is_found(
    tmp_path: Path, scramble: str, place: str
) -> None:
    fmt, lines = PLACES[place]
    found = _attributed(tmp_path, NAMED, lines(SCRAMBLES[scramble](FULL)), fmt)
    assert any(f.startswith("full_name ") for f in found), found


def test_a_scrambled_name_glued_inside_a_longer_word_is_not_found(tmp_path: Path) -> None:
    # The counterpart of the test above: the scrambled name with letters on both sides.
    found = _attributed(tmp_path, NAMED, _notes([f"seen x{_reversed(FULL)}y"]))
    assert found == set()


@pytest.mark.parametrize(
    ("raw", "word", "whole"),
    [
        ("mr htims, seen", "htims", True),
        ("mrhtims seen", "htims", False),
        ("htimsx", "htims", False),
        ("ab12htims", "htims", True),
        ("zoe\u0301 htims", "htims", True),
        ("htimse\u0301", "htims", False),
        ("\u200bhtims\u200b", "htims", True),
        ("htims\u0301 seen", "htims", True),
        ("gro\u00df", "gros", False),
    ],
)
def test_word_bounds_are_read_from_the_text_as_written(raw: str, word: str, whole: bool) -> None:
    folded = fold_value(raw)
    start = folded.find(word)
    assert start >= 0
    assert WordBounds(raw, folded).around(start, start + len(word)) is whole


@pytest.mark.parametrize(("family_name", "looked_for"), [("Marlowe", False), ("Marlowes", True)])
def test_a_name_backwards_or_in_rot13_is_looked_for_from_eight_letters(
    family_name: str, looked_for: bool
) -> None:
    forms = {v for a, v, _, _ in persona_forms(person(family_name)) if a == "family_name"}
    assert ({"reversed", "rot13"} <= forms) is looked_for


def test_a_family_name_met_across_words_of_prose_attributes_nothing(tmp_path: Path) -> None:
    """A planted family name is a compound of surname parts ("Mor" + "field"), so the fold meets
    it across words of ordinary prose ("victim or fields"); it counts only written as one word."""
    run = _across_words(9)
    persona = person(run)
    assert ("plain", run) in {(v, t) for a, v, t, _ in persona_forms(persona) if a == "family_name"}
    assert _attributed(tmp_path, persona, _notes(PROSE)) == set()


@pytest.mark.parametrize(
    "written",
    [
        "Harrowbeckden",
        "HARROWBECKDEN",
        "qharrowbeckden",  # a user name: an initial glued on
        "harrowbeckden71",
        "Harrow-beckden",
        "Harrow\u2019beckden",
        "H a r r o w b e c k d e n",
        "H.A.R.R.O.W.B.E.C.K.D.E.N",
        "Harrow\u200bbeck\u00adden",  # a zero-width space and a soft hyphen, unseen
        "Harrow<b>beckden</b>",
        "Ⓗⓐⓡⓡⓞⓦⓑⓔⓒⓚⓓⓔⓝ",
        # Each of these hid the name from the words rule (3ddea12): separators that are not
        # words, and pieces too short to be prose's words.
        "Harrow-\nbeckden",  # hyphenated at a line's end
        "Harrow-\r\nbeckden",
        "Harrow\u00a0beckden",  # a no-break space
        "Harrow\u202fbeckden",
        "Harrow&nbsp;beckden",
        "harrow.beckden",  # as in a user name or an e-mail address
        "harrow_beckden",
        "Harrow/beckden",
        "Ha rr ow be ck de n",
        "H a r r o w-b e c k d e n",
    ],
)
def test_a_family_name_written_as_one_word_is_found(tmp_path: Path, written: str) -> None:
    lines = _notes([f"spoke to {written} at the scene", written])
    found = _attributed(tmp_path, NAMED, lines)
    assert any(f.startswith("family_name plain") for f in found), found  # "… via markup" too


def test_a_family_name_split_into_words_is_not_one_word() -> None:
    folded = fold_value("harrowbeckden")
    for raw in ("the narrow harrow beckden", "harrow beckden", "harrow, beckden"):
        bounds = WordBounds(raw, fold_value(raw))
        start = fold_value(raw).index(folded)
        assert not bounds.written_in(start, start + len(folded), 1), raw


def test_a_street_met_across_words_attributes_nothing_and_written_whole_is_found(
    tmp_path: Path,
) -> None:
    """A drawn street is a compound too ("Row" + "beck" Lane): three words of prose ("the
    narrow beck lane") fold to it, the street written in its own two words does not."""
    persona = replace(NAMED, street="Rowbeck Lane", address="12 Rowbeck Lane, York YO1 7AB")
    prose = _notes(["we walked down the narrow beck lane to the river"])
    assert _attributed(tmp_path, persona, prose) == set()
    written = _notes(["she lives at 12 ROWBECK LANE", "moved to Rowbeck-Lane"])
    assert "address street" in _attributed(tmp_path, persona, written)


def test_a_name_spelled_with_the_british_whisky_is_found(tmp_path: Path) -> None:
    """UK call handlers write 'Whisky' as often as the alphabet's 'Whiskey'."""
    spelled = "Hotel Alfa Romeo Romeo Oscar Whisky Bravo Echo Charlie Kilo Delta Echo November"
    assert "family_name spelled out" in _attributed(tmp_path, NAMED, _notes([spelled]))
