"""The forms a planted value may take when it leaves a system.

Systems reformat dates, reorder names, keep a phone number as a number (losing its leading
zero), read a number out in words (a call's transcript), cut an address to its street line
or abbreviate the street, pseudonymise identifiers with a hash (a pseudonym is
still personal data, and so is a hash cut short), encode values for transport, and a vendor may
write one backwards, in ROT13 or another letter substitution (substitutions.py), or as
character codes or base85 (codes.py). Each form
becomes its own pattern, and a hit says which form matched. Look-alike forms are the planted
value's confusable skeleton (letters.py) in each case, so text mapped the same way meets them.

A scrambled form (backwards, ROT13, a shift, Atbash, vowels dropped) folds to a run of
letters, or digits, that ordinary prose can hold across its words by chance: such a form is
weak, and its hit counts only on word boundaries of the text (word_bounds.py). A value
written backwards or in ROT13 must also fold to MIN_SCRAMBLED_LENGTH characters or more (the
substitutions have floors of their own). Leetspeak keeps digits among letters, which prose
does not have, and counts anywhere.
"""

from __future__ import annotations

import base64
import codecs
import hashlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from functools import lru_cache
from urllib.parse import quote, quote_plus

from firewall_conformance.detect.codes import code_forms, encoded_forms
from firewall_conformance.detect.letters import skeleton
from firewall_conformance.detect.normalise import fold_value
from firewall_conformance.detect.spelling_alphabet import spelled_forms
from firewall_conformance.detect.substitutions import VARIANTS as SUBSTITUTIONS
from firewall_conformance.detect.substitutions import substituted_forms
from firewall_conformance.persons.personas import IDENTIFYING, Persona

MIN_PATTERN_LENGTH = 6
# Met in 1.1 MB of English-like prose (benchmarks/english_chance_hits.py --words): a 6-letter
# given name backwards across words 18 times in 425, a 7-letter one 2 in 312, one of 7,274
# drawn names of 8 letters or more once; on word boundaries only names of 5 letters or fewer
# ("Terra" in ROT13 is "green"), and "Dennis", which this comment writes backwards ("sinned").
# Every value the harness draws folds to 8 or more.
MIN_SCRAMBLED_LENGTH = 8
_SCRAMBLES = frozenset({"reversed", "rot13"})
_WEAK = _SCRAMBLES | (SUBSTITUTIONS - {"leetspeak"})
HASHES = ("sha256", "sha1", "sha512", "md5")
# A digest cut to its first DIGEST_PREFIX hex digits (or more) is still found (matcher.py).
DIGEST_PREFIX = 8
# Shared by many people: never canaries on their own.
NOT_CANARIES = frozenset({"nationality", "immigration_status"})
# Values worth pseudonymising; the date of birth and phone are hashed too but, like their
# plain forms, only support attribution.
HASHED = (
    "family_name",
    "full_name",
    "passport_number",
    "home_office_reference",
    "brp_number",
    "email",
    "phone",
    "date_of_birth",
)
# Values written in letters, which a letter substitution keeps readable (a given name alone
# attributes nothing: attribution.py).
SUBSTITUTED = frozenset({"family_name", "full_name", "email", "street"})


def _dates(iso: str) -> Iterator[tuple[str, str]]:
    born = date.fromisoformat(iso)
    day, month, year = born.day, born.month, born.year
    long_month, short_month = born.strftime("%B"), born.strftime("%b")
    yield "iso", iso
    yield "dob-uk", f"{day:02d}/{month:02d}/{year}"
    yield "dob-us", f"{month:02d}/{day:02d}/{year}"
    yield "dob-compact", f"{year}{month:02d}{day:02d}"
    for name in (long_month, short_month):
        yield "dob-written", f"{day} {name} {year}"
        yield "dob-written", f"{day:02d} {name} {year}"
        yield "dob-written", f"{name} {day}, {year}"


def _phones(national: str) -> Iterator[tuple[str, str]]:
    yield "plain", national
    digits = "".join(ch for ch in national if ch.isdigit())
    if digits.startswith("0"):
        yield "phone-e164", "+44" + digits[1:]
        yield "phone-as-number", digits[1:]


_DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# Digits enough for a number read out to stand for one person (a phone or document number).
MIN_SPOKEN_DIGITS = 6


def _read_out(value: str) -> Iterator[tuple[str, str]]:
    """The number read out digit by digit, as a transcript of a call writes it: 0 as "oh" or
    "zero", a digit said twice or three times in a row as "double" or "triple", or in pairs
    ("double seven seven", "double five double five"), or not, each form throughout; letters
    stay letters ("K eight five six...")."""
    if sum(ch.isdigit() for ch in value) < MIN_SPOKEN_DIGITS:
        return
    runs: list[tuple[str, int]] = []
    for ch in "".join(value.split()):
        if runs and runs[-1][0] == ch:
            runs[-1] = (ch, runs[-1][1] + 1)
        else:
            runs.append((ch, 1))
    for nought in ("oh", "zero"):
        for grouping in (_one_by_one, _double_or_triple, _in_pairs):
            said = []
            for ch, count in runs:
                word = (nought if ch == "0" else _DIGIT_WORDS[int(ch)]) if ch.isdigit() else ch
                said += grouping(word, count) if ch.isdigit() else [word] * count
            yield "read out", " ".join(said)


