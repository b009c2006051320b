"""Identifying details as link keys: a person written under another id in another file is the
same person when their name and date of birth, or a document number, are the same.

Keys are salted hashes of the folded details ('Lovelace, Ada' and 'ADA' + 'lovelace' meet;
'02/01/1990' and '1990-01-02' meet), so a reading keeps no name, date or number itself."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from firewall_conformance.detect.normalise import fold_text
from firewall_conformance.detect.status import salted_hash
from firewall_conformance.detect.vocabulary import tokens

_INDEX = re.compile(r"\[[^\]]*\]")
_WORDS = re.compile(r"[\W_]+")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y%m%d", "%d %B %Y", "%d %b %Y")
MIN_DOCUMENT = 5  # a shorter "number" links too many people by chance


@dataclass(frozen=True)
class IdentityWords:
    kinds: dict[str, tuple[frozenset[str], ...]]
    full_names: frozenset[tuple[str, ...]]
    number_words: frozenset[str]
    not_a_number: frozenset[str]

    def kind(self, locator: str, base: str = "") -> str | None:
        """Which identifying detail a field holds, read from the innermost name outward."""
        below = locator[len(base) :] if base and locator.startswith(base) else locator
        parts = [p for p in re.split(r"[./]", _INDEX.sub("", below)) if p and p != "$"]
        seen: set[str] = set()
        for depth, part in enumerate(reversed(parts)):
            words = tokens(part.split(":")[-1])
            if depth == 0 and tuple(words) in self.full_names:
                return "full_name"
            seen.update(words)
            for kind in ("given_name", "family_name", "birth_date"):
                if any(entry <= seen for entry in self.kinds[kind]):
                    return kind
            if (
                any(entry <= seen for entry in self.kinds["document"])
                and seen & self.number_words
                and not seen & self.not_a_number
            ):
                return "document"
        return None


@cache
def identity_words() -> IdentityWords:
    """The packaged identity vocabulary (data/vocabulary/identity.yaml), loaded once."""
    folder = resources.files("firewall_conformance.data.vocabulary")
    data = yaml.safe_load(folder.joinpath("identity.yaml").read_text(encoding="utf-8"))
    kinds = ("given_name", "family_name", "birth_date", "document")
    return IdentityWords(
        kinds={k: tuple(frozenset(entry) for entry in data[k]) for k in kinds},
        full_names=frozenset(tuple(entry) for entry in data["full_name"]),
        number_words=frozenset(data["number_words"]),
        not_a_number=frozenset(data["not_a_number"]),
    )


def _date(value: str) -> str:
    text = value.strip()[:10] if re.match(r"\d{4}-\d\d-\d\dT", value.strip()) else value.strip()
    for form in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    return fold_text(text)


def _name(values: Iterable[str]) -> str:
    """'Lovelace, Ada' and 'ADA' + 'lovelace' -> 'ada lovelace'."""
    return " ".join(sorted(filter(None, (fold_text(w) for v in values for w in _WORDS.split(v)))))


def identity_keys(fields: Iterable[tuple[str, str]], salt: bytes, base: str = "") -> frozenset[str]:
    """The link keys of one person's fields (`base`: the path of the person's element)."""
    words = identity_words()
    held: dict[str, list[str]] = {}
    for locator, value in fields:
        kind = words.kind(locator, base)
        if kind and value.strip():
            held.setdefault(kind, []).append(value)
    keys = set()
    names = {
        _name(held.get("given_name", []) + held.get("family_name", [])),
        _name(held.get("full_name", [])),
    }
    for name in names - {""}:
        for born in {_date(v) for v in held.get("birth_date", [])} - {""}:
            keys.add(salted_hash(f"name {name} born {born}", salt))
    for number in held.get("document", []):
        folded = re.sub(r"[^0-9a-z]", "", number.casefold())
        if len(folded) >= MIN_DOCUMENT and any(c.isdigit() for c in folded):
            keys.add(salted_hash(f"document {folded}", salt))
    return frozenset(keys)
