"""summary.json: the machine-readable verdict."""

from __future__ import annotations

import json
from pathlib import Path

from firewall_conformance.results import RunResult


def write(result: RunResult, path: Path) -> None:
    path.write_text(
        json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
