"""Run-level files for the Allure results folder, and run-level labels on each result.

allure-pytest-bdd writes one result per scenario while the suite runs; only afterwards are the
verdicts known. This adds what belongs to the run: environment.properties, categories.json
(read by Allure 2; Allure 3 takes the same categories from its config, see allure_html),
executor.json from CI variables, and per result a jurisdiction label (and the jurisdiction as
its epic, so every tree reads jurisdiction, group, "FW-xx title"), the plain-English reason of a
failed check with its traceback moved to an attachment for engineers (allure_failures), and —
for scenarios of a waived obligation — the waiver's reference, so that the report shows them
apart.

The report's status ring counts scenarios; Allure has no setting to count obligations in it,
so the obligation tally is the report's name (allure_html) and an environment entry.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from firewall_conformance.model.results import RunResult, Verdict
from firewall_conformance.obligations.jurisdictions import jurisdiction
from firewall_conformance.reporting import allure_failures

CATEGORIES = [
    {"name": "Breach of a firewall obligation", "matchedStatuses": ["failed"]},
    {"name": "Inconclusive: the run could not tell", "matchedStatuses": ["broken"]},
    {"name": "Not tested: the target lacks a capability", "matchedStatuses": ["skipped"]},
]

WAIVER_LABEL = "waiver"
# The obligation's ID alone, for tools; the story label reads "FW-01 title" for people.
OBLIGATION_LABEL = "obligation"
ALLURE3_CATEGORIES = [
    {
        "id": "waived",
        "name": "Waived by an accountable decision (not compliant)",
        "matchers": {
            "statuses": ["failed", "broken", "skipped"],
            "labels": {WAIVER_LABEL: ".+"},
        },
        "groupBy": [{"label": "story"}],
    },
    *(
        {
            "id": category_id,
            "name": category["name"],
            "matchers": {"statuses": category["matchedStatuses"]},
            "groupBy": [{"label": "story"}],
        }
        for category_id, category in zip(
            ("breach", "inconclusive", "not-tested"), CATEGORIES, strict=True
        )
    ),
]

# allure-pytest-bdd records every argument of a step function as a step parameter: the words
# of the Gherkin step, but also the fixtures the step receives, whose reprs carry run state and
# the target's answers. A parameter stays only when it is a plain word or number that the
# step's own wording shows.
_PLAIN_VALUE = re.compile(r"^'([^'\\]*)'$|^(-?\d+(?:\.\d+)?)$")
# CI systems whose variables name the build; values that are names and links only.
_EXECUTORS: list[tuple[str, Callable[[Mapping[str, str]], dict[str, str]]]] = [
    (
        "GITHUB_ACTIONS",
        lambda e: {
            "name": "GitHub Actions",
            "type": "github",
            "buildName": f"{e.get('GITHUB_WORKFLOW', '')} #{e.get('GITHUB_RUN_NUMBER', '')}",
            "buildUrl": f"{e.get('GITHUB_SERVER_URL', '')}/{e.get('GITHUB_REPOSITORY', '')}"
            f"/actions/runs/{e.get('GITHUB_RUN_ID', '')}",
        },
    ),
    (
        "GITLAB_CI",
        lambda e: {
            "name": "GitLab CI",
            "type": "gitlab",
            "buildName": f"{e.get('CI_PROJECT_PATH', '')} #{e.get('CI_PIPELINE_ID', '')}",
            "buildUrl": e.get("CI_PIPELINE_URL", ""),
        },
    ),
    (
        "JENKINS_URL",
        lambda e: {
            "name": "Jenkins",
            "type": "jenkins",
            "buildName": f"{e.get('JOB_NAME', '')} #{e.get('BUILD_NUMBER', '')}",
            "buildUrl": e.get("BUILD_URL", ""),
        },
    ),
    ("CI", lambda e: {"name": "CI", "type": "ci", "buildName": "", "buildUrl": ""}),
]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", " ").replace("=", "\\=").replace(":", "\\:")


def executor(environ: dict[str, str] | os._Environ[str] | None = None) -> dict[str, str] | None:
    """Allure's executor.json for the CI system the run is in, if any."""
    environ = os.environ if environ is None else environ
    for variable, describe in _EXECUTORS:
        if environ.get(variable):
            return {k: v for k, v in describe(environ).items() if v.strip(" #/")}
    return None


def obligation_tally(result: RunResult) -> str:
    """The run in obligations, not scenarios: '23 in scope: 22 compliant, 1 breach'."""
    tally = Counter(o.verdict for o in result.obligations)
    parts = [f"{tally[v]} {v.value.lower()}" for v in Verdict if tally[v]]
    return f"{len(result.obligations)} obligations in scope: {', '.join(parts) or 'none'}"


def report_name(result: RunResult) -> str:
    """The report's title, which Allure shows above its scenario counts."""
    return f"Firewall conformance: {result.verdict.value} ({obligation_tally(result)})"


def label_results(result: RunResult, results_dir: Path) -> None:
    """Add the run's jurisdiction and any waiver to each scenario result, show failed checks
    by their reason with the traceback apart; keep only the step parameters a step's wording
    shows."""
    place = jurisdiction(result.jurisdiction).name
    waived = {
        o.obligation.id: o.waiver.reference
        for o in result.obligations
        if o.verdict is Verdict.WAIVED and o.waiver
    }
    for path in sorted(results_dir.glob("*-result.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        labels = document.setdefault("labels", [])
        labels.append({"name": "jurisdiction", "value": result.jurisdiction})
        labels.append({"name": "epic", "value": place})
        ids = {label["value"] for label in labels if label.get("name") == OBLIGATION_LABEL}
        for obligation in sorted(ids & waived.keys()):
            labels.append({"name": WAIVER_LABEL, "value": waived[obligation]})
            labels.append({"name": "tag", "value": "WAIVED"})
        _drop_fixture_parameters(document)
        allure_failures.separate(document, results_dir)
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def _shown_in_wording(parameter: dict[str, Any], step: dict[str, Any]) -> bool:
    plain = _PLAIN_VALUE.match(str(parameter.get("value", "")))
    return plain is not None and (plain.group(1) or plain.group(2) or "") in step.get("name", "")


def _drop_fixture_parameters(node: dict[str, Any]) -> None:
    for step in node.get("steps", []):
        step["parameters"] = [p for p in step.get("parameters", []) if _shown_in_wording(p, step)]
        _drop_fixture_parameters(step)


def write(result: RunResult, results_dir: Path, suite_hash: str) -> None:
    results_dir.mkdir(parents=True, exist_ok=True)
    label_results(result, results_dir)
    environment = {
        "RunVerdict": result.verdict.value,
        "Obligations": obligation_tally(result),
        "Target": result.target.get("name", ""),
        "TargetURL": result.target.get("base_url", ""),
        "TargetProfile": result.target.get("profile", ""),
        "Jurisdiction": result.jurisdiction,
        "ToolVersion": result.tool_version,
        "SuiteVersion": result.tool_version,
        "SuiteHash": suite_hash,
        "RunId": result.run_id,
        "Waivers": ", ".join(f"{w.obligation} {w.reference}" for w in result.waivers) or "none",
    }
    (results_dir / "environment.properties").write_text(
        "".join(f"{key}={_escape(value)}\n" for key, value in environment.items()),
        encoding="utf-8",
    )
    (results_dir / "categories.json").write_text(json.dumps(CATEGORIES, indent=2), encoding="utf-8")
    ci = executor()
    if ci:
        (results_dir / "executor.json").write_text(json.dumps(ci, indent=2), encoding="utf-8")
