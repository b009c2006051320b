"""Values that state immigration status (data/vocabulary/status_values.yaml): a flag such as
HO_REFERRAL as the whole value of a field, or a remark such as "asylum seeker" in free text.

Real exports carry status where no field name says so: a notes column, a list of markers. A
value is judged by its words as field names are (`vocabulary.tokens`), so "HO_REFERRAL", "HO
referral" and "hoReferral" read alike, and a remark's words must stand in one clause of it;
an entry's words joined are then a substring of the value squeezed to lower-case ASCII letters
and digits, which is what lets one literal search (here and in `status_literals`) rule a value,
a record or a line out without reading its words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from firewall_conformance.detect.engines import LiteralEngine, build, chosen_engine
from firewall_conformance.detect.memo import Remembers
from firewall_conformance.detect.vocabulary import tokens
from firewall_conformance.inputs.documents import parse_yaml

_ITEMS = re.compile(r"[;,|/]")
# A remark's words stand in one clause: "claim settled, status closed" says no settled status;
# a line break alone does not end one (a note wrapped in its field).
_CLAUSES = re.compile(r"[.,;:!?]+(?=\s|$)")
_LOWER = bytes(range(256)).lower()
_DROPPED = bytes(b for b in range(256) if _LOWER[b] not in b"abcdefghijklmnopqrstuvwxyz0123456789")
# A value longer than this is free text, seldom seen twice: its answer is not remembered.
REMEMBERED_CHARS = 256


@dataclass(frozen=True)
class Remark:
    words: tuple[str, ...]
    category: str
    unless_next: frozenset[str]


@dataclass(frozen=True)
class StatusValues(Remembers):
    flags: dict[tuple[str, ...], str]
    remarks: dict[str, tuple[Remark, ...]]  # by their first word

    def literals(self) -> set[str]:
        """What the squeezed text of a value stating status holds: each entry's words joined."""
        return {"".join(code) for code in self.flags} | {
            "".join(remark.words) for group in self.remarks.values() for remark in group
        }

    @cached_property
    def _engine(self) -> LiteralEngine:
        return build(chosen_engine(), sorted(self.literals()))

    def any_in(self, values: Iterable[str]) -> bool:
        """Whether any of `values` may state status: one literal search of them all, so a
        record none of whose values can is passed over without reading their words. Values
        are joined as they are squeezed (a line break within one is dropped like a space), so
        two may join into a literal: that only costs reading their words."""
        squeezed = "".join(values).encode("utf-8", "replace").translate(_LOWER, _DROPPED)
        return bool(self._engine.starts(squeezed))

    def category(self, value: str) -> str | None:
        """What a value says of a person's status ('asylum remark', 'immigration status
        flag'), or None when it says nothing of it."""
        if len(value) > REMEMBERED_CHARS:
            return self._category(value)
        return self.remembered(value, lambda: self._category(value))

    def _category(self, value: str) -> str | None:
        for item in _ITEMS.split(value):
            code = tuple(tokens(item))
            if code in self.flags:
                return f"{self.flags[code]} flag"
        for clause in _CLAUSES.split(value):
            found = self._remark(tokens(clause))
            if found:
                return f"{found} remark"
        return None

    def _remark(self, words: list[str]) -> str | None:
        for at, word in enumerate(words):
            for remark in self.remarks.get(word, ()):
                end = at + len(remark.words)
                if tuple(words[at:end]) == remark.words and (
                    end == len(words) or words[end] not in remark.unless_next
                ):
                    return remark.category
        return None


@cache
def status_values() -> StatusValues:
    """The packaged value vocabulary, loaded once per process."""
    folder = resources.files("firewall_conformance.data.vocabulary")
    name = "status_values.yaml"
    data = parse_yaml(folder.joinpath(name).read_text(encoding="utf-8"), name)
    remarks: dict[str, list[Remark]] = {}
    for entry in data["remarks"]:
        remark = Remark(
            tuple(entry["words"]), entry["category"], frozenset(entry.get("unless_next", ()))
        )
        remarks.setdefault(remark.words[0], []).append(remark)
    return StatusValues(
        flags={tuple(entry["code"]): entry["category"] for entry in data["flags"]},
        remarks={first: tuple(group) for first, group in remarks.items()},
    )
