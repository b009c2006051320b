"""A real workbench (`firewall-conformance serve`) on a free port, for the tests that drive it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

TOKEN = "workbench-test-token-0123456789"


@dataclass(frozen=True)
class Workbench:
    url: str
    token: str
    runs: Path
    profiles: Path
    log: Path

    def opening(self, path: str = "/") -> str:
        """The address with the access token, as the workbench prints it."""
        return f"{self.url}{path}?token={self.token}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def workbench(folder: Path, env: dict[str, str] | None = None) -> Iterator[Workbench]:
    """Serve a workbench over `folder`/runs and `folder`/profiles until the block ends; its
    output goes to `folder`/serve.log (read it in a failed assertion's message)."""
    runs, profiles = folder / "runs", folder / "profiles"
    profiles.mkdir(parents=True, exist_ok=True)
    token_file = folder / "token"
    token_file.write_text(TOKEN)
    token_file.chmod(0o600)
    port, log = free_port(), folder / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "firewall_conformance",
                "serve",
                "--runs",
                str(runs),
                "--profiles",
                str(profiles),
                "--port",
                str(port),
                "--token-file",
                str(token_file),
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(url, timeout=2)
                break
            except requests.ConnectionError:
                assert process.poll() is None, log.read_text(errors="replace")
                assert time.monotonic() < deadline, "the workbench did not start in 60 s"
                time.sleep(0.3)
        yield Workbench(url, TOKEN, runs, profiles, log)
    finally:
        process.terminate()
        process.wait(timeout=30)
