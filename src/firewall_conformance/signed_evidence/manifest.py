"""Writing the signed manifest: what ran, against what, with which verdicts, and the SHA-256
of every artefact under the reports folder (except the evidence folder itself)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from firewall_conformance.model.results import RunResult
from firewall_conformance.scenario_suite.pinning import SuiteComparison, sha256_file
from firewall_conformance.signed_evidence import (
    EVIDENCE_DIR,
    FORMAT,
    MANIFEST,
    PUBLIC_KEY,
    SIGNATURE,
    signing,
    tree,
)


@dataclass(frozen=True)
class SuiteIdentity:
    """The suite a run used, as the manifest records it whether or not it was pinned."""

    comparison: SuiteComparison
    pinned: bool

    def to_json(self) -> dict[str, Any]:
        c = self.comparison
        return {
            "suite_hash": c.suite_hash,
            "pinned": self.pinned,
            "released_version": c.released_version,
            "released_suite_hash": c.released_suite_hash,
            "matches_released": c.matches,
            "differences": c.describe(),
        }


def artefacts(reports: Path) -> dict[str, dict[str, Any]]:
    """Every regular file under `reports`, by POSIX path, except the evidence folder; links
    and special files are not evidence and are left out (`verify` then names them)."""
    files = tree.survey(reports, skip=EVIDENCE_DIR).files
    return {name: {"sha256": f.sha256, "bytes": f.bytes} for name, f in files.items()}


def _profile(result: RunResult) -> dict[str, Any]:
    location = result.target.get("profile", "")
    path = Path(location)
    return {
        "path": location,
        "sha256": sha256_file(path) if location and path.is_file() else None,
    }


def build(
    result: RunResult, reports: Path, suite: SuiteIdentity, key: signing.SigningKey
) -> dict[str, Any]:
    public_pem = signing.public_pem(key.public)
    return {
        "format": FORMAT,
        "run_id": result.run_id,
        "started_at": result.started_at,
        "finished_at": result.finished_at,
        "tool": {"name": "firewall-conformance", "version": result.tool_version},
        "suite": suite.to_json(),
        "target": {k: v for k, v in result.target.items() if k != "profile"},
        "profile": _profile(result),
        "jurisdiction": result.jurisdiction,
        "verdict": result.verdict.value,
        "exit_code": result.verdict.exit_code,
        "obligations": {o.obligation.id: o.verdict.value for o in result.obligations},
        "waivers": [w.to_json() for w in result.waivers],
        "signing": {
            "algorithm": "Ed25519",
            "public_key": f"{EVIDENCE_DIR}/{PUBLIC_KEY}",
            "public_key_sha256": hashlib.sha256(public_pem).hexdigest(),
            "fingerprint": signing.fingerprint(key.public),
            "key": "ephemeral" if key.ephemeral else "provided",
        },
        "artefacts": artefacts(reports),
    }


def write(result: RunResult, reports: Path, suite: SuiteIdentity, key: signing.SigningKey) -> Path:
    """Write manifest.json, manifest.sig and public_key.pem; returns the evidence folder."""
    folder = reports / EVIDENCE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for name in (MANIFEST, SIGNATURE, PUBLIC_KEY):
        (folder / name).unlink(missing_ok=True)
    manifest = build(result, reports, suite, key)
    body = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    (folder / PUBLIC_KEY).write_bytes(signing.public_pem(key.public))
    (folder / MANIFEST).write_bytes(body)
    (folder / SIGNATURE).write_bytes(signing.sign(key, body))
    return folder
