"""Target profiles in the workbench's profiles folder: listed, validated the way `run` loads
them, and read for the environment variables their accounts take credentials from."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from firewall_conformance.inputs.documents import InvalidDocument, load_yaml
from firewall_conformance.targets.profile import load_profile

# A profile saved from an upload is named by the inspector; only a plain file name is kept.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,80}\.ya?ml")


def list_profiles(folder: Path | None) -> list[str]:
    """The profile file names in `folder` (regular files only, no links)."""
    if folder is None or not folder.is_dir():
        return []
    return sorted(
        p.name
        for p in folder.iterdir()
        if _NAME.fullmatch(p.name) and p.is_file() and not p.is_symlink()
    )


def profile_path(folder: Path | None, name: str) -> Path | None:
    """The profile `name` of `folder`, or None when it is not one of those listed."""
    if folder is None or name not in list_profiles(folder):
        return None
    return folder / name


def saved_name(name: str) -> str | None:
    """`name` if it is a plain profile file name to save an upload under, else None."""
    return name if _NAME.fullmatch(name) else None


def problems(path: Path) -> list[str]:
    """Why `run` would refuse the profile, each naming the key (empty when it is valid)."""
    try:
        load_profile(path)
    except InvalidDocument as exc:
        return list(exc.problems)
    except ValueError as exc:
        return [str(exc)]
    return []


def _variables(spec: Any) -> list[str]:
    if isinstance(spec, dict):
        found = []
        for key, value in spec.items():
            if isinstance(key, str) and key.endswith("_env") and isinstance(value, str):
                found.append(value)
            else:
                found.extend(_variables(value))
        return found
    if isinstance(spec, list):
        return [name for item in spec for name in _variables(item)]
    return []


def credential_variables(path: Path) -> list[str]:
    """The environment variables the profile's accounts read credentials from, in order."""
    document = load_yaml(path, "profile")
    accounts = document.get("accounts") if isinstance(document, dict) else None
    return list(dict.fromkeys(_variables(accounts)))
