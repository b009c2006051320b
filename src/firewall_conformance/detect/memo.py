"""Remembering what is worked out from names: field names and role words recur record after
record, so each is worked out once. Names may be values too (name/value pairs, role fields),
so the memory is bounded."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import cached_property
from typing import TypeVar

NAMES_REMEMBERED = 16_384
T = TypeVar("T")


class Remembers:
    """For frozen vocabularies: `remembered` keeps answers that depend only on the key and the
    vocabulary itself."""

    @cached_property
    def _remembered(self) -> dict[Hashable, object]:
        return {}

    def remembered(self, key: Hashable, work_out: Callable[[], T]) -> T:
        if key in self._remembered:
            return self._remembered[key]  # type: ignore[return-value]
        answer = work_out()
        if len(self._remembered) < NAMES_REMEMBERED:
            self._remembered[key] = answer
        return answer
