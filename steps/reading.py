"""Which of the suite's step definitions reads a sentence, and why none does. pytest-bdd finds
out only when the step runs, after the steps before it have planted people in the target, and
of two definitions that both match it silently runs one; so the suite reads every sentence of a
scenario before it starts (conftest.py), and the vocabulary test reads every sentence of the
suite."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pytest_bdd.steps import StepFunctionContext, step_function_context_registry

from steps.grammar import Handler, Phrase

STEPS = Path(__file__).resolve().parent


def definitions() -> list[StepFunctionContext]:
    """The step definitions of this suite (not of other plugins)."""
    return [
        c
        for c in step_function_context_registry.values()
        if Path(c.step_func.__code__.co_filename).resolve().parent == STEPS
    ]


@dataclass(frozen=True)
class Reading:
    """The definitions a sentence matches (by their place in `definitions()`), the table
    entries its phrases were read as, and what is wrong, if anything."""

    matching: tuple[int, ...]
    meanings: tuple[Handler, ...] = ()
    problem: str | None = None


def read(kind: str, text: str, known: Sequence[StepFunctionContext]) -> Reading:
    """Read a sentence as the run will: one definition must match it, and its words must
    convert (a phrase outside a table's vocabulary does not)."""
    said = f"{kind.capitalize()} {text}"
    matching = tuple(
        n for n, d in enumerate(known) if d.type in (kind, None) and d.parser.is_matching(text)
    )
    if not matching:
        return Reading(matching, problem=f"no step of the suite reads '{said}'")
    if len(matching) > 1:
        names = ", ".join(known[n].step_func.__name__ for n in matching)
        return Reading(matching, problem=f"'{said}' is read by {len(matching)} steps ({names})")
    definition = known[matching[0]]
    meanings = []
    try:
        for name, value in (definition.parser.parse_arguments(text) or {}).items():
            converted = definition.converters.get(name, str)(value)
            if isinstance(converted, Phrase):
                meanings.append(converted.handler)
    except ValueError as exc:
        return Reading(matching, problem=str(exc))
    except KeyError as exc:
        return Reading(matching, problem=f"'{said}': {exc.args[0]!r} is not in its vocabulary")
    return Reading(matching, tuple(meanings))
