"""Installing the pinned Allure 3 report generator where the tool will find it.

The generator is a Node.js program the wheel cannot carry, so a user of the installed package
gets it with one command, from the lock file shipped in the package (the same one `make`
installs from in a source checkout): `npm ci` into a folder of the user's data directory. After
that, reports are built with no network. Every step either finishes or says what is missing;
a half-done install is never taken for a finished one (the stamp is written last and holds the
lock file's hash, so a newer package's lock installs afresh).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import platformdirs

from firewall_conformance.reporting import node_runtime

STAMP = ".installed"
NPM_TIMEOUT_SECONDS = 900
_LOCK_FILES = ("package.json", "package-lock.json")
_TAIL_LINES = 8


class InstallError(Exception):
    """The generator could not be installed; the message says why and what to do, `said` is
    the installer's own last words, if any."""

    def __init__(self, message: str, said: str = "") -> None:
        super().__init__(message)
        self.said = said


@dataclass(frozen=True)
class Installed:
    folder: Path
    version: str
    fresh: bool  # False when the same lock was installed there already


def lock_folder() -> Path:
    """The package's own copy of the generator's package.json and package-lock.json."""
    return Path(str(resources.files("firewall_conformance.data").joinpath("report_generator")))


def user_folder() -> Path:
    """Where an installed package keeps its generator: the user's data directory
    (XDG_DATA_HOME on Linux), not the package, which may be read-only."""
    return Path(platformdirs.user_data_dir("firewall-conformance", appauthor=False)) / "allure"


def generator_script(folder: Path) -> Path:
    return folder / "node_modules" / "allure" / "cli.js"


def pinned_version() -> str:
    """The generator version the shipped lock file pins."""
    lock = json.loads((lock_folder() / "package-lock.json").read_text(encoding="utf-8"))
    return str(lock["packages"]["node_modules/allure"]["version"])


def _lock_hash() -> str:
    digest = hashlib.sha256()
    for name in _LOCK_FILES:
        digest.update((lock_folder() / name).read_bytes())
    return digest.hexdigest()


def is_installed(folder: Path) -> bool:
    """True when `folder` holds the generator installed from this package's lock file."""
    stamp = folder / "node_modules" / STAMP
    try:
        return stamp.read_text(encoding="utf-8").strip() == _lock_hash() and (
            generator_script(folder).is_file()
        )
    except OSError:
        return False


def install(folder: Path, offline_cache: Path | None = None) -> Installed:
    """`npm ci` of the pinned generator into `folder`, unless it is there already; from
    `offline_cache` alone (an npm cache an offline kit carries) when given."""
    version = pinned_version()
    if is_installed(folder):
        return Installed(folder, version, fresh=False)
    node = node_runtime.find_node(with_npm=True)
    npm = node_runtime.npm_script(node) if node is not None else None
    if node is None or npm is None:
        raise InstallError(
            f"No Node.js {node_runtime.MINIMUM_MAJOR} or newer with npm was found (looked at "
            f"{node_runtime.NODE_VARIABLE}, the `report` extra's Node.js and PATH). Install one, "
            "or `pip install 'firewall-conformance[report]'` for a pinned Node.js from PyPI, "
            "then run this again."
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name in _LOCK_FILES:
            shutil.copyfile(lock_folder() / name, folder / name)
        (folder / "node_modules" / STAMP).unlink(missing_ok=True)
    except OSError as exc:
        raise InstallError(f"Could not prepare {folder}: {exc.strerror or exc}.") from exc
    command = [str(node), str(npm), "ci", "--no-audit", "--no-fund", "--ignore-scripts"]
    if offline_cache is not None:
        command += ["--offline", "--cache", str(offline_cache.resolve())]
    try:
        completed = subprocess.run(
            [*command, "--loglevel=error"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=NPM_TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired as exc:
        raise InstallError(
            f"npm did not finish installing the generator in {NPM_TIMEOUT_SECONDS} s; "
            "nothing was marked installed."
        ) from exc
    if completed.returncode != 0 or not generator_script(folder).is_file():
        raise InstallError(
            f"npm could not install the generator into {folder} (exit {completed.returncode}); "
            "nothing was marked installed.",
            "\n".join(completed.stderr.strip().splitlines()[-_TAIL_LINES:]),
        )
    (folder / "node_modules" / STAMP).write_text(_lock_hash() + "\n", encoding="utf-8")
    return Installed(folder, version, fresh=True)
