"""JSON objects that keep every value of a key given twice. A JSON parser keeps the last value
of a repeated key, so `{"role": "victim", "role": "suspect"}` would read as a suspect and the
first value would go unseen; here it reads as both, as an item list under that key."""

from __future__ import annotations

from typing import Any


class Repeated(list[Any]):
    """The values of one repeated key, in file order (a list the document itself did not hold)."""


class AllValues(dict[str, Any]):
    """A JSON object that turns a repeated key's values into a `Repeated` list."""

    def __setitem__(self, key: str, value: Any) -> None:
        if key not in self:
            super().__setitem__(key, value)
            return
        held = self[key]
        if isinstance(held, Repeated):
            held.append(value)
        else:
            super().__setitem__(key, Repeated([held, value]))


def all_values(pairs: list[tuple[str, Any]]) -> AllValues:
    """`json.loads(..., object_pairs_hook=all_values)`."""
    document = AllValues(pairs)
    if len(document) == len(pairs):
        return document  # no key given twice: built at C speed
    document = AllValues()
    for key, value in pairs:
        document[key] = value
    return document
