"""`verify`: recompute everything a manifest claims and list every difference.

Checks, in order: the signature over manifest.json (with the inspector's own public key if
given, else the bundled one), that the bundled key is the one the manifest names, and the
SHA-256 of every artefact — changed, missing and added files are all failures.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from firewall_conformance.bundle import (
    BUNDLE_FILES,
    EVIDENCE_DIR,
    FORMAT,
    MANIFEST,
    PUBLIC_KEY,
    SIGNATURE,
    signing,
)
from firewall_conformance.bundle.manifest import artefacts


@dataclass
class Verification:
    problems: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    checked: int = 0
    fingerprint: str = ""
    key_source: str = ""
    warnings: list[str] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.problems or self.changed or self.missing or self.added)


def _read(path: Path, result: Verification) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        result.missing.append(f"{EVIDENCE_DIR}/{path.name}")
        return None


def verify(reports: Path, public_key: Path | None = None) -> Verification:
    result = Verification()
    folder = reports / EVIDENCE_DIR
    body = _read(folder / MANIFEST, result)
    signature = _read(folder / SIGNATURE, result)
    bundled = _read(folder / PUBLIC_KEY, result)
    if body is None:
        result.problems.append("there is no evidence/manifest.json, so nothing can be verified")
        return result
    try:
        manifest = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        result.problems.append(f"evidence/manifest.json is not valid JSON ({exc})")
        manifest = {}
    if not isinstance(manifest, dict):
        result.problems.append("evidence/manifest.json is not a manifest")
        manifest = {}
    result.manifest = manifest
    if manifest and manifest.get("format") != FORMAT:
        result.problems.append(f"evidence/manifest.json is not in the {FORMAT} format")
    _check_signature(result, manifest, body, signature, bundled, public_key)
    _check_artefacts(result, manifest, reports)
    return result


def _check_signature(
    result: Verification,
    manifest: dict,
    body: bytes,
    signature: bytes | None,
    bundled: bytes | None,
    public_key: Path | None,
) -> None:
    declared = manifest.get("signing", {}) if isinstance(manifest.get("signing"), dict) else {}
    if bundled is not None and hashlib.sha256(bundled).hexdigest() != declared.get(
        "public_key_sha256"
    ):
        result.changed.append(f"{EVIDENCE_DIR}/{PUBLIC_KEY}")
    try:
        if public_key is not None:
            key = signing.load_public(public_key.read_bytes(), str(public_key))
            result.key_source = f"the key in {public_key}"
        elif bundled is not None:
            key = signing.load_public(bundled, f"{EVIDENCE_DIR}/{PUBLIC_KEY}")
            result.key_source = "the public key bundled with the evidence"
        else:
            result.problems.append("no public key to check the signature with")
            return
    except (signing.KeyProblem, OSError) as exc:
        result.problems.append(str(exc))
        return
    result.fingerprint = signing.fingerprint(key)
    if declared.get("fingerprint") != result.fingerprint:
        result.problems.append(
            f"the manifest was signed by key {declared.get('fingerprint', 'unknown')}, "
            f"not by {result.fingerprint}"
        )
    if signature is None:
        result.problems.append("the manifest is not signed (evidence/manifest.sig is missing)")
    elif not signing.signature_valid(key, body, signature):
        result.problems.append(
            f"the signature does not match evidence/manifest.json under {result.key_source}"
        )
    if public_key is None and declared.get("key") == "ephemeral":
        result.warnings.append(
            "The bundle was signed with a key made for this run only: the check proves the "
            "files are as they were when signed, not who signed them. Sign runs with "
            "--signing-key and verify with --public-key to prove that too."
        )


def _check_artefacts(result: Verification, manifest: dict, reports: Path) -> None:
    listed = manifest.get("artefacts", {})
    if not isinstance(listed, dict):
        result.problems.append("the manifest lists no artefacts")
        return
    present = artefacts(reports)
    for name, entry in sorted(listed.items()):
        if name not in present:
            result.missing.append(name)
        elif not isinstance(entry, dict) or present[name]["sha256"] != entry.get("sha256"):
            result.changed.append(name)
    result.added += sorted(present.keys() - listed.keys())
    folder = reports / EVIDENCE_DIR
    if folder.is_dir():
        result.added += sorted(
            p.relative_to(reports).as_posix()
            for p in folder.rglob("*")
            if p.is_file() and not (p.parent == folder and p.name in BUNDLE_FILES)
        )
    result.checked = len(listed)
