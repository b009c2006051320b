"""Runs started from the browser: each a `firewall-conformance run` process of its own, one at
a time per target, writing its reports into a new folder of the runs folder.

A run is the CLI's, so a run from the browser and one from a terminal cannot differ. Its
console output goes to a log beside the run folder (in the hidden `.workbench` folder, never
served), not into it: the evidence bundle covers every file in the run folder, and a file added
after signing would fail `verify`. Credentials typed for a run are put into that process's
environment only: not on its command line (which `ps` shows), not on disk.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from firewall_conformance.model.results import RunVerdict
from firewall_conformance.run.progress_line import expected_in
from firewall_conformance.targets.credentials import own_variable
from firewall_conformance.workbench.settings import Workbench

LOG_FOLDER = ".workbench"
# An environment variable a profile may name for a credential (and none of the harness's own,
# targets/credentials.py).
_VARIABLE = re.compile(r"[A-Z][A-Z0-9_]{0,63}")
_LOG_TAIL_BYTES = 4096
_ALLURE_STATUS = {
    "passed": "passed",
    "failed": "failed: a breach was seen",
    "broken": "broken: could not be decided",
    "skipped": "not run",
}


class LaunchRefused(Exception):
    """A run that cannot be started; the message says why."""


@dataclass(frozen=True)
class Scenario:
    name: str
    status: str


@dataclass
class Launch:
    id: str
    key: str
    label: str
    folder: Path
    log: Path
    process: subprocess.Popen[bytes]
    started: float = field(default_factory=time.monotonic)

    @property
    def running(self) -> bool:
        return self.process.poll() is None


@dataclass(frozen=True)
class Progress:
    """What a run has done so far: its finished scenarios and, once it ended, its exit."""

    running: bool
    label: str
    seconds: float
    scenarios: tuple[Scenario, ...]
    exit_verdict: str | None
    log_tail: str
    expected: int | None = None  # how many scenarios the run said it would run, once it has


def credential_problem(name: str) -> str | None:
    """Why `name` cannot carry a credential into a run, or None."""
    if not _VARIABLE.fullmatch(name):
        return f"{name[:64]!r} is not an environment variable name (capitals, digits, _)"
    if own_variable(name):
        return f"{name} is the harness's own (how the run starts, connects or signs), so it cannot carry a credential"
    return None


def finished_scenarios(folder: Path) -> tuple[Scenario, ...]:
    """The scenarios whose Allure result has been written, in the order they ended. A result
    still being written is left for the next look."""
    found: list[tuple[int, Scenario]] = []
    for path in (folder / "allure-results").glob("*-result.json"):
        try:
            result = json.loads(path.read_text(encoding="utf-8"))
            name, status = str(result["name"]), str(result["status"])
            ended = int(result.get("stop", 0))
        except (OSError, ValueError, KeyError, TypeError):
            continue
        found.append((ended, Scenario(name, _ALLURE_STATUS.get(status, status))))
    return tuple(s for _, s in sorted(found, key=lambda pair: pair[0]))


class Launcher:
    """The runs this workbench started, by id."""

    def __init__(self, settings: Workbench) -> None:
        self._settings = settings
        self._launches: dict[str, Launch] = {}
        self._lock = threading.Lock()

    def start(self, key: str, label: str, arguments: list[str], credentials: dict[str, str]) -> str:
        """Start `firewall-conformance run ARGUMENTS --reports <new run folder>`; refused while
        a run against the same target (`key`) is going."""
        for name in credentials:
            problem = credential_problem(name)
            if problem:
                raise LaunchRefused(problem)
        with self._lock:
            busy = next((x for x in self._launches.values() if x.key == key and x.running), None)
            if busy is not None:
                raise LaunchRefused(
                    f"A run against {label} is still going ({busy.id}); one run at a time per "
                    "target, as two would plant and remove test persons in each other's way."
                )
            run_id = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + secrets.token_hex(3)
            runs = self._settings.runs
            logs = runs / LOG_FOLDER
            logs.mkdir(parents=True, exist_ok=True, mode=0o700)
            folder, log = runs / run_id, logs / f"{run_id}.log"
            with log.open("wb") as output:
                process = subprocess.Popen(
                    [*self._settings.command, "run", *arguments, "--reports", str(folder)],
                    stdin=subprocess.DEVNULL,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    env={**os.environ, **credentials, "COLUMNS": "120"},
                    start_new_session=True,
                )
            self._launches[run_id] = Launch(run_id, key, label, folder, log, process)
        return run_id

    def progress(self, run_id: str) -> Progress | None:
        """How the run `run_id` started here is going; None for a run not started here."""
        launch = self._launches.get(run_id)
        if launch is None:
            return None
        code = launch.process.poll()
        exit_verdict = None
        if code is not None:
            exit_verdict = next(
                (v.value for v in RunVerdict if v.exit_code == code),
                f"ERROR (the run ended with exit code {code})",
            )
        return Progress(
            running=code is None,
            label=launch.label,
            seconds=time.monotonic() - launch.started,
            scenarios=finished_scenarios(launch.folder),
            exit_verdict=exit_verdict,
            log_tail=_tail(launch.log) if code else "",
            expected=_expected(launch.log),
        )


def _expected(log: Path) -> int | None:
    """The count the run's first lines give (they come within its first few kilobytes)."""
    try:
        with log.open("rb") as read:
            return expected_in(read.read(_LOG_TAIL_BYTES).decode("utf-8", "replace"))
    except OSError:
        return None


def _tail(log: Path) -> str:
    with log.open("rb") as read:
        read.seek(max(0, log.stat().st_size - _LOG_TAIL_BYTES))
        return read.read().decode("utf-8", "replace")
