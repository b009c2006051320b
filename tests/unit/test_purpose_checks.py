"""FW-08's claims on known-good and known-bad input: a refused export must be logged as
refused, against the victims and witnesses it would have held, with its purpose."""

from __future__ import annotations

import pytest

from firewall_conformance.audit.log import AuditEntry
from firewall_conformance.claims.audit import refused_exports_logged
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.targets.base import ExportFile
from firewall_conformance.targets.profile import Recipient

PROSECUTION = Recipient("prosecution", "cps", "prosecution", "DPA 2018 s.35")
REFUSED = [
    ExportFile(None, fmt, PROSECUTION, None, None, refused=True) for fmt in ("csv", "ndjson")
]
PROTECTED = ["P-victim", "P-witness"]


def _entry(refused: bool = True, purpose: str = "immigration-control") -> AuditEntry:
    fields = {"object": "P-victim,P-witness", "purpose": purpose}
    return AuditEntry(fields, fields, "export", refused)


def test_every_refusal_logged_with_its_purpose_holds() -> None:
    check = refused_exports_logged([_entry(), _entry()], REFUSED, PROTECTED)
    assert check.examined == {"log entries": 2, "refused exports": 2}


def test_a_refusal_missing_from_the_log_is_a_breach() -> None:
    with pytest.raises(Breach, match=r"holds 1 refused-export entries .* for 2 refused exports"):
        refused_exports_logged([_entry(), _entry(refused=False)], REFUSED, PROTECTED)


def test_a_refusal_logged_without_its_purpose_is_a_breach() -> None:
    with pytest.raises(Breach, match="1 of the log entries for refused exports do not say"):
        refused_exports_logged([_entry(), _entry(purpose="")], REFUSED, PROTECTED)


def test_nothing_refused_is_inconclusive_never_a_pass() -> None:
    with pytest.raises(Inconclusive):
        refused_exports_logged([_entry()], [], PROTECTED)
