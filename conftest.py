"""Wiring between the Gherkin suite and the library: obligation tags become markers and report
labels, each scenario gets its own evidence and state, and the step modules are loaded.

The suite only runs inside `firewall-conformance run`, which registers the run session.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterator
from dataclasses import asdict
from functools import cache
from typing import Any

import allure
import pytest
from pytest_bdd.scenario import scenario_wrapper_template_registry

from firewall_conformance.model.evidence import ScenarioEvidence, ScenarioState
from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.model.results import ScenarioOutcome
from firewall_conformance.model.verdicts import evidence_gap
from firewall_conformance.obligations.catalogue import Catalogue, load_catalogue
from firewall_conformance.reporting.allure_extras import OBLIGATION_LABEL
from firewall_conformance.run import scenario_plan as plan
from firewall_conformance.run.pytest_hooks import EVIDENCE, RunSession
from firewall_conformance.targets.base import Target
from steps.reading import definitions, read

# The step modules, registered in pytest_configure in this order.
STEP_MODULES = (
    "steps.wiring",
    "steps.claims",
    "steps.acts",
    "steps.set_up",
    "steps.planting",
    "steps.disclosures",
    "steps.exports",
    "steps.outbound",
    "steps.status_checks",
    "steps.access",
    "steps.audit",
    "steps.bundles",
    "steps.referrals",
    "steps.biometrics",
    "steps.reporting",
    "steps.recipients",
    "steps.exceptional_disclosures",
    "steps.record_access",
    "steps.case_files",
    "steps.minimisation",
    "steps.statistics",
    "steps.retention",
    "steps.surface",
    "steps.whole_run",
)

OBLIGATION_TAG = re.compile(r"^FW-\d{2}$")
UNREAD = pytest.StashKey[list[str]]()


@cache
def _catalogue() -> Catalogue:
    return load_catalogue()


def pytest_configure(config: pytest.Config) -> None:
    # Registered here, not named in `pytest_plugins`: pytest looks a named plugin up among the
    # entry points of every installed package first, which for 24 modules cost each run about
    # 0.06 CPU-s.
    for name in STEP_MODULES:
        config.pluginmanager.register(importlib.import_module(name), name)
    # Python's own traceback layout: no frame arguments (they hold the target's answers), and
    # one layout for the reports to read frames from (reporting/allure_failures.py). The run
    # has no terminal plugin, so no `--tb` option: set what pytest reads.
    config.option.tbstyle = "native"
    config.addinivalue_line("markers", "obligation(id): the catalogue obligation a scenario tests")
    config.addinivalue_line(
        "markers", "bundle: runs only over an export bundle (see obligations/modes.py)"
    )
    config.addinivalue_line(
        "markers", "whole_run: judges the whole run's egress, so runs after every other scenario"
    )
    config.addinivalue_line(
        "markers",
        "needs(capability): a capability the scenario needs of the target (run/scenario_plan.py)",
    )
    config.addinivalue_line(
        "markers",
        "reads_only: only reads, so runs read-only and on declared persons (run/scenario_plan.py)",
    )


def pytest_bdd_apply_tag(tag: str, function: Any) -> bool | None:
    """`@FW-01` is not a valid marker name: map it to the obligation marker and Allure labels
    (the story reads "FW-01 title" for people, the obligation label is the ID for tools);
    `@needs-disclose` names a capability the scenario needs."""
    if tag == "whole-run":
        pytest.mark.whole_run(function)
        return True
    if tag == plan.READS_ONLY_TAG:
        pytest.mark.reads_only(function)
        return True
    if tag.startswith(plan.NEEDS_TAG):
        pytest.mark.needs(tag.removeprefix(plan.NEEDS_TAG))(function)
        return True
    if not OBLIGATION_TAG.match(tag):
        return None
    obligation = _catalogue()[tag]
    marks = [
        pytest.mark.obligation(obligation.id),
        pytest.mark.allure_label(obligation.id, label_type=OBLIGATION_LABEL),
        pytest.mark.allure_label(f"{obligation.id} {obligation.title}", label_type="story"),
        pytest.mark.allure_label(
            obligation.group.replace("_", " ").capitalize(), label_type="feature"
        ),
        pytest.mark.allure_label(obligation.severity, label_type="severity"),
        pytest.mark.allure_label(obligation.basis, label_type="basis"),
        *(
            pytest.mark.allure_link(s.url, name=s.title, link_type="link")
            for s in obligation.sources
        ),
    ]
    for mark in marks:
        function = mark(function)
    return True


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Read every sentence of each scenario before any runs: one the suite cannot read stops
    its scenario before its first step (see `evidence`), not after the steps before it."""
    known = definitions()
    for item in items:
        if not isinstance(item, pytest.Function):
            continue
        scenario = scenario_wrapper_template_registry.get(item.obj)
        if scenario is None:
            continue
        callspec = getattr(item, "callspec", None)
        example = callspec.params.get("_pytest_bdd_example", {}) if callspec else {}
        unread = [
            problem
            for step in scenario.render(example).steps
            if (problem := read(step.type, step.name, known).problem)
        ]
        if unread:
            item.stash[UNREAD] = unread


def _attach_json(name: str, content: Any) -> None:
    """Attach as JSON; <, > and & become JSON escapes so no viewer can take target-supplied
    text for markup."""
    text = json.dumps(content, indent=2, ensure_ascii=False, default=str)
    allure.attach(
        text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"),
        name=name,
        attachment_type=allure.attachment_type.JSON,
    )


@pytest.fixture
def run(request: pytest.FixtureRequest) -> RunSession:
    return RunSession.of(request.config)


@pytest.fixture
def target(run: RunSession) -> Target:
    return run.target


@pytest.fixture
def state() -> ScenarioState:
    return ScenarioState()


@pytest.fixture(autouse=True)
def evidence(request: pytest.FixtureRequest, run: RunSession) -> Iterator[ScenarioEvidence]:
    """Collect the scenario's checks and exchanges; a pass that examined nothing is not a pass."""
    unread = request.node.stash.get(UNREAD, [])
    if unread:
        raise Inconclusive(f"The suite cannot read this scenario: {'; '.join(unread)}.")
    gathered = ScenarioEvidence(attach=_attach_json)
    request.node.stash[EVIDENCE] = gathered
    run.current = gathered
    yield gathered
    run.current = None
    if gathered.exchanges:
        _attach_json("HTTP exchanges (credentials masked)", [asdict(e) for e in gathered.exchanges])
    result = run.results.get(request.node.nodeid)
    gap = evidence_gap(gathered.checks)
    if result is not None and result.outcome is ScenarioOutcome.PASSED and gap:
        raise Inconclusive(gap[0].upper() + gap[1:] + ".")
