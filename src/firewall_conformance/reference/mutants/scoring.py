"""Run the whole suite against the reference wrapped in one mutant, and judge the outcome.

Each run is a real command-line run (``firewall-conformance run --target``) against a
reference served on a free port, exactly as against a vendor's system; the benchmark and
the self-test share this module (the self-test forks each run from a server that imported the
tool once, `launch`). The self-test only asks whether a mutant is killed, so its
runs put the mutant's own obligations first and stop at the first failure, as mutation tools
do; the benchmark, which classes every kill, runs the whole suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from firewall_conformance.inputs.documents import parse_yaml
from firewall_conformance.run.runner import reference_environment
from firewall_conformance.scenario_suite.files import reference_profile

from ..server import ReferenceServer
from . import MUTANTS, Mutant

RUN_TIMEOUT = 300
KILLED = "killed"
KILLED_INCONCLUSIVE = "killed (inconclusive)"
CAUGHT_ELSEWHERE = "caught elsewhere"
SURVIVED = "survived"
ERROR = "error"
STOP_OPTION = "--stop-at-first-failure"
NARROW_OPTION = "--obligation"
# How a run's command is carried out: `subprocess.run`'s arguments, its completed process. The
# self-tests fork their runs from a preloaded server (tests/acceptance/forked_runs.py).
Launcher = Callable[..., "subprocess.CompletedProcess[str]"]


def launch_afresh(
    command: Sequence[str], *, env: Mapping[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    """A new process for the run, as a user starts one."""
    return subprocess.run(
        list(command), capture_output=True, text=True, timeout=timeout, env=dict(env)
    )


@dataclass
class MutantRun:
    """What one run against one mutant showed, and the judgement on it."""

    mutant: Mutant
    exit_code: int
    run_verdict: str
    verdicts: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    output: str = ""
    failures: tuple[str, ...] = ()  # the scenarios that came out BREACH or INCONCLUSIVE
    stopped: bool = False  # whether the run stopped at its first failure
    narrowed: bool = False  # whether the run took only some obligations (`--obligation`)

    @property
    def expected(self) -> dict[str, str]:
        return {o: self.verdicts.get(o, "absent") for o in self.mutant.breaches}

    @property
    def unexpected(self) -> dict[str, str]:
        """Obligations the mutant should not touch that did not come out COMPLIANT."""
        return {
            o: v
            for o, v in self.verdicts.items()
            if o not in self.mutant.breaches and v != "COMPLIANT"
        }

    @property
    def status(self) -> str:
        if self.run_verdict == "CONFORMANT":
            return SURVIVED
        if self.run_verdict in ("ERROR", "NO SUMMARY"):
            return ERROR
        if "BREACH" in self.expected.values():
            return KILLED
        if "INCONCLUSIVE" in self.expected.values():
            return KILLED_INCONCLUSIVE
        return CAUGHT_ELSEWHERE

    def why(self) -> str:
        """The mutant's declared expectation against what the run showed."""
        shown = ", ".join(f"{o} {v}" for o, v in self.expected.items())
        return f"expected BREACH of {', '.join(self.mutant.breaches)}; the run showed {shown}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "mutant": self.mutant.name,
            "class": self.mutant.kind,
            "breaches": list(self.mutant.breaches),
            "status": self.status,
            "run_verdict": self.run_verdict,
            "exit_code": self.exit_code,
            "verdicts": self.verdicts,
            "unexpected": self.unexpected,
            "unobservable": self.mutant.unobservable,
            "seconds": round(self.seconds, 1),
        }


def _profile(base_url: str, folder: Path) -> Path:
    document = parse_yaml(reference_profile().read_text(encoding="utf-8"), "reference profile")
    document["target"]["base_url"] = base_url
    path = folder / "profile.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def run_first(mutant: Mutant) -> tuple[str, ...]:
    """The obligations whose scenarios a run that stops at its first failure takes first: those
    the mutant breaches, then those whose scenarios make the target do what it corrupts."""
    return tuple(dict.fromkeys((*mutant.breaches, *mutant.exercised_by)))


def stopping_options(mutant: Mutant) -> list[str]:
    """The options of a run that stops at its first failure: `run_first` first, and only
    those obligations for a mutant seen only at the end (`Mutant.seen_at_the_end`)."""
    first = run_first(mutant)
    options = [STOP_OPTION, *(arg for o in first for arg in ("--run-first", o))]
    if mutant.seen_at_the_end:
        options += [arg for o in first for arg in (NARROW_OPTION, o)]
    return options


def run_mutant(
    mutant: Mutant,
    folder: Path,
    stop_at_first_failure: bool = False,
    launch: Launcher = launch_afresh,
) -> MutantRun:
    """Serve the reference with ``mutant`` and run the suite against it, through ``launch``:
    whole, or, with ``stop_at_first_failure``, the mutant's obligations and those that exercise
    what it corrupts first, and only until one fails (a mutant that survives still gets the
    whole run, unless it is seen only at the end: then the run takes those obligations alone)."""
    started = time.monotonic()
    folder.mkdir(parents=True, exist_ok=True)
    with ReferenceServer(mutants=[mutant.name]) as server:
        command = [
            sys.executable,
            "-m",
            "firewall_conformance",
            "run",
            "--no-html",
            "--no-pdf",
            "--target",
            str(_profile(server.base_url, folder)),
            "--profile",
            mutant.jurisdiction,
            "--reports",
            str(folder / "reports"),
        ]
        if stop_at_first_failure:
            command += stopping_options(mutant)
        env = {**os.environ, "COLUMNS": "200", **reference_environment(server.tokens)}
        done = launch(command, env=env, timeout=RUN_TIMEOUT)
    summary_path = folder / "reports" / "summary.json"
    if summary_path.is_file():
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
        verdicts = {o["id"]: o["verdict"] for o in summary["obligations"]}
        run_verdict = summary["verdict"]
        failures = tuple(
            dict.fromkeys(
                s["name"]
                for o in summary["obligations"]
                for s in o["scenarios"]
                if s["outcome"] in ("breach", "inconclusive")
            )
        )
        stopped = any(STOP_OPTION in note for note in summary["notes"])
        narrowed = any(NARROW_OPTION in note for note in summary["notes"])
    else:
        verdicts, run_verdict, failures, stopped, narrowed = {}, "NO SUMMARY", (), False, False
    return MutantRun(
        mutant,
        done.returncode,
        run_verdict,
        verdicts,
        time.monotonic() - started,
        done.stdout + done.stderr,
        failures,
        stopped,
        narrowed,
    )


def run_all(
    names: Iterable[str] | None = None,
    workers: int = 2,
    folder: Path | None = None,
    on_done: Callable[[MutantRun], None] | None = None,
) -> list[MutantRun]:
    """Run every named mutant (all by default), ``workers`` at a time, in registry order."""
    chosen = [MUTANTS[n] for n in (names or MUTANTS)]
    with tempfile.TemporaryDirectory(prefix="mutants-") as scratch:
        root = folder or Path(scratch)

        def one(mutant: Mutant) -> MutantRun:
            result = run_mutant(mutant, root / mutant.name)
            if on_done is not None:
                on_done(result)
            return result

        with ThreadPoolExecutor(workers) as pool:
            return list(pool.map(one, chosen))
