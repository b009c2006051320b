"""What one workbench serves: its runs and profiles folders, its secrets, its limits."""

from __future__ import annotations

import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path

# Large enough for an evidence zip with its Allure report (~5 MB) and an export bundle; small
# enough that an upload cannot fill the disk or memory of the inspector's machine.
UPLOAD_LIMIT = 256 << 20


@dataclass(frozen=True)
class Workbench:
    """`token` opens the workbench; `secret` signs its form tokens and never leaves the
    process. `command` starts the CLI a run is handed to (this interpreter's, so a run uses the
    same installed package as the pages)."""

    runs: Path
    profiles: Path | None
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    upload_limit: int = UPLOAD_LIMIT
    command: tuple[str, ...] = (sys.executable, "-m", "firewall_conformance")

    def __post_init__(self) -> None:
        object.__setattr__(self, "runs", Path(self.runs).resolve())
        if self.profiles is not None:
            object.__setattr__(self, "profiles", Path(self.profiles).resolve())
