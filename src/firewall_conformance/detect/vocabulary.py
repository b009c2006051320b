"""Which field names hold immigration-status data: NIEM property names plus common column
names, with the near misses (residence, ethnicity, stolen property) kept out."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from firewall_conformance.detect.memo import NAMES_REMEMBERED, Remembers
from firewall_conformance.inputs.documents import parse_yaml

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")
_ALWAYS_NAMESPACES = ("im", "nc", "j")
_SCREENING = "scr"
_SUBSCRIPT = re.compile(r"\[([^\]]*)\]")


def tokens(name: str) -> list[str]:
    """'PersonCitizenshipISO3166Alpha3Code' -> ['person', 'citizenship', 'iso3166', 'alpha3', 'code']."""
    return [t.lower() for t in _SEPARATORS.split(_CAMEL.sub(" ", name)) if t]


@lru_cache(maxsize=NAMES_REMEMBERED)
def local_name(locator: str) -> str:
    """The last name in a CSV column, JSON path or XPath-like locator, without prefix or index:
    '$.roles[0]' -> 'roles', '/x/nc:Person[2]' -> 'Person'; a name in brackets is the name
    ('$.attributes[immigration_status]', a name/value pair read as a field)."""
    last = re.split(r"[./]", locator)[-1] if locator else ""
    named = [n for n in _SUBSCRIPT.findall(last) if not n.isdigit()]
    name = named[-1] if named else last.split("[", 1)[0]
    return name.lstrip("@").split(":")[-1]


@dataclass(frozen=True)
class Vocabulary(Remembers):
    niem: frozenset[str]
    keywords: dict[str, str]
    names: dict[str, str]
    phrases: tuple[tuple[frozenset[str], str], ...]
    near_misses: frozenset[str]
    objects: frozenset[str]
    empty_values: frozenset[str]
    pair_names: frozenset[str]
    pair_values: frozenset[str]

    def category(self, field_name: str) -> str | None:
        """What kind of immigration data a field holds, or None when it holds none. A keyword
        outranks a near miss (immigration_residency_status is status data); a near miss
        outranks a phrase; a name about an object (stolen_passport) holds none."""
        return self.remembered(("category", field_name), lambda: self._category(field_name))

    def _category(self, field_name: str) -> str | None:
        name = local_name(field_name)
        words = tokens(name)
        if not words:
            return None
        joined = "".join(words)
        if joined in self.niem:
            return _niem_category(words)
        if self.objects.intersection(words):
            return None
        if joined in self.names:
            return self.names[joined]
        for word in words:
            if word in self.keywords:
                return self.keywords[word]
        if self.near_misses.intersection(words):
            return None
        present = set(words)
        for needed, category in self.phrases:
            if needed <= present:
                return category
        return None

    def says_something(self, value: str) -> bool:
        return value.strip().casefold() not in self.empty_values


def _niem_category(words: list[str]) -> str:
    for word, category in (
        ("citizenship", "citizenship"),
        ("nationality", "nationality"),
        ("passport", "passport"),
        ("visa", "visa"),
        ("birth", "foreign birth"),
        ("deport", "deportation"),
        ("alien", "alien status"),
    ):
        if any(word in w for w in words):
            return category
    return "immigration record"


def _niem_names() -> set[str]:
    names: set[str] = set()
    folder = resources.files("firewall_conformance.data.vocabulary")
    for file in ("niem-immigration-properties.csv", "niem-immigration-properties-legacy.csv"):
        with folder.joinpath(file).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                words = tokens(row["name"])
                if row["name"].endswith("AugmentationPoint"):
                    continue
                if row["namespace"] in _ALWAYS_NAMESPACES or (
                    row["namespace"] == _SCREENING and _screening_counts(words)
                ):
                    names.add("".join(words))
    return names


def _screening_counts(words: list[str]) -> bool:
    joined = "".join(words)
    return any(
        k in joined
        for k in (
            "citizen",
            "national",
            "passport",
            "visa",
            "alien",
            "immigra",
            "deport",
            "asylum",
            "refugee",
        )
    )


@cache
def vocabulary() -> Vocabulary:
    """The packaged vocabulary (NIEM names and rules.yaml), loaded once."""
    folder = resources.files("firewall_conformance.data.vocabulary")
    rules = parse_yaml(folder.joinpath("rules.yaml").read_text(encoding="utf-8"), "rules.yaml")
    return Vocabulary(
        niem=frozenset(_niem_names()),
        keywords=dict(rules["keywords"]),
        names=dict(rules["names"]),
        phrases=tuple((frozenset(words), category) for words, category in rules["phrases"]),
        near_misses=frozenset(rules["near_misses"]),
        objects=frozenset(rules["objects"]),
        empty_values=frozenset(v.casefold() for v in rules["empty_values"]),
        pair_names=frozenset(rules["pairs"]["names"]),
        pair_values=frozenset(rules["pairs"]["values"]),
    )
