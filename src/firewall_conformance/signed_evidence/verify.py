"""`verify`: recompute everything a manifest claims and list every difference.

Checks, in order: that the manifest is one regular file of bounded size holding JSON with no key
given twice, the signature over it (with the inspector's own public key if given, else the
bundled one), that the bundled key is the one the manifest names, and every entry under the
reports folder — changed, missing and added files, and any link, special file or empty folder,
are all failures. Without the inspector's key the signer is unverified, whatever the manifest
says of its own key: anyone can re-sign a changed bundle with a key of their own.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from firewall_conformance.inputs.regular_files import NotReadable, read_regular
from firewall_conformance.signed_evidence import (
    BUNDLE_FILES,
    EVIDENCE_DIR,
    FORMAT,
    MANIFEST,
    PUBLIC_KEY,
    SIGNATURE,
    signing,
    tree,
)
from firewall_conformance.wording.plural import count

MANIFEST_LIMIT = 16 << 20
KEY_LIMIT = 64 << 10
SIGNATURE_LIMIT = 1 << 10
_SHOWN_KEY = 60


class DuplicateKey(ValueError):
    """A JSON object names the same key twice: readers disagree on which value counts."""


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKey(key[:_SHOWN_KEY])
        seen[key] = value
    return seen


@dataclass
class Verification:
    signer_verified: bool = False
    problems: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    checked: int = 0
    fingerprint: str = ""
    key_source: str = ""
    warnings: list[str] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.problems or self.changed or self.missing or self.added)

    def headline(self) -> str:
        """The first line `verify` prints: the outcome, and whether the signer is proven."""
        if not self.ok:
            return "NOT VERIFIED: the evidence differs from what was signed."
        run = f"run {self.manifest.get('run_id')} ({self.manifest.get('verdict')})"
        if self.signer_verified:
            return (
                f"VERIFIED: {count(self.checked, 'files')} match the manifest of {run}, "
                f"signed by key {self.fingerprint}."
            )
        return (
            f"SIGNER UNVERIFIED: {count(self.checked, 'files')} match the manifest of {run}, but without "
            f"--public-key nothing shows who signed it (key {self.fingerprint}, carried in the "
            "bundle itself)."
        )


def _bundle_file(
    reports: Path, found: tree.Survey, name: str, limit: int, result: Verification
) -> bytes | None:
    """One of the evidence folder's own files, read only if it is a regular file."""
    where = f"{EVIDENCE_DIR}/{name}"
    if where in found.others:
        result.problems.append(
            f"{where} is {found.others[where]}, not a regular file, so it was not read"
        )
        return None
    if where not in found.files:
        result.missing.append(where)
        return None
    try:
        return read_regular(reports / EVIDENCE_DIR / name, limit)
    except NotReadable as exc:
        result.problems.append(f"{EVIDENCE_DIR}/{exc}")
        return None


def _parse(body: bytes, result: Verification) -> dict[str, Any]:
    where = f"{EVIDENCE_DIR}/{MANIFEST}"
    try:
        manifest = json.loads(body, object_pairs_hook=_unique)
    except DuplicateKey as exc:
        result.problems.append(
            f"{where} gives the key {str(exc)!r} more than once in one object, so readers could "
            "see different values; it is refused"
        )
        return {}
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        result.problems.append(f"{where} is not valid JSON ({str(exc)[:200]})")
        return {}
    if not isinstance(manifest, dict):
        result.problems.append(f"{where} is not a manifest")
        return {}
    if manifest.get("format") != FORMAT:
        result.problems.append(f"{where} is not in the {FORMAT} format")
    return manifest


def verify(reports: Path, public_key: Path | None = None) -> Verification:
    result = Verification(signer_verified=public_key is not None)
    found = tree.survey(reports)
    body = _bundle_file(reports, found, MANIFEST, MANIFEST_LIMIT, result)
    signature = _bundle_file(reports, found, SIGNATURE, SIGNATURE_LIMIT, result)
    bundled = _bundle_file(reports, found, PUBLIC_KEY, KEY_LIMIT, result)
    if body is None:
        result.problems.append(
            f"there is no readable {EVIDENCE_DIR}/{MANIFEST}, so nothing can be verified"
        )
        return result
    manifest = _parse(body, result)
    result.manifest = manifest
    _check_signature(result, manifest, body, signature, bundled, public_key)
    _check_entries(result, manifest, found)
    return result


def _check_signature(
    result: Verification,
    manifest: dict[str, Any],
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
            data = read_regular(public_key, KEY_LIMIT, follow=True)
            key = signing.load_public(data, str(public_key))
            result.key_source = f"the key in {public_key}"
        elif bundled is not None:
            key = signing.load_public(bundled, f"{EVIDENCE_DIR}/{PUBLIC_KEY}")
            result.key_source = "the public key bundled with the evidence"
        else:
            result.problems.append("no public key to check the signature with")
            return
    except (signing.KeyProblem, NotReadable) as exc:
        result.problems.append(f"the public key cannot be used: {exc}")
        return
    result.fingerprint = signing.fingerprint(key)
    if declared.get("fingerprint") != result.fingerprint:
        result.problems.append(
            f"the manifest was signed by key {str(declared.get('fingerprint', 'unknown'))[:80]}, "
            f"not by {result.fingerprint}"
        )
    if signature is None:
        result.problems.append(
            f"the manifest is not signed ({EVIDENCE_DIR}/{SIGNATURE} is missing or unreadable)"
        )
    elif not signing.signature_valid(key, body, signature):
        result.problems.append(
            f"the signature does not match {EVIDENCE_DIR}/{MANIFEST} under {result.key_source}"
        )
    if public_key is None:
        result.warnings.append(
            "Anyone can change the files and re-sign the bundle with a key of their own, and "
            "the manifest's own word on its key proves nothing. Verify with --public-key and "
            "the signer's public key, obtained separately, to prove who signed it."
        )


def _check_entries(result: Verification, manifest: dict[str, Any], found: tree.Survey) -> None:
    """Every listed file is a regular file with its signed hash; nothing else is there."""
    listed = manifest.get("artefacts", {})
    if not isinstance(listed, dict):
        result.problems.append("the manifest lists no artefacts")
        listed = {}
    own = {f"{EVIDENCE_DIR}/{name}" for name in BUNDLE_FILES}
    for name, entry in sorted(listed.items()):
        if name in found.others:
            result.changed.append(f"{name} ({found.others[name]}, not the file that was signed)")
        elif name not in found.files or name in own:
            result.missing.append(name)
        elif not isinstance(entry, dict) or (
            found.files[name].sha256,
            found.files[name].bytes,
        ) != (entry.get("sha256"), entry.get("bytes")):
            result.changed.append(name)
        elif found.files[name].links > 1:
            result.warnings.append(
                f"{name} has {found.files[name].links} names (hard links): it matches what was "
                "signed, but it can be changed through its other names."
            )
    result.added += sorted(set(found.files) - set(listed) - own)
    result.added += [
        f"{name} ({what})"
        for name, what in sorted(found.others.items())
        if name not in listed and name not in own
    ]
    result.checked = len(listed)
