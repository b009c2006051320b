"""FW-11 and FW-12's claims on known-good and known-bad input."""

from __future__ import annotations

import pytest

from firewall_conformance.audit.log import AuditEntry
from firewall_conformance.claims import recipients as check
from firewall_conformance.claims.recipients import Registered
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.targets.attempt import Attempt
from tests.answered import answered

ACCEPTED = answered("recipient-register", "export_to", records=49)
REFUSED = Attempt(False, "refused (403)")


def _recipient(*exports: Attempt, **kwargs) -> Registered:
    return Registered("the new recipient", "Test", "R-1", exports=list(exports), **kwargs)


def test_an_export_that_flows_with_records_is_the_control():
    made = check.export_received(_recipient(ACCEPTED))
    assert made.control and made.examined == {"exports": 1, "records": 49}


def test_an_empty_export_is_not_a_control():
    empty = answered("recipient-register", "export_to", records=0)
    with pytest.raises(Inconclusive, match="held no records"):
        check.export_received(_recipient(empty))


def test_a_refusal_after_approval_means_the_earlier_refusal_proves_nothing():
    with pytest.raises(Inconclusive, match="cannot be put down to its absence"):
        check.export_received(_recipient(REFUSED), after="it was classified and approved")


def test_no_export_attempted_is_inconclusive():
    with pytest.raises(Inconclusive):
        check.export_refused(_recipient(), "has given no certification")


def test_an_export_to_an_uncleared_recipient_is_a_breach():
    with pytest.raises(Breach, match="bulk export of 49 records to the new recipient, which"):
        check.export_refused(_recipient(ACCEPTED), "has given no certification")
    assert check.export_refused(_recipient(REFUSED), "x").examined == {"exports refused": 1}


def test_the_register_must_show_the_certification_date():
    recipient = _recipient(certified_on="2026-01-02")
    shown = answered("recipient-register", "read", certified_on="2026-01-02")
    assert check.certification_shown(recipient, shown).examined == {"register entries": 1}
    with pytest.raises(Breach, match="does not show the date"):
        check.certification_shown(recipient, answered("recipient-register", "read"))
    with pytest.raises(Breach, match="not 2026-01-02"):
        check.certification_shown(
            recipient, answered("recipient-register", "read", certified_on="2020-01-01")
        )


def _approval(object_: str, detail: str) -> AuditEntry:
    raw = {"object": object_, "detail": detail}
    return AuditEntry({"object": object_}, raw, "approve-recipient", False)


def test_the_approval_must_be_logged_with_its_approver():
    recipient = _recipient(approver="Chief Inspector X")
    logged = check.approval_logged([_approval("R-1", "approved_by=Chief Inspector X")], recipient)
    assert "Chief Inspector X" in logged.claim
    with pytest.raises(Breach, match="not who approved it"):
        check.approval_logged([_approval("R-1", "approved")], recipient)
    with pytest.raises(Breach, match="no entry for the approval"):
        check.approval_logged([_approval("R-10", "approved_by=Chief Inspector X")], recipient)
    with pytest.raises(Inconclusive):
        check.approval_logged([], recipient)


def test_an_export_whose_record_count_the_harness_cannot_read_is_not_a_control():
    uncounted = answered("recipient-register", "export_to", records=None)
    with pytest.raises(Inconclusive, match="could not read how many records"):
        check.export_received(_recipient(uncounted))
    with pytest.raises(Inconclusive, match="could not read how many records"):
        check.export_received(_recipient(answered("recipient-register", "export_to")))
    negative = answered("recipient-register", "export_to", records=-1)
    with pytest.raises(Inconclusive, match="held no records"):
        check.export_received(_recipient(negative))


def test_an_approval_check_without_a_known_approver_is_inconclusive():
    logged = [_approval("R-1", "approved_by=Chief Inspector X")]
    with pytest.raises(Inconclusive, match="no record of who approved"):
        check.approval_logged(logged, _recipient())


def test_the_approver_is_named_as_a_whole_token():
    recipient = _recipient(approver="Chief Inspector X")
    with pytest.raises(Breach, match="not who approved it"):
        check.approval_logged([_approval("R-1", "approved_by=Chief Inspector XY")], recipient)


def test_a_certification_date_the_harness_did_not_record_is_inconclusive():
    shown = answered("recipient-register", "read", certified_on="2020-01-01")
    with pytest.raises(Inconclusive, match="no record of when"):
        check.certification_shown(_recipient(), shown)


def test_an_export_accepted_with_an_unreadable_answer_is_still_a_breach():
    """Before: the export's record count (a list here) stopped the check as INCONCLUSIVE, so a
    target could turn its breach into an unreadable answer by the kind of one value."""
    unread = Attempt(True, "accepted (200)", unread="held a list as its records")
    with pytest.raises(Breach, match="sent a bulk export to the new recipient, which"):
        check.export_refused(_recipient(unread), "has given no certification")
    with pytest.raises(Inconclusive, match="held a list as its records"):
        check.export_received(_recipient(unread))
