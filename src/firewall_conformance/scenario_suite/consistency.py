"""Checking the Gherkin suite against the catalogue before anything runs.

pytest-bdd silently absorbs a misspelled keyword into a description, so a scenario can vanish
without a sound; a scenario tagged with an unknown obligation, or an obligation with no
scenario, would make coverage claims false. Each of these is an error, not a warning.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gherkin.errors import CompositeParserException, ParserException
from gherkin.parser import Parser
from gherkin.parser_types import Feature
from gherkin.token_scanner import TokenScanner

from firewall_conformance.obligations.catalogue import Catalogue
from firewall_conformance.obligations.modes import BUNDLE_MARKER
from firewall_conformance.run import scenario_plan as plan
from firewall_conformance.targets.base import CAPABILITIES

OBLIGATION_LIKE = re.compile(r"^@?FW-?\d+$", re.IGNORECASE)
OBLIGATION_TAG = re.compile(r"^@FW-\d{2}$")
_KEYWORDS = [
    "Scenario",
    "Scenario Outline",
    "Scenario Template",
    "Example",
    "Examples",
    "Background",
    "Rule",
    "Feature",
]
_STEP_WORDS = ("Given ", "When ", "Then ", "And ", "But ")


@dataclass(frozen=True)
class ScenarioEntry:
    file: str
    line: int
    name: str
    obligations: tuple[str, ...]
    tests: int
    needs: tuple[str, ...] = ()  # the capabilities its `@needs-…` tags name (run/scenario_plan.py)
    bundle: bool = False  # runs only over an export bundle (obligations/modes.py)
    reads_only: bool = False  # tagged `@reads-only` (run/scenario_plan.py)

    def plants(self, capabilities: frozenset[str], declared: bool = False) -> bool:
        """Whether a live run against these capabilities would plant test persons for it
        (a scenario that only reads uses declared persons when the run has them)."""
        return (
            not self.bundle
            and plan.PLANTS in self.needs
            and not (declared and self.reads_only)
            and plan.not_tested_reason(self.needs, capabilities) is None
        )

    def runs_read_only(self, capabilities: frozenset[str], declared: bool) -> bool:
        """Whether a read-only run (on declared persons, if any) would run it."""
        reason, _ = plan.scenario_plan(
            self.needs, capabilities, reads_only=self.reads_only, read_only=True, declared=declared
        )
        return not self.bundle and reason is None


@dataclass
class SuiteInventory:
    scenarios: list[ScenarioEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def expected_tests(self) -> int:
        return sum(s.tests for s in self.scenarios)

    def covering(self, obligation_id: str) -> list[ScenarioEntry]:
        return [s for s in self.scenarios if obligation_id in s.obligations]


def feature_files(features_dir: Path) -> list[Path]:
    return sorted(features_dir.rglob("*.feature"))


def _stray_keyword(description: str) -> str | None:
    for line in description.splitlines():
        text = line.strip()
        if text.startswith(_STEP_WORDS):
            return text
        head, colon, _ = text.partition(":")
        if colon and difflib.get_close_matches(head, _KEYWORDS, n=1, cutoff=0.75):
            return text
    return None


def _scenarios(
    children: Sequence[Mapping[str, Any]], inherited: list[str]
) -> list[tuple[dict[str, Any], list[str]]]:
    found = []
    for child in children:
        if "rule" in child:
            rule = child["rule"]
            found += _scenarios(
                rule["children"], inherited + [t["name"] for t in rule.get("tags", [])]
            )
        elif "scenario" in child:
            found.append((child["scenario"], inherited))
    return found


def check_suite(features_dir: Path, catalogue: Catalogue, in_scope: list[str]) -> SuiteInventory:
    """Parse every feature file and list each problem with file and line."""
    inventory = SuiteInventory()
    files = feature_files(features_dir)
    if not files:
        inventory.problems.append(f"{features_dir}: no feature files")
    for path in files:
        name = path.relative_to(features_dir).as_posix()
        try:
            document = Parser().parse(TokenScanner(path.read_text(encoding="utf-8")))
        except (CompositeParserException, ParserException) as exc:
            inventory.problems.append(f"{name}: not valid Gherkin: {exc}")
            continue
        # gherkin's types promise a feature; a file of comments alone has none.
        feature: Feature | None = document.get("feature")
        if not feature:
            inventory.problems.append(f"{name}: holds no Feature")
            continue
        feature_tags = [t["name"] for t in feature.get("tags", [])]
        stray = _stray_keyword(feature.get("description", ""))
        if stray:
            inventory.problems.append(
                f"{name}: the feature description holds {stray!r} - a misspelled keyword or step?"
            )
        for scenario, inherited in _scenarios(feature["children"], feature_tags):
            line = scenario["location"]["line"]
            where = f"{name}:{line}"
            stray = _stray_keyword(scenario.get("description", ""))
            if stray:
                inventory.problems.append(
                    f"{where}: the scenario description holds {stray!r} - a misspelled keyword or step?"
                )
            tags = inherited + [t["name"] for t in scenario.get("tags", [])]
            for tag in tags:
                if OBLIGATION_LIKE.match(tag) and not OBLIGATION_TAG.match(tag):
                    inventory.problems.append(f"{where}: tag {tag} is not of the form @FW-NN")
            obligations = tuple(t[1:] for t in tags if OBLIGATION_TAG.match(t))
            for obligation in obligations:
                if obligation not in catalogue:
                    inventory.problems.append(
                        f"{where}: tagged {obligation}, which the catalogue does not declare"
                    )
            if not obligations:
                inventory.problems.append(
                    f"{where}: scenario {scenario['name']!r} is tagged with no obligation"
                )
            if not scenario.get("steps"):
                inventory.problems.append(f"{where}: scenario {scenario['name']!r} has no steps")
            needs = plan.needs_of(tags)
            bundle = f"@{BUNDLE_MARKER}" in tags
            reads_only = f"@{plan.READS_ONLY_TAG}" in tags
            inventory.problems += _needs_problems(where, scenario["name"], needs, bundle)
            writes = plan.reads_only_problem(needs) if reads_only else None
            if writes:
                inventory.problems.append(f"{where}: tagged @{plan.READS_ONLY_TAG} but {writes}")
            rows = sum(len(e.get("tableBody", [])) for e in scenario.get("examples", []))
            inventory.scenarios.append(
                ScenarioEntry(
                    name, line, scenario["name"], obligations, rows or 1, needs, bundle, reads_only
                )
            )
    for obligation_id in in_scope:
        if not inventory.covering(obligation_id):
            inventory.problems.append(
                f"obligation {obligation_id} is in scope but no scenario tests it"
            )
    return inventory


def _needs_problems(where: str, name: str, needs: tuple[str, ...], bundle: bool) -> list[str]:
    """A live scenario must say what it needs, or the plan would plant for it blindly."""
    problems = [
        f"{where}: tag @{plan.NEEDS_TAG}{n} names no capability the harness knows"
        for n in needs
        if n not in CAPABILITIES
    ]
    if not needs and not bundle:
        problems.append(
            f"{where}: scenario {name!r} has no @{plan.NEEDS_TAG}… tag saying which "
            "capabilities it needs"
        )
    return problems
