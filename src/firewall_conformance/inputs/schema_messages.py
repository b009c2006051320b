"""Schema violations in plain words: where, and what was expected — never the value found.

jsonschema's own messages quote the offending value, which may be a credential (a password in
a URL that fails its pattern) or, expanded from YAML aliases, megabytes long.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jsonschema

from firewall_conformance.wording.plural import count

# Key names are quoted (they say where), but cut short: a key is data too.
MAX_KEY_CHARS = 60
MAX_KEY_MESSAGE_CHARS = 300


def _names(values: Any) -> str:
    items = values if isinstance(values, list) else [values]
    return " or ".join(str(v) for v in items)


def _choices(values: list[Any]) -> str:
    return ", ".join(repr(v) for v in values)


_EXPECTED: dict[str, Callable[[Any], str]] = {
    "type": lambda v: f"expected {_names(v)}",
    "enum": lambda v: f"expected one of {_choices(v)}",
    "const": lambda v: f"expected {v!r}",
    "pattern": lambda v: f"expected text matching {v}",
    "format": lambda v: f"expected a {v}",
    "minLength": lambda v: f"expected at least {count(v, 'characters')}",
    "maxLength": lambda v: f"expected at most {count(v, 'characters')}",
    "minimum": lambda v: f"expected at least {v}",
    "maximum": lambda v: f"expected at most {v}",
    "exclusiveMinimum": lambda v: f"expected more than {v}",
    "exclusiveMaximum": lambda v: f"expected less than {v}",
    "minItems": lambda v: f"expected at least {count(v, 'items')}",
    "maxItems": lambda v: f"expected at most {count(v, 'items')}",
    "uniqueItems": lambda v: "expected no item twice",
    "minProperties": lambda v: f"expected at least {count(v, 'keys')}",
    "maxProperties": lambda v: f"expected at most {count(v, 'keys')}",
    "oneOf": lambda v: "expected exactly one of the allowed forms",
    "anyOf": lambda v: "expected one of the allowed forms",
    "not": lambda v: "expected something other than this",
}


def _key(name: Any) -> str:
    text = str(name)
    return repr(text if len(text) <= MAX_KEY_CHARS else text[:MAX_KEY_CHARS] + "…")


# A schema may say in words what a pattern or format stands for, so a reader is not shown a
# regular expression: {"pattern": "^FW-\\d{2}$", "x-expected": "an obligation id such as FW-02"}.
IN_WORDS = "x-expected"


def describe(error: jsonschema.ValidationError) -> str:
    """What was expected at the error's place, naming keys but never the value."""
    keyword, expected = error.validator, error.validator_value
    in_words = error.schema.get(IN_WORDS) if isinstance(error.schema, dict) else None
    if keyword in ("pattern", "format") and in_words:
        return f"expected {in_words}"
    if keyword == "required" and isinstance(expected, list) and isinstance(error.instance, dict):
        missing = [k for k in expected if k not in error.instance]
        return "; ".join(f"{_key(k)} is a required property" for k in missing)
    if keyword in ("additionalProperties", "unevaluatedProperties"):
        # jsonschema names only the unexpected keys here, never a value.
        if len(error.message) <= MAX_KEY_MESSAGE_CHARS:
            return error.message
        return "holds keys the schema does not allow here"
    if keyword == "propertyNames":
        return "holds a key whose name is not allowed here"
    wording = _EXPECTED.get(str(keyword))
    return wording(expected) if wording else f"does not satisfy the schema's {keyword!r} rule"
