"""The claims about look-ups of person records and their log, on known-good and known-bad logs."""

from __future__ import annotations

import random

import pytest

from firewall_conformance.audit.log import entries_from
from firewall_conformance.claims import record_access as check
from firewall_conformance.model.evidence import Tried
from firewall_conformance.model.outcomes import Breach, CapabilityMissing, Inconclusive
from firewall_conformance.persons.personas import make_cast
from firewall_conformance.targets.attempt import Attempt

VICTIM = make_cast(random.Random(3))["victim"]
REASON = "FWC-1: checking an alibi"
FIELDS = {
    "time": "at",
    "actor": "actor",
    "action": "action",
    "outcome": "outcome",
    "object": "object",
    "justification": "purpose",
}
ACTIONS = {"search": ["person.search"], "open-record": ["person.read"]}


def _log(*raw: dict, fields: dict = FIELDS) -> list:
    base = {"at": "2026-01-01T00:00:00Z", "actor": "officer", "purpose": None, "detail": None}
    return entries_from([{**base, **r} for r in raw], fields, ACTIONS, ["refused", "denied"])


def _tried(action: str, allowed: bool, reason: str | None = REASON) -> Tried:
    attempt = Attempt(allowed, "accepted (200)" if allowed else "refused (403)")
    if action == "search" and allowed:
        attempt.ids = ["P-1"]
    return Tried(action, VICTIM, "P-1", attempt, detail=reason or "no reason given")


WITH_REASON = [_tried("search", True), _tried("open-record", True)]
LOGGED = (
    {"action": "person.search", "outcome": "allowed", "object": "P-1", "purpose": REASON},
    {"action": "person.read", "outcome": "allowed", "object": "P-1", "purpose": REASON},
)


def test_look_ups_with_a_reason_logged_with_who_when_and_why_pass() -> None:
    result = check.logged_with_reason(_log(*LOGGED), WITH_REASON)
    assert result.control and result.examined["look-ups"] == 2


def test_a_log_entry_without_the_reason_given_is_a_breach() -> None:
    entries = _log(LOGGED[0], {**LOGGED[1], "purpose": "something else"})
    with pytest.raises(
        Breach, match="opening of the record of the victim does not give the reason"
    ):
        check.logged_with_reason(entries, WITH_REASON)
    entries = _log(LOGGED[0], {**LOGGED[1], "actor": ""})
    with pytest.raises(Breach, match="does not say who made it"):
        check.logged_with_reason(entries, WITH_REASON)


def test_a_log_that_keeps_no_justification_is_not_tested_never_passed() -> None:
    fields = {k: v for k, v in FIELDS.items() if k != "justification"}
    with pytest.raises(CapabilityMissing, match="justification"):
        check.logged_with_reason(_log(*LOGGED, fields=fields), WITH_REASON)


def test_a_look_up_with_a_reason_that_fails_is_inconclusive() -> None:
    failed = [_tried("search", False), _tried("open-record", True)]
    with pytest.raises(Inconclusive, match="control failed"):
        check.logged_with_reason(_log(*LOGGED), failed)


def test_a_look_up_without_a_reason_that_goes_through_is_a_breach() -> None:
    attempts = [_tried("search", False, None), _tried("open-record", True, None)]
    with pytest.raises(Breach, match="allowed the investigator's opening of the record"):
        check.refused_without_reason(attempts)
    assert check.refused_without_reason(attempts[:1]).saw_something
    with pytest.raises(Inconclusive):
        check.refused_without_reason([])


def test_a_refused_search_is_found_in_the_log_by_the_name_searched_for() -> None:
    refused = [_tried("search", False, None), _tried("open-record", False, None)]
    entries = _log(
        {"action": "person.search", "outcome": "refused", "detail": f"name={VICTIM.full_name!r}"},
        {"action": "person.read", "outcome": "refused", "object": "P-1"},
    )
    assert check.refusals_logged(entries, refused).examined["refused look-ups"] == 2
    with pytest.raises(
        Breach,
        match="no entry for the investigator's search by name of the victim, which was refused",
    ):
        check.refusals_logged(entries[1:], refused)


def test_the_log_must_be_closed_to_the_investigator() -> None:
    assert check.log_closed(Attempt(False, "refused (403)"), "investigator", 5).saw_something
    with pytest.raises(Breach, match="investigator account could read the audit log"):
        check.log_closed(Attempt(True, "accepted (200)"), "investigator", 5)
    with pytest.raises(Inconclusive):
        check.log_closed(Attempt(False, "refused (403)"), "investigator", 0)


def test_a_profile_that_cannot_send_a_reason_makes_a_look_up_without_one_not_tested(
    tmp_path,
) -> None:
    from firewall_conformance.scenario_suite.files import reference_profile
    from firewall_conformance.targets.http import HttpTarget
    from firewall_conformance.targets.profile import load_profile

    text = reference_profile().read_text(encoding="utf-8")
    text = text.replace(', reason: "{reason}"', "").replace('query: {reason: "{reason}"}', "")
    (tmp_path / "profile.yaml").write_text(text, encoding="utf-8")
    target = HttpTarget(
        load_profile(tmp_path / "profile.yaml"),
        {"investigator": "t", "immigration_officer": "u", "auditor": "v"},
    )
    with pytest.raises(CapabilityMissing, match=r"no \{reason\} placeholder"):
        target.search_persons("investigator", "Anyone", None)
    with pytest.raises(CapabilityMissing, match=r"no \{reason\} placeholder"):
        target.open_record("investigator", "P-1", None)


def test_a_refused_search_for_someone_else_is_not_taken_for_this_one() -> None:
    """Old behaviour: a substring test, so the refused search for 'Ann Smithson' was taken as
    the log of the refused search for 'Ann Smith'; the name must be there whole."""
    refused = [_tried("search", False, None)]
    longer = f"{VICTIM.full_name}son"
    other = _log(
        {"action": "person.search", "outcome": "refused", "detail": f"name={longer!r}"},
    )
    with pytest.raises(
        Breach, match="no entry for the investigator's search by name of the victim, which was"
    ):
        check.refusals_logged(other, refused)
    shouted = _log(
        {
            "action": "person.search",
            "outcome": "refused",
            "detail": f"name={VICTIM.full_name.upper()!r}",
        },
    )
    assert check.refusals_logged(shouted, refused).examined["refused look-ups"] == 1
