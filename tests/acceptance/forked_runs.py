"""Whole command-line runs forked from a preloaded server instead of started afresh.

The acceptance tests make hundreds of whole runs; a fresh `python -m firewall_conformance`
spends about a CPU second importing before it does anything. Each pytest worker starts one
fork server (multiprocessing's "forkserver", tests/fork_server.py) that imports the run's
modules once (run_preload.py) and builds the detectors' vocabularies from the package's own
files; each run is then a fork of that server, never of a process that ran a run, so no run can
see another's module globals, pytest-bdd registrations, Allure listeners or caches. The child
takes its own argument list, environment, working directory, standard output and error files
and memory limit, and runs the package's `__main__` as `python -m` would. A run whose
environment changes how Python starts (PYTHONPATH and the other PYTHON* variables) or which
matcher engine the preloaded vocabularies were built with, or whose command is not this
package's, is started afresh instead.
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import runpy
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from firewall_conformance.detect.engines import ENGINE_VARIABLE
from tests.fork_server import fork_server

PACKAGE = "firewall_conformance"
# How long a stuck run is given to print its threads' stacks before it is killed.
STACKS_SECONDS = 3
_fresh_path: list[str] | None = None


class StuckRun(subprocess.TimeoutExpired):
    """A run stopped at its time limit; its message carries the end of what it printed, the
    stacks it printed when asked among it, wherever the exception is shown."""

    def __str__(self) -> str:
        return (
            f"{super().__str__()}\nwhere its threads were:\n{str(self.stderr)[-20000:]}"
            f"\n--- its output ---\n{str(self.output)[-4000:]}"
        )


def run_command(
    command: Sequence[str],
    *,
    env: Mapping[str, str],
    timeout: float,
    cwd: Path | None = None,
    max_memory_bytes: int | None = None,
) -> subprocess.CompletedProcess[str]:
    """`subprocess.run(command, capture_output=True, text=True, ...)`, forked where it can be.
    A run that overruns `timeout` is first asked for its threads' stacks (the command line
    prints them on SIGUSR1), so the TimeoutExpired raised carries where it was stuck."""
    command = list(command)
    if not _forkable(command, env):
        with subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(env),
            cwd=cwd,
            preexec_fn=None if max_memory_bytes is None else _memory_limit(max_memory_bytes),
        ) as process:
            try:
                out, err = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGUSR1)
                try:
                    out, err = process.communicate(timeout=STACKS_SECONDS)
                except subprocess.TimeoutExpired:
                    process.kill()
                    out, err = _after_kill(process)
                raise StuckRun(command, timeout, out, err) from None
        return subprocess.CompletedProcess(command, process.returncode, out, err)
    with tempfile.TemporaryDirectory(prefix="forked-run-") as folder:
        out, err = Path(folder) / "stdout", Path(folder) / "stderr"
        child = fork_server().Process(
            target=_run_in_child,
            args=(command[3:], dict(env), str(cwd or os.getcwd()), str(out), str(err)),
            kwargs={"max_memory_bytes": max_memory_bytes, "path": _python_path()},
            name=f"{PACKAGE} {' '.join(command[3:5])}",
        )
        child.start()
        child.join(timeout)
        if child.exitcode is None:
            if child.pid is not None:
                os.kill(child.pid, signal.SIGUSR1)  # the run prints its threads' stacks
                child.join(STACKS_SECONDS)
            child.kill()
            child.join()
            raise StuckRun(command, timeout, _read(out), _read(err))
        return subprocess.CompletedProcess(command, child.exitcode, _read(out), _read(err))


def _after_kill(process: subprocess.Popen[str]) -> tuple[str, str]:
    """What a killed run wrote. A process it started that outlives it (a worker) may hold its
    output open: what was read by then is returned, never waited on for ever."""
    try:
        return process.communicate(timeout=STACKS_SECONDS)
    except subprocess.TimeoutExpired as held:
        late = "\n(its output was still held open by a process it started)"
        return _decoded(held.output), _decoded(held.stderr) + late


def _decoded(output: bytes | str | None) -> str:
    """Output a timed-out read left, which is bytes even from a text-mode process."""
    return output.decode(errors="replace") if isinstance(output, bytes) else output or ""


def _forkable(command: list[str], env: Mapping[str, str]) -> bool:
    """A run of this package by this interpreter whose Python start-up is the server's."""
    starts_alike = all(
        env.get(name) == value for name, value in os.environ.items() if _preset(name)
    ) and all(os.environ.get(name) == env[name] for name in env if _preset(name))
    return command[:3] == [sys.executable, "-m", PACKAGE] and starts_alike


def _python_path() -> list[str]:
    """sys.path of a fresh `python -m` run without its first entry (the working directory)."""
    global _fresh_path
    if _fresh_path is None:
        shown = subprocess.run(
            [sys.executable, "-c", "import json, sys; print(json.dumps(sys.path[1:]))"],
            capture_output=True,
            text=True,
            check=True,
        )
        _fresh_path = json.loads(shown.stdout)
    return _fresh_path


def _preset(name: str) -> bool:
    """A variable the fork server's start-up read: Python's own, and the matcher engine the
    preloaded vocabularies were built with."""
    return name.startswith("PYTHON") or name == ENGINE_VARIABLE


def _memory_limit(max_memory_bytes: int):
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (max_memory_bytes, max_memory_bytes))

    return limit


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _run_in_child(
    args: list[str],
    env: dict[str, str],
    cwd: str,
    out: str,
    err: str,
    *,
    max_memory_bytes: int | None,
    path: list[str],
) -> None:
    """In the forked child: become `python -m firewall_conformance *args` and run."""
    if max_memory_bytes is not None:
        _memory_limit(max_memory_bytes)()
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    tempfile.tempdir = None  # found again from this run's TMPDIR
    sys.path[:] = [os.getcwd(), *path]
    unbuffered = bool(env.get("PYTHONUNBUFFERED"))
    for number, name in ((1, out), (2, err)):
        opened = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(opened, number)
        os.close(opened)
    sys.stdout = open(1, "w", encoding="utf-8", errors="strict", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
    if unbuffered:
        sys.stdout.reconfigure(write_through=True)
        sys.stderr.reconfigure(write_through=True)
    sys.argv = [sys.executable, *args]
    try:
        runpy.run_module(PACKAGE, run_name="__main__", alter_sys=True)
    finally:
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
