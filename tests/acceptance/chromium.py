"""Rendering a page in headless Chromium, as a reader's browser would, with no network."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Belt and braces for the offline claim: any host lookup fails.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("Chromium is not installed: `make test` installs it (apt-get install chromium)")
    return found


def render(page: Path, *, screenshot: Path | None = None, budget_ms: int = 15000) -> str:
    """The DOM after scripts ran (`--dump-dom`); optionally also a screenshot of the page."""
    with tempfile.TemporaryDirectory(prefix="fwc-chromium-") as profile:
        base = [chromium(), *FLAGS, f"--user-data-dir={profile}", "--window-size=1400,1000"]
        url = page.resolve().as_uri()
        dom = subprocess.run(
            [*base, f"--virtual-time-budget={budget_ms}", "--dump-dom", url],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
        if screenshot is not None:
            subprocess.run(
                [*base, f"--virtual-time-budget={budget_ms}", f"--screenshot={screenshot}", url],
                capture_output=True,
                timeout=120,
                check=True,
            )
    return dom
