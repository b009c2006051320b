"""What a status scan of a file finds, as (source, record, field, role), for the readers'
tests (workbooks, pivot caches, OpenDocument)."""

from __future__ import annotations

from pathlib import Path

from firewall_conformance.detect.status import scan_status_path

SALT = b"test-salt"


def status_found(path: Path) -> list[tuple[str, int, str, str]]:
    return [
        (r.source, f.record, f.field, f.role)
        for r in scan_status_path(path, SALT)
        for f in r.findings
    ]
