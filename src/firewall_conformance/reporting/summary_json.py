"""summary.json: the machine-readable verdict."""

from __future__ import annotations

import json

from firewall_conformance.model.results import RunResult


def render(result: RunResult) -> str:
    return json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n"
