"""The folded values a run has issued to its personas, and whether a new value clashes with
one: equals it, holds it or sits inside it (recipients/ledger.py `fresh_persona`, which keeps
every hit attributable to one persona).

Comparing each new value with every issued one grows with the square of the run's personas;
instead a new value is looked for once in all issued values joined, and each of its stretches
as long as some issued value is looked up in a set.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# Joins the issued values: a folded value holds no line break (normalise.fold_value), so a new
# one found in the join lies inside one issued value, not across two.
_JOIN = "\n"


@dataclass
class IssuedValues:
    _values: set[str] = field(default_factory=set)
    _lengths: set[int] = field(default_factory=set)
    _joined: str = ""

    def clashes(self, value: str) -> bool:
        """Whether `value` (folded) equals, holds or sits inside a value issued before."""
        if _JOIN in value:
            raise ValueError("a folded value holds no line break")
        if not self._values:
            return False
        if value in self._joined:
            return True
        return any(
            value[start : start + length] in self._values
            for length in self._lengths
            if length <= len(value)
            for start in range(len(value) - length + 1)
        )

    def issue(self, values: Iterable[str]) -> None:
        fresh = set(values) - self._values
        self._values |= fresh
        self._lengths |= {len(value) for value in fresh}
        self._joined += "".join(_JOIN + value for value in sorted(fresh))
