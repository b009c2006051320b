"""Attempts holding a typed answer built as the HTTP adapter builds it, for claim tests."""

from __future__ import annotations

from typing import Any

from firewall_conformance.targets.answers import answer_from
from firewall_conformance.targets.attempt import Attempt


def answered(
    capability: str, operation: str, *, allowed: bool = True, body: Any = None, **values: Any
) -> Attempt:
    """An accepted attempt whose answer is read from `values`, or a refused one (no answer)."""
    if not allowed:
        return Attempt(False, "refused", body)
    answer = answer_from(capability, operation, values, f"{operation} ({capability})")
    return Attempt(True, "accepted", body, answer=answer)
