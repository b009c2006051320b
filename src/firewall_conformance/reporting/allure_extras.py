"""Run-level files for the Allure results folder: environment and categories."""

from __future__ import annotations

import json
from pathlib import Path

from firewall_conformance.results import RunResult

CATEGORIES = [
    {"name": "Breach of a firewall obligation", "matchedStatuses": ["failed"]},
    {"name": "Inconclusive: the run could not tell", "matchedStatuses": ["broken"]},
    {"name": "Not tested: the target lacks a capability", "matchedStatuses": ["skipped"]},
]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", " ").replace("=", "\\=").replace(":", "\\:")


def write(result: RunResult, results_dir: Path, suite_hash: str) -> None:
    results_dir.mkdir(parents=True, exist_ok=True)
    environment = {
        "RunVerdict": result.verdict.value,
        "Target": result.target.get("name", ""),
        "TargetURL": result.target.get("base_url", ""),
        "TargetProfile": result.target.get("profile", ""),
        "Jurisdiction": result.jurisdiction,
        "ToolVersion": result.tool_version,
        "SuiteHash": suite_hash,
        "RunId": result.run_id,
    }
    (results_dir / "environment.properties").write_text(
        "".join(f"{key}={_escape(value)}\n" for key, value in environment.items()),
        encoding="utf-8",
    )
    (results_dir / "categories.json").write_text(json.dumps(CATEGORIES, indent=2), encoding="utf-8")
