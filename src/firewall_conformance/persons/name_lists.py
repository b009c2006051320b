"""Real names and places that planted names and addresses are drawn from.

A planted person whose name looks invented can be told apart by a system built to pass the
harness. Given names are therefore real ones, from name-frequency data (data/names/README.md
gives the source and licence); many real people share each, so a given name never attributes a
record on its own (personas.py). A family name, which must attribute alone, is the front of one
real surname joined to the ending of another ("Birch" + "ton"): it reads as a name, yet it is
neither one of the 88,799 listed surnames nor inside one, so a sighting of it is the planted
person's and nobody else's. Streets are named the same way, and towns are real ones with their
postcode areas.
"""

from __future__ import annotations

import gzip
import random
import re
from functools import cache
from importlib import resources
from typing import Any

from firewall_conformance.inputs.documents import parse_yaml

# Shorter compounds turn up inside other text, where the matcher folds words together: of
# 50,000 drawn, one of seven letters ("Wendley") was in the reference's clean exports and
# audit log ("Wendle Yard"), none of eight or more (benchmarks/name_canary_false_hits.py).
MIN_NAME_LENGTH = 8
# Fronts are taken from the commonest surnames only, so they read as parts of names.
COMMON_SURNAMES = 20_000
_SYLLABLES = re.compile(r"(?:[^aeiou][aeiou])+", re.IGNORECASE)


def _folder() -> Any:
    return resources.files("firewall_conformance.data.names")


@cache
def given_names() -> tuple[str, ...]:
    """Common given names, in title case."""
    return tuple(_folder().joinpath("given_names.txt").read_text("utf-8").split())


@cache
def _surnames() -> tuple[str, ...]:
    """Every listed surname, commonest first, in title case."""
    packed = _folder().joinpath("surnames.txt.gz").read_bytes()
    return tuple(gzip.decompress(packed).decode("utf-8").split())


@cache
def _listed_text() -> str:
    """The listed surnames in lower case, one a line: a name inside one is found by `in`."""
    return "\n".join(name.lower() for name in _surnames())


@cache
def places() -> dict[str, Any]:
    text = _folder().joinpath("places.yaml").read_text("utf-8")
    document: dict[str, Any] = parse_yaml(text, "places.yaml")
    return document


def towns() -> dict[str, str]:
    """Towns by name, each with the letters its postcodes begin with."""
    towns: dict[str, str] = places()["towns"]
    return towns


@cache
def _listed() -> frozenset[str]:
    return frozenset(name.lower() for name in _surnames())


def is_listed_surname(name: str) -> bool:
    return name.lower() in _listed()


@cache
def _fronts() -> tuple[str, ...]:
    """Fronts of the commonest surnames that are listed surnames themselves ("Birch" of
    "Birchall", at one of places.yaml's surname endings), three letters or more, sorted. Kept in
    fronts.txt: finding them again costs each run about 0.05 CPU-s, as much as a short
    scenario (the unit tests find them again and hold the file to them)."""
    return tuple(_folder().joinpath("fronts.txt").read_text("utf-8").split())


def compound_name(rng: random.Random) -> str:
    """A name joined from a real surname's front and another's ending that is no listed
    surname, sits inside none, and is not made of consonant-vowel pairs alone (the shape of
    the invented names a filter for test data keys on)."""
    endings: list[str] = places()["surname_endings"]
    while True:
        name = rng.choice(_fronts()) + rng.choice(endings)
        if (
            len(name) >= MIN_NAME_LENGTH
            and not _SYLLABLES.fullmatch(name)
            and name.lower() not in _listed_text()
        ):
            return name
