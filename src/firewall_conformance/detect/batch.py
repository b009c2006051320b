"""Scanning a set of files an inspector already holds, keeping going past a bad one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.one_pass import one_pass
from firewall_conformance.detect.scan import ScanReport, scan_path
from firewall_conformance.detect.status import StatusReport, scan_status_path


@dataclass
class Batch:
    canaries: list[ScanReport] = field(default_factory=list)
    status: list[StatusReport] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    @property
    def findings(self) -> int:
        return sum(len(r.findings) for r in self.canaries) + sum(
            len(r.findings) for r in self.status
        )

    @property
    def records(self) -> int:
        return sum(r.records for r in self.status)

    @property
    def roles_unknown(self) -> list[str]:
        """Streams that hold records but name no one's role: nothing found there proves nothing."""
        return [r.source for r in self.status if r.roles_unknown]

    @property
    def exit_code(self) -> int:
        """1 findings, 0 everything read and nothing found, 2 something could not be read or
        held persons whose roles are unknown."""
        if self.findings:
            return 1
        return 2 if self.unreadable or self.roles_unknown or not self.records else 0


def scan_files(
    paths: Sequence[Path],
    salt: bytes,
    matcher: CanaryMatcher | None = None,
    fmt: str | None = None,
    encoding: str | None = None,
) -> Batch:
    """Look for immigration-status data on victims and witnesses in every file and, given a
    matcher, for planted personas too, both in one reading of each file where they can be
    (`one_pass`). An unreadable file is recorded and the rest go on."""
    batch = Batch()
    for path in paths:
        try:
            both = None if matcher is None else one_pass(matcher, path, salt, fmt, encoding)
            if both is not None:
                batch.status.extend(both[0])
                batch.canaries.extend(both[1])
                continue
            batch.status.extend(scan_status_path(path, salt, fmt, encoding))
            if matcher is not None:
                batch.canaries.extend(scan_path(matcher, path, fmt, encoding))
        except UnreadableExport as exc:
            batch.unreadable.append(str(exc))
    return batch
