"""FW-13 and FW-15's claims on known-good and known-bad input."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from firewall_conformance.audit.log import AuditEntry
from firewall_conformance.claims import exceptional_disclosures as check
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.model.evidence import ScenarioEvidence, Tried
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.persons.personas import make_persona
from firewall_conformance.targets.attempt import Attempt
from tests.answered import answered

VICTIM = make_persona("victim", random.Random(1))
WITNESS = make_persona("witness", random.Random(2))
DISCLOSED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _tried(persona, attempt: Attempt, detail: str = "the victim's recorded consent") -> Tried:
    return Tried("exceptional-disclose", persona, f"P-{persona.role}", attempt, detail=detail)


def test_the_control_needs_the_persons_details_in_what_was_disclosed():
    matcher = CanaryMatcher.for_personas([VICTIM, WITNESS])
    body = {"person": {"family_name": VICTIM.family_name, "given_name": VICTIM.given_name}}
    made = check.disclosed_on_basis(
        ScenarioEvidence(), matcher, _tried(VICTIM, Attempt(True, "ok", body))
    )
    assert made.control == "recorded basis"
    with pytest.raises(Inconclusive, match="did not find their details"):
        check.disclosed_on_basis(
            ScenarioEvidence(), matcher, _tried(VICTIM, Attempt(True, "ok", {}))
        )
    with pytest.raises(Inconclusive, match="refused an exceptional disclosure"):
        check.disclosed_on_basis(ScenarioEvidence(), matcher, _tried(VICTIM, Attempt(False, "no")))


def _entry(detail: str, refused: bool = False) -> AuditEntry:
    raw = {"object": "X-1,P-victim", "detail": detail}
    return AuditEntry({"object": raw["object"]}, raw, "exceptional-disclose", refused)


def test_the_log_entry_must_name_the_basis_record_and_the_approver():
    tried = _tried(VICTIM, Attempt(True, "ok"))
    good = _entry("basis=B-7; approved_by=Sgt Y")
    assert check.basis_logged([good], tried, "B-7", "Sgt Y").examined == {"log entries": 1}
    with pytest.raises(Breach, match="does not name who signed it off"):
        check.basis_logged([_entry("basis=B-7")], tried, "B-7", "Sgt Y")
    with pytest.raises(Breach, match="does not name the basis record and who signed it off"):
        check.basis_logged([_entry("allowed")], tried, "B-7", "Sgt Y")
    with pytest.raises(Breach, match="no entry"):
        check.basis_logged(
            [_entry("basis=B-7; approved_by=Sgt Y", refused=True)], tried, "B-7", "Sgt Y"
        )


def test_any_exceptional_disclosure_without_a_basis_that_goes_through_is_a_breach():
    refused = _tried(WITNESS, Attempt(False, "refused (403)"), "a record that does not exist")
    allowed = _tried(WITNESS, Attempt(True, "ok"), "the victim's consent")
    assert check.all_refused([refused]).examined == {"disclosure attempts": 1}
    with pytest.raises(Breach, match="of the witness on the victim's consent"):
        check.all_refused([refused, allowed])
    with pytest.raises(Inconclusive):
        check.all_refused([])


def _access(recipients, restricted=False) -> Attempt:
    return answered("subject-access", "request", recipients=recipients, restricted=restricted)


def test_subject_access_names_a_recipient_by_id_as_a_string_or_inside_an_item():
    assert check.response_lists(_access(["hoie"]), "hoie", "immigration enforcement", control=False)
    listed = _access([{"recipient_id": "cps", "name": "Crown Prosecution Service"}])
    assert check.response_lists(listed, "cps", "the prosecution service", control=True).control


def test_a_missing_control_is_inconclusive_and_a_missing_ie_entry_a_breach():
    only_cps = _access([{"recipient_id": "cps"}])
    with pytest.raises(Inconclusive, match="control failed"):
        check.response_lists(_access([]), "cps", "the prosecution service", control=True)
    with pytest.raises(Breach, match="did not say that a restriction applied"):
        check.response_lists(only_cps, "hoie", "immigration enforcement", control=False)
    with pytest.raises(Breach, match="although none was recorded"):
        check.response_lists(
            _access([{"recipient_id": "cps"}], restricted=True),
            "hoie",
            "immigration enforcement",
            control=False,
        )
    with pytest.raises(Inconclusive, match="held no recipients"):
        check.response_lists(_access(None), "hoie", "x", control=False)


def test_a_recipient_is_named_by_a_whole_token_anywhere_in_the_item():
    nested = _access([{"recipient": {"ids": ["cps", "hoie"]}}])
    assert check.response_lists(nested, "hoie", "immigration enforcement", control=False)
    with pytest.raises(Breach, match="left out"):
        check.response_lists(_access(["hoie-2"]), "hoie", "immigration enforcement", control=False)


def test_the_basis_record_is_named_as_a_whole_token_not_inside_another_id():
    tried = _tried(VICTIM, Attempt(True, "ok"))
    with pytest.raises(Breach, match="does not name the basis record"):
        check.basis_logged([_entry("basis=B-77; approved_by=Sgt Y")], tried, "B-7", "Sgt Y")
    with pytest.raises(Breach, match="does not name who signed it off"):
        check.basis_logged([_entry("basis=B-7; approved_by=Sgt Young")], tried, "B-7", "Sgt Y")


def test_witness_disclosure_attempts_are_named_in_the_claim():
    refused = [
        _tried(WITNESS, Attempt(False, "refused (403)"), "a record that does not exist"),
        _tried(WITNESS, Attempt(False, "refused (403)"), "a safeguarding need nobody signed off"),
    ]
    claim = check.all_refused(refused).claim
    assert "a record that does not exist and a safeguarding need nobody signed off" in claim


def _notices(*items, declared=("recipient", "sent_at", "due_by")) -> Attempt:
    fields = {"recipient": "recipient_id", "sent_at": "sent_at", "due_by": "due_by"}
    returned = {name: [i.get(fields[name]) for i in items] for name in declared}
    return answered("subject-access", "notices", items=list(items), **returned)


def _at(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _notice(sent: timedelta | None = None, due: timedelta | None = None, to: str = "hoie"):
    return {
        "recipient_id": to,
        "sent_at": None if sent is None else _at(DISCLOSED + sent),
        "due_by": None if due is None else _at(DISCLOSED + due),
    }


SOON = DISCLOSED + timedelta(minutes=1)  # when the run looks


def test_only_a_notice_seen_sent_within_three_days_passes():
    on_time = _notice(sent=timedelta(days=2))
    made = check.notice_sent(_notices(on_time), "hoie", DISCLOSED, now=SOON)
    assert "was sent to the person" in made.claim


def test_a_notice_due_in_time_but_not_yet_sent_is_inconclusive_not_a_pass():
    queued = _notice(due=timedelta(days=3))
    with pytest.raises(Inconclusive, match="not yet sent"):
        check.notice_sent(_notices(queued), "hoie", DISCLOSED, now=SOON)


def test_a_notice_due_or_sent_after_three_days_is_a_breach():
    weekly = _notice(due=timedelta(days=7))
    with pytest.raises(Breach, match="due only by"):
        check.notice_sent(_notices(weekly), "hoie", DISCLOSED, now=SOON)
    late = _notice(sent=timedelta(days=4))
    with pytest.raises(Breach, match="not sent within 3 days"):
        check.notice_sent(_notices(late), "hoie", DISCLOSED, now=SOON)
    overdue = _notice(due=timedelta(days=3))
    with pytest.raises(Breach, match="still not sent"):
        check.notice_sent(_notices(overdue), "hoie", DISCLOSED, now=DISCLOSED + timedelta(days=4))


def test_no_notice_naming_the_agency_is_a_breach():
    elsewhere = _notice(sent=timedelta(0), to="cps")
    with pytest.raises(Breach, match="no notice to the person naming immigration enforcement"):
        check.notice_sent(_notices(elsewhere), "hoie", DISCLOSED, now=SOON)
    with pytest.raises(Breach, match="no notice"):
        check.notice_sent(_notices(_notice(sent=timedelta(0), to="hoie-2")), "hoie", DISCLOSED)


def test_a_notice_the_harness_cannot_read_is_inconclusive():
    unreadable = {"recipient_id": "hoie", "sent_at": "soon", "due_by": None}
    with pytest.raises(Inconclusive, match="'soon'"):
        check.notice_sent(_notices(unreadable), "hoie", DISCLOSED, now=SOON)
    undated = _notice()
    with pytest.raises(Inconclusive, match="gives no date it is due"):
        check.notice_sent(_notices(undated), "hoie", DISCLOSED, now=SOON)
    earlier = _notice(sent=-timedelta(days=1))
    with pytest.raises(Inconclusive, match="before the disclosure"):
        check.notice_sent(_notices(earlier), "hoie", DISCLOSED, now=SOON)


def test_a_profile_that_does_not_say_where_a_notice_was_sent_is_inconclusive():
    on_time = _notice(sent=timedelta(days=1))
    with pytest.raises(Inconclusive, match="when it was sent"):
        check.notice_sent(_notices(on_time, declared=("recipient",)), "hoie", DISCLOSED)
    with pytest.raises(Inconclusive, match="which agency it names"):
        check.notice_sent(_notices(on_time, declared=("sent_at",)), "hoie", DISCLOSED)
    with pytest.raises(Inconclusive, match="held no items"):
        answered("subject-access", "notices")
    with pytest.raises(Inconclusive, match="refused"):
        check.notice_sent(Attempt(False, "refused (403)"), "hoie", DISCLOSED)
