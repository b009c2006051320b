"""The one error a run stops with."""

from __future__ import annotations


class HarnessError(Exception):
    """The run cannot start or cannot be trusted: exit 3, with this message."""
