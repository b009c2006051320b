"""The suite's step vocabulary: every sentence in features/ is read by exactly one step
definition whose converters take its words (a form's slot only a phrase its table holds), and
every step definition and table phrase is used. pytest-bdd itself says neither: of two
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

from steps.grammar import Handler, Table
from steps.reading import definitions, read

ROOT = Path(__file__).resolve().parents[2]
KEYWORD_TYPES = {"Context": "given", "Action": "when", "Outcome": "then"}
MODULES = [m.stem for m in sorted((ROOT / "steps").glob("*.py")) if not m.stem.startswith("test_")]


def _tables() -> list[Table]:
    """The phrase tables of the step modules (steps/grammar.py)."""
    modules = [importlib.import_module(f"steps.{m}") for m in MODULES]
    found = {id(t): t for m in modules for t in vars(m).values() if isinstance(t, Table)}
    return list(found.values())


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
    tables = _tables()  # imports every step module, so every definition is registered
    known = definitions()
    used: set[int] = set()
    meant: set[Handler] = set()
    problems = []
    for where, kind, text in _sentences():
        reading = read(kind, text, known)
        used.update(reading.matching)
        meant.update(reading.meanings)
        if reading.problem:
            problems.append(f"{where}: {reading.problem}")
    problems += [
        f"steps: {d.step_func.__name__} ({d.parser.name!r}) is used by no scenario"
        for n, d in enumerate(known)
        if n not in used
    ]
    problems += [
        f"steps: {table.form!r} holds {handler.__name__}, which no scenario says"
        for table in tables
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


def test_a_sentence_is_read_as_the_run_reads_it() -> None:
    """What the run says of a sentence it cannot read (conftest.py stops the scenario)."""
    _tables()
    known = definitions()
    assert read(
        "when", "an officer faxes the victim to immigration enforcement", known
    ).problem == (
        "the suite has no sentence When an officer 'faxes the victim to immigration "
        "enforcement': that phrase is not in its vocabulary"
    )
    assert read("when", "immigration enforcement is telephoned", known).problem == (
        "no step of the suite reads 'When immigration enforcement is telephoned'"
    )
    assert read("then", "the status check is accepted", known).problem is None


def test_the_suite_says_its_scenarios_with_a_small_vocabulary() -> None:
    """One definition per form of sentence, about forty for the whole suite (issue 17): a
    sentence said once is a phrase in a form's table, not a definition of its own."""
    _tables()
    assert len(definitions()) <= 40, [d.parser.name for d in definitions()]
