"""The suite's sentence grammar: a step sentence is a fixed form ("the audit log records …",
"… is refused", "… receives nothing about …") with one open slot, and a table says what each
phrase that may fill the slot means. One step definition per form, not per sentence: an
inspector reads one way of saying each thing, and a phrase the table does not hold fails with
a plain reason instead of matching nothing.

A table entry is a plain function; its parameters are the phrase's named groups (converted by
the vocabulary's converters) and the scenario's fixtures, asked for by name as pytest-bdd asks
for a step's."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from steps.vocabulary import CONVERTERS

Handler = Callable[..., None]


@dataclass(frozen=True)
class Phrase:
    """A phrase read from a sentence: what it means, and the words it was given."""

    handler: Handler
    slots: dict[str, Any]

    def __call__(self, request: pytest.FixtureRequest, **more: Any) -> None:
        """Call the meaning with the phrase's words, `more` words of the sentence around it,
        and any fixture it names."""
        given = {**self.slots, **more}
        fixtures = {
            name: request.getfixturevalue(name)
            for name in inspect.signature(self.handler).parameters
            if name not in given
        }
        self.handler(**given, **fixtures)


class Table:
    """The phrases that may fill one slot of a form, each a regular expression over the whole
    phrase, and what each means. Used as the slot's converter."""

    def __init__(self, form: str) -> None:
        self.form = form  # the sentence with "…" for the slot, for messages
        self._entries: list[tuple[re.Pattern[str], Handler]] = []

    def phrase(self, pattern: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self._entries.append((re.compile(pattern), handler))
            return handler

        return register

    def __call__(self, text: str) -> Phrase:
        meanings = [
            (handler, match)
            for regex, handler in self._entries
            if (match := regex.fullmatch(text)) is not None
        ]
        if not meanings:
            raise ValueError(
                f"the suite has no sentence {self.form.replace('…', repr(text))}: "
                "that phrase is not in its vocabulary"
            )
        if len(meanings) > 1:
            raise ValueError(f"{text!r} means more than one thing in {self.form!r}")
        handler, match = meanings[0]
        slots = {
            name: CONVERTERS.get(name, _unchanged)(value)
            for name, value in match.groupdict().items()
        }
        return Phrase(handler, slots)

    def meanings(self) -> list[Handler]:
        """What the table's phrases mean, so a test can find one no sentence uses."""
        return [handler for _, handler in self._entries]


def _unchanged(value: str | None) -> str | None:
    return value
