"""Filling the {placeholders} of a target profile's request templates."""

from __future__ import annotations

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
