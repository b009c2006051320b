"""Filling the {placeholders} of a target profile's request templates."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

_WHOLE = re.compile(r"^\{(\w+)\}$")
_PART = re.compile(r"\{(\w+)\}")


class TemplateError(Exception):
    """A placeholder the harness cannot fill: a mistake in the profile."""


def _lookup(values: Mapping[str, Any], name: str, where: str) -> Any:
    if name not in values:
        known = ", ".join(sorted(values))
        raise TemplateError(
            f"{where}: unknown placeholder {{{name}}} (this request knows: {known})"
        )
    return values[name]


def fill(template: Any, values: Mapping[str, Any], where: str) -> Any:
    """Expand a template; a string that is one placeholder keeps the value's type."""
    if isinstance(template, dict):
        return {k: fill(v, values, f"{where}.{k}") for k, v in template.items()}
    if isinstance(template, list):
        return [fill(v, values, f"{where}[{i}]") for i, v in enumerate(template)]
    if not isinstance(template, str):
        return template
    whole = _WHOLE.match(template)
    if whole:
        return _lookup(values, whole.group(1), where)
    return _PART.sub(lambda m: str(_lookup(values, m.group(1), where)), template)


def fill_path(template: str, values: Mapping[str, Any], where: str) -> str:
    """Expand a URL path: embedded values are percent-encoded, a whole-path value is not."""
    whole = _WHOLE.match(template)
    if whole:
        return str(_lookup(values, whole.group(1), where))
    return _PART.sub(lambda m: quote(str(_lookup(values, m.group(1), where)), safe=""), template)


def dig(document: Any, dotted: str) -> Any:
    """The value at a dotted path (`data.items`) in a JSON document, or None. A `*` part maps
    the rest of the path over a list (`items.*.sent_at`: each item's `sent_at`, None where an
    item has none), so a profile can name a field inside every item of a list."""
    parts = dotted.split(".")
    for position, part in enumerate(parts):
        if part == "*":
            if not isinstance(document, list):
                return None
            rest = ".".join(parts[position + 1 :])
            return [dig(item, rest) if rest else item for item in document]
        if not isinstance(document, dict):
            return None
        document = document.get(part)
    return document


def _as_key(value: Any) -> str:
    """A value as a value map's key: YAML reads `false:` as a boolean and JSON sends `false`,
    `"false"` or `0`; all are compared by their JSON spelling, strings as they are."""
    return value if isinstance(value, str) else json.dumps(value)


def read(document: Any, source: Any) -> Any:
    """The value a profile names in an answer: a dotted path (`actor.name`), or a field with a
    value map (`{field: success, map: {false: refused, true: done}}`) that turns the target's
    own values into the ones the harness reads. A value the map does not list is kept as it
    came, so it is never mistaken for a mapped one."""
    if not isinstance(source, Mapping):
        return dig(document, str(source))
    value = dig(document, source["field"])
    mapping = {_as_key(key): mapped for key, mapped in source["map"].items()}
    if isinstance(value, list):
        return [mapping.get(_as_key(item), item) for item in value]
    return mapping.get(_as_key(value), value)
