"""Documents kept inside a field: a JSON column exported as text, or JSON written into a JSON
string. What they hold is sent as much as any other field, so it is read as fields of the same
record, under the field's own locator (`$.details` → `$.details.immigration_status`)."""

from __future__ import annotations

import json
from typing import Any

from firewall_conformance.detect.duplicates import all_values
from firewall_conformance.detect.record import flatten_json
from firewall_conformance.detect.structured import Fields

# Larger text is no field a record system keeps a document in; it stays text.
MAX_EMBEDDED_CHARS = 1 << 20
# A document inside a document inside a field, and no deeper.
MAX_NESTING = 3
_BRACKETS = (("{", "}"), ("[", "]"))


def may_be_document(value: str) -> bool:
    """Whether a value starts as a document written in it may (most do not, at the cost of
    one comparison)."""
    return bool(value) and (value[0] in "{[" or value[0].isspace())


def _document(value: str) -> dict[str, Any] | list[Any] | None:
    if not may_be_document(value):
        return None
    text = value.strip()
    if not 2 <= len(text) <= MAX_EMBEDDED_CHARS or (text[0], text[-1]) not in _BRACKETS:
        return None
    try:
        document = json.loads(text, object_pairs_hook=all_values)
    except (ValueError, RecursionError):
        return None
    return document if isinstance(document, dict | list) else None


def embedded_fields(fields: Fields) -> Fields:
    """The fields of every JSON document written as the value of one of `fields` (and of
    documents within those), each under the locator of the field that holds it."""
    found: Fields = []
    pending = fields
    for _ in range(MAX_NESTING):
        inner: Fields = []
        for locator, value in pending:
            document = _document(value)
            if document is not None:
                inner += flatten_json(document, locator)
        if not inner:
            break
        found += inner
        pending = inner
    return found