def _one_by_one(word: str, count: int) -> list[str]:
    return [word] * count


def _double_or_triple(word: str, count: int) -> list[str]:
    return [f"{('double', 'triple')[count - 2]} {word}"] if count in (2, 3) else [word] * count


def _in_pairs(word: str, count: int) -> list[str]:
    return [f"double {word}"] * (count // 2) + [word] * (count % 2)


def _spellings(value: str) -> set[str]:
    compact = "".join(value.split())
    return {value, value.lower(), value.upper(), compact, compact.lower(), compact.upper()}


def _look_alikes(value: str) -> Iterator[tuple[str, str]]:
    # A skeleton depends on case ("I" looks like "l", "i" does not): one per written case.
    for spelling in (value, value.upper(), value.lower()):
        yield "look-alike", skeleton(spelling)


def _encodings(value: str) -> Iterator[tuple[str, str]]:
    for spelling in sorted(_spellings(value)):
        raw = spelling.encode("utf-8")
        for algorithm in HASHES:
            yield algorithm, hashlib.new(algorithm, raw).hexdigest()
    yield "base64", base64.b64encode(value.encode("utf-8")).decode("ascii")
    yield "url-encoded", quote(value, safe="")
    yield "url-encoded", quote_plus(value, safe="")


def _scrambles(value: str) -> Iterator[tuple[str, str]]:
    # Undone by anyone in one line, so no protection: a recipient reads the value all the same.
    yield "reversed", value[::-1]
    if any(ch.isalpha() for ch in value):
        yield "rot13", codecs.encode(value, "rot13")


def weak(variant: str) -> bool:
    """Whether a form of this variant is a scramble, which counts only on word boundaries."""
    return variant.removeprefix("street ") in _WEAK


def words_written(persona: Persona, attribute: str, variant: str) -> int:
    """In how many words a form counts where written (0: any): a family name or a street is
    made of surname parts ("Mor" + "field"), which the fold meets across the words of ordinary
    prose ("victim or fields") once it runs them together."""
    if attribute == "family_name" and variant in ("plain", "look-alike"):
        return len(persona.family_name.split())
    if attribute == "address" and variant in ("street", "street look-alike") and persona.street:
        return len(persona.street.split())
    return 0


def _short_scramble(variant: str, folded: str) -> bool:
    return variant.removeprefix("street ") in _SCRAMBLES and len(folded) < MIN_SCRAMBLED_LENGTH


def forms(attribute: str, value: str) -> Iterator[tuple[str, str]]:
    """(variant kind, text) pairs for one planted value, before folding."""
    if attribute == "date_of_birth":
        yield from _dates(value)
    elif attribute == "phone":
        yield from _phones(value)
        yield from _scrambles(value)
        yield from _read_out(value)
        yield from code_forms(value)
        yield from encoded_forms(value)
    else:
        yield "plain", value
        yield from _look_alikes(value)
        yield from _scrambles(value)
        yield from _read_out(value)
        yield from spelled_forms(value)
        yield from code_forms(value)
        yield from encoded_forms(value)
    if attribute in SUBSTITUTED:
        yield from substituted_forms(value)
    if attribute in HASHED:
        yield from _encodings(value)


# More than the personas one run plants: the scenario's matcher and the run's (recipients/
# ledger.py) both need each planted person's forms, which are worked out once.
PERSONAS_REMEMBERED = 512


def persona_forms(persona: Persona) -> tuple[tuple[str, str, str, bool], ...]:
    """(attribute, variant, folded text, identifying) for every form of every planted value.
    The forms are the values', not the label's or role's: the run's ledger relabels each
    person it plants ("the victim of «…»"), and her forms are not worked out a second time."""
    return _remembered_forms(replace(persona, label="", role=""))


@lru_cache(maxsize=PERSONAS_REMEMBERED)
def _remembered_forms(persona: Persona) -> tuple[tuple[str, str, str, bool], ...]:
    return tuple(_persona_forms(persona))


def _persona_forms(persona: Persona) -> Iterator[tuple[str, str, str, bool]]:
    values = persona.attributes()
    values["full_name_reordered"] = f"{persona.family_name} {persona.given_name}"
    for attribute, value in values.items():
        if attribute in NOT_CANARIES or not value:
            continue
        name = "full_name" if attribute == "full_name_reordered" else attribute
        for variant, text in forms(name, value):
            kind = (
                "reordered"
                if attribute == "full_name_reordered" and variant == "plain"
                else variant
            )
            folded = fold_value(text)
            if len(folded) >= MIN_PATTERN_LENGTH and not _short_scramble(kind, folded):
                yield name, kind, folded, name in IDENTIFYING
    # A street the harness drew names one person however the rest of the address is written.
    for variant, text in forms("street", persona.street) if persona.street else ():
        folded = fold_value(text)
        if not _short_scramble(variant, folded):
            yield (
                "address",
                "street" if variant == "plain" else f"street {variant}",
                folded,
                True,
            )
