"""JSON objects with a key given twice. A JSON parser keeps the last value of a repeated key, so
`{"role": "victim", "role": "suspect"}` would read as a suspect and the first value would go
unseen. Where data is searched (exports, what a recipient received) both values are kept, as an
item list under that key; where one reading is taken as fact (an audit-log entry, an answer a
claim rests on) the object is refused, since what it says depends on the reader."""

from __future__ import annotations

import json
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


def repeated_keys(entry: object) -> list[str]:
    """The keys an object read with `all_values` gave more than once, anywhere inside it."""
    found: set[str] = set()
    stack = [entry]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            found.update(key for key, value in current.items() if isinstance(value, Repeated))
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return sorted(found)


class RepeatedKey(ValueError):
    """A JSON object gave one key twice where a single reading is taken as fact."""

    def __init__(self, key: str) -> None:
        super().__init__(
            f"the key {key!r} is given twice in one object, so what it says depends on the reader"
        )
        self.key = key


class OneReading(dict[str, Any]):
    """A JSON object that refuses a key given twice (also an ijson `map_type`)."""

    def __setitem__(self, key: str, value: Any) -> None:
        if key in self:
            raise RepeatedKey(key)
        super().__setitem__(key, value)


def _refusing(pairs: list[tuple[str, Any]]) -> OneReading:
    document = OneReading()
    for key, value in pairs:
        document[key] = value
    return document


def one_reading(text: str | bytes) -> Any:
    """JSON that means one thing to every reader: a key given twice raises RepeatedKey."""
    return json.loads(text, object_pairs_hook=_refusing)
