"""A run that seems stuck can be asked where it is: SIGUSR1 prints every thread's stack on
stderr and the run goes on to its verdict. The tests' own runs use it when one overruns
(conftest.stuck), so a stall seen once in CI names the line it waited on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.acceptance.conftest import QUICK, RUN_TIMEOUT
from tests.acceptance.forked_runs import STACKS_SECONDS, StuckRun, run_command


def test_a_run_asked_for_its_stacks_prints_them_and_still_ends(tmp_path: Path):
    command = [
        sys.executable, "-m", "firewall_conformance", "run", "--obligation", "FW-02", *QUICK,
        "--reports", str(tmp_path),
    ]  # fmt: skip
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stderr is not None  # where a run shows its progress
        progress = [process.stderr.readline()]
        while progress[-1] and not progress[-1].startswith("Running "):
            progress.append(process.stderr.readline())
        assert progress[-1], "the run ended before saying how many scenarios it runs"
        process.send_signal(signal.SIGUSR1)
        stdout, stderr = process.communicate(timeout=RUN_TIMEOUT)
    assert process.returncode == 0, stdout + stderr
    assert "Current thread" in stderr or "Thread 0x" in stderr, stderr
    assert 'File "' in stderr and "firewall_conformance" in stderr, stderr
    assert "CONFORMANT" in stdout


def test_a_run_whose_worker_holds_its_output_open_is_still_given_up_with_its_output():
    """Killing a run does not close its output while a process it started lives on; before,
    the helper then waited for that process, and a stall in CI ended with no output at all."""
    script = (
        "import signal, subprocess, sys, time; signal.signal(signal.SIGUSR1, signal.SIG_IGN); "
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(20)']); "
        "print('planted', flush=True); time.sleep(60)"
    )
    started = time.monotonic()
    with pytest.raises(StuckRun) as stuck:
        run_command([sys.executable, "-c", script], env=os.environ, timeout=2)
    assert time.monotonic() - started < 2 + 4 * STACKS_SECONDS
    assert "planted" in stuck.value.output
    assert "held open" in stuck.value.stderr
