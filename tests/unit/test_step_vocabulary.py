"""The suite's step vocabulary: every sentence in features/ is matched by exactly one step
definition whose converters take its words, and every step definition is used. pytest-bdd itself says neither: of two
definitions that both match a sentence it silently runs one, and an unused one is dead code that
reads as if it were tested."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gherkin.parser import Parser
from gherkin.token_scanner import TokenScanner
from pytest_bdd.steps import StepFunctionContext, step_function_context_registry

from steps import claims
from steps.grammar import Phrase, Table

ROOT = Path(__file__).resolve().parents[2]
KEYWORD_TYPES = {"Context": "given", "Action": "when", "Outcome": "then"}


def _definitions() -> list[StepFunctionContext]:
    for module in sorted((ROOT / "steps").glob("*.py")):
        if not module.stem.startswith("test_"):
            importlib.import_module(f"steps.{module.stem}")
    return [
        c
        for c in step_function_context_registry.values()
        if Path(c.step_func.__code__.co_filename).resolve().parent == ROOT / "steps"
    ]


def _rows(scenario: dict[str, Any]) -> Iterator[dict[str, str]]:
    examples = scenario.get("examples") or []
    if not examples:
        yield {}
    for table in examples:
        names = [cell["value"] for cell in table["tableHeader"]["cells"]]
        for row in table["tableBody"]:
            yield dict(zip(names, (cell["value"] for cell in row["cells"]), strict=True))


def _fill(text: str, row: dict[str, str]) -> str:
    return re.sub(r"<(\w+)>", lambda m: row[m[1]], text)


def _sentences() -> Iterator[tuple[str, str, str]]:
    """(where, step type, text) of every step of every scenario, outline rows filled in."""
    for path in sorted((ROOT / "features").rglob("*.feature")):
        feature = Parser().parse(TokenScanner(path.read_text(encoding="utf-8")))["feature"]
        background: list[dict[str, Any]] = []
        for child in feature["children"]:
            if "background" in child:
                background = child["background"]["steps"]
                continue
            scenario = child["scenario"]
            for row in _rows(scenario):
                kind = "given"
                for step in [*background, *scenario["steps"]]:
                    kind = KEYWORD_TYPES.get(step["keywordType"], kind)
                    yield f"{path.name}:{step['location']['line']}", kind, _fill(step["text"], row)


def test_every_sentence_has_exactly_one_step_definition_and_every_definition_is_used() -> None:
    """Phrases in a form's slot count as definitions: each is read by its table, and each
    phrase a table holds is said by some scenario."""
    definitions = _definitions()
    used: set[int] = set()
    meant: set[Any] = set()
    problems = []
    for where, kind, text in _sentences():
        matching = [
            n
            for n, d in enumerate(definitions)
            if d.type in (kind, None) and d.parser.is_matching(text)
        ]
        used.update(matching)
        if len(matching) != 1:
            names = [definitions[n].step_func.__name__ for n in matching]
            problems.append(f"{where}: {kind} {text!r} matches {len(matching)} definitions {names}")
            continue
        definition = definitions[matching[0]]
        try:
            for name, value in (definition.parser.parse_arguments(text) or {}).items():
                converted = definition.converters.get(name, str)(value)
                if isinstance(converted, Phrase):
                    meant.add(converted.handler)
        except (KeyError, ValueError) as exc:
            problems.append(f"{where}: {text!r}: its words do not convert ({exc!r})")
    problems += [
        f"steps: {d.step_func.__name__} ({d.parser.name!r}) is used by no scenario"
        for n, d in enumerate(definitions)
        if n not in used
    ]
    problems += [
        f"steps: {table.form!r} holds {handler.__name__}, which no scenario says"
        for table in vars(claims).values()
        if isinstance(table, Table)
        for handler in table.meanings()
        if handler not in meant
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ["victim", "witness"])
def test_an_outline_is_read_once_per_row(role: str) -> None:
    """The check above reads outline rows with their values, not the placeholders."""
    texts = [text for _, _, text in _sentences()]
    assert f"the {role} has given a statement and a refuge address" in texts
    assert not any("<" in text for text in texts)
