"""The harness's own books reconciled with the audit log (audit/books.py, claims/audit.py)."""

from __future__ import annotations

import pytest

from firewall_conformance.audit.books import Act, pushes_received, reconcile
from firewall_conformance.audit.log import entries_from
from firewall_conformance.audit.logged_operations import logged_operations
from firewall_conformance.claims.audit import acts_logged
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.recipients.ledger import Entry, Received
from firewall_conformance.scenario_suite.files import reference_profile
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.http import HttpTarget
from firewall_conformance.targets.profile import load_profile

FIELDS = {
    "actor": "actor",
    "time": "at",
    "action": "action",
    "outcome": "outcome",
    "object": "object",
    "recipient": "recipient_id",
    "purpose": "purpose",
    "legal_basis": "legal_basis",
}
ACTIONS = {
    "disclose": ["disclosure"],
    "export": ["export"],
    "status-check": ["status-check"],
    "outbound-push": ["outbound"],
}
KINDS = frozenset(ACTIONS)


def _entry(action: str, obj: str, recipient: str | None = "cps", outcome: str = "allowed"):
    return {
        "actor": "officer",
        "at": "2026-11-01T10:00:00Z",
        "action": action,
        "outcome": outcome,
        "object": obj,
        "recipient_id": recipient,
        "purpose": "prosecution",
        "legal_basis": "DPA 2018 s.35",
    }


def _log(*raw):
    return entries_from(raw, FIELDS, ACTIONS, ["refused"])


def _push(push_id: str, person_id: str, recipient_class: str = "prosecution") -> Entry:
    body = f'{{"push_id": "{push_id}", "cases": [{{"persons": [{{"person_id": "{person_id}"}}]}}]}}'
    return Entry(
        Received.answer(recipient_class, f"push {push_id}", "push", body, {}), "the feed scenario"
    )


def _pushes(*entries: Entry) -> list[Act]:
    return pushes_received(entries, {"prosecution": "cps", "immigration-enforcement": "hoie"}.get)


DISCLOSURE = Act(
    "disclose", "disclose to prosecution", False, "cps", ("P-201", "D-1"), scenario="s"
)
REFUSED_CHECK = Act("status-check", "status check", True, names_all=("P-2",), scenario="s")


def test_each_act_with_its_own_complete_entry_is_kept():
    acts = [DISCLOSURE, REFUSED_CHECK, REFUSED_CHECK, *_pushes(_push("O-101", "P-201"))]
    log = _log(
        _entry("disclosure", "D-1,P-201"),
        _entry("status-check", "P-2", "hoie", "refused"),
        _entry("status-check", "P-2", "hoie", "refused"),
        _entry("outbound", "O-101,P-201"),
        _entry("export", "E-9,P-7"),  # someone else's export: not the run's business
    )
    check = acts_logged(log, acts, KINDS)
    assert check.examined == {"log entries": 5, "acts of the run": 4}


def test_pushes_left_out_of_a_log_that_still_verifies_are_a_breach():
    acts = [
        DISCLOSURE,
        *_pushes(_push("O-101", "P-201"), _push("O-102", "P-201", "immigration-enforcement")),
    ]
    log = _log(_entry("disclosure", "D-1,P-201"))
    with pytest.raises(Breach, match=r"2 have no entry: push O-101 \(in «the feed scenario»\)"):
        acts_logged(log, acts, KINDS)


def test_one_entry_cannot_stand_for_two_pushes_carrying_the_same_person():
    acts = _pushes(_push("O-101", "P-201"), _push("O-102", "P-201"))
    found = reconcile(acts, _log(_entry("outbound", "O-109,P-201")))
    assert [a.label for a in found.missing] == ["push O-102"]


def test_a_refusal_asked_again_needs_an_entry_for_each_asking():
    found = reconcile(
        [REFUSED_CHECK, REFUSED_CHECK], _log(_entry("status-check", "P-2", "hoie", "refused"))
    )
    assert found.missing == [REFUSED_CHECK]


def test_an_entry_with_the_wrong_outcome_does_not_record_a_refusal():
    with pytest.raises(Breach, match="1 have no entry"):
        acts_logged(_log(_entry("status-check", "S-1,P-2", "hoie")), [REFUSED_CHECK], KINDS)


def test_a_disclosure_logged_twice_is_a_breach():
    log = _log(_entry("disclosure", "D-1,P-201"), _entry("disclosure", "D-1,P-201"))
    with pytest.raises(Breach, match="1 have more than one entry: disclose to prosecution"):
        acts_logged(log, [DISCLOSURE], KINDS)


def test_an_entry_naming_another_recipient_or_leaving_out_the_basis_is_a_breach():
    blank = {**_entry("disclosure", "D-1,P-201"), "legal_basis": ""}
    with pytest.raises(
        Breach, match=r"does not say everything: disclose to prosecution \(no legal basis\)"
    ):
        acts_logged(_log(blank), [DISCLOSURE], KINDS)
    with pytest.raises(Breach, match="1 have an entry naming another recipient"):
        acts_logged(_log(_entry("disclosure", "D-1,P-201", recipient=None)), [DISCLOSURE], KINDS)


def test_acts_the_log_cannot_be_searched_for_are_inconclusive():
    pushes = _pushes(_push("O-101", "P-201"))
    log = _log(_entry("disclosure", "D-1,P-201"), _entry("outbound", "O-101,P-201"))
    with pytest.raises(Inconclusive, match="no log action for outbound-push"):
        acts_logged(log, [DISCLOSURE, *pushes], KINDS - {"outbound-push"})
    empty = Entry(Received("prosecution", "push 3", "push", (("header X-Seq", "3"),)), "s")
    with pytest.raises(Inconclusive, match="1 push carried nothing to know it by"):
        acts_logged(log, [DISCLOSURE, *_pushes(empty)], KINDS)
    with pytest.raises(Inconclusive, match="nothing of its own to look for"):
        acts_logged(log, [], KINDS)


def test_a_push_that_is_not_json_is_known_by_its_words():
    body = "push_id=O-105\nperson=P-201\n"
    (act,) = _pushes(Entry(Received.answer("prosecution", "push 5", "push", body, {}), "s"))
    assert reconcile([act], _log(_entry("outbound", "O-105"))).missing == []


def test_the_evidence_withholds_what_a_push_carried():
    (act,) = _pushes(_push("O-101", "P-201"))
    assert "P-201" not in str(act.summary()) and act.summary()["known by values it carried"] == 2


# -- acts made through the domain primitive `operate` (audit/logged_operations.py) ---------------


def _booking_target(answers: dict[str, Attempt]) -> tuple[HttpTarget, list[Act]]:
    """The reference profile over a stand-in for the wire: each request is answered by the
    Attempt given for its plain-English action, and every act booked is kept."""
    acts: list[Act] = []
    tokens = {"investigator": "t", "immigration_officer": "u", "auditor": "v"}
    target = HttpTarget(load_profile(reference_profile()), tokens, on_act=acts.append)
    target._request = lambda action, *args, **kwargs: answers[action]  # type: ignore[method-assign]
    return target, acts


MAIL_TO_IE = "send an e-mail to immigration enforcement's contact line through the gateway"
REFER = "refer a person to immigration enforcement"
EXCEPTIONAL = "make an exceptional disclosure on a recorded basis"
PRINTS = "submit a person's elimination fingerprints"


def test_acts_asked_through_domain_operations_are_booked_with_what_their_entry_must_name():
    """Old behaviour: only disclosures, exports and status checks were booked, so an e-mail to
    immigration enforcement or a referral the log left out went unnoticed."""
    target, acts = _booking_target(
        {
            MAIL_TO_IE: Attempt(True, "accepted (201)", {"message_id": "M-7"}),
            REFER: Attempt(False, "refused (403)", {"detail": "refused"}),
            EXCEPTIONAL: Attempt(True, "accepted (201)", {"disclosure_id": "X-3"}),
            "send a bulk export to a registered recipient": Attempt(False, "refused (403)"),
            "classify and approve a recipient": Attempt(True, "accepted (200)", {}),
        }
    )
    target.send_mail("immigration-enforcement", "Case R-1", "About the suspect")
    target.refer_to_immigration_enforcement("C-1", "P-2")
    target.disclose_exceptionally("hoie", "P-3", "B-9")
    target.export_to_recipient("R-44")
    target.approve_recipient("R-44", "Chief Inspector")
    booked = [(a.kind, a.refused, a.recipient, a.names_all) for a in acts]
    assert booked == [
        ("mail", False, "hoie", ("M-7",)),
        ("ie-referral", True, "hoie", ("C-1", "P-2")),
        ("exceptional-disclose", False, "hoie", ("P-3", "X-3")),
        ("export", True, "R-44", ()),
        ("approve-recipient", False, None, ("R-44",)),
    ]
    assert acts[0].label == MAIL_TO_IE


def test_fingerprints_are_booked_as_a_check_only_when_the_system_says_it_checked_them():
    checked = {"immigration_check": {"sent": True, "held_for_review": False}}
    target, acts = _booking_target({PRINTS: Attempt(True, "accepted (201)", checked)})
    target.submit_prints("elimination", "C-1", "P-2")
    assert [(a.kind, a.names_all) for a in acts] == [("biometric-check", ("C-1", "P-2"))]
    not_sent = {"immigration_check": {"sent": False, "held_for_review": False}}
    target, acts = _booking_target({PRINTS: Attempt(True, "accepted (201)", not_sent)})
    target.submit_prints("elimination", "C-1", "P-2")
    assert acts == []


def test_reads_and_the_retention_review_are_not_acts_of_the_harness():
    target, acts = _booking_target(
        {
            "list the actions offered for a person in a case": Attempt(True, "ok", {}),
            "run the retention review": Attempt(True, "accepted (201)", {}),
        }
    )
    target.person_actions("C-1", "P-2")
    target.retention_review()
    assert acts == []


def test_a_mail_the_log_records_only_as_sent_is_a_breach():
    mail = Act("mail", MAIL_TO_IE, False, "hoie", ("M-7",), scenario="s")
    actions = {**ACTIONS, "mail": ["mail.disclosure"]}
    sent_only = entries_from([_entry("mail.sent", "M-7", None)], FIELDS, actions, ["refused"])
    with pytest.raises(Breach, match=f"1 have no entry: {MAIL_TO_IE}"):
        acts_logged(sent_only, [mail], frozenset(actions))
    basis_unsaid = {**_entry("mail.disclosure", "M-7,C-1", "hoie"), "legal_basis": None}
    logged = entries_from([basis_unsaid], FIELDS, actions, ["refused"])
    with pytest.raises(Breach, match=r"does not say everything: .* \(no legal basis\)"):
        acts_logged(logged, [mail], frozenset(actions))


def test_each_declared_operation_is_one_the_reference_declares_under_a_kind_it_logs():
    profile = load_profile(reference_profile())
    kinds = set(profile.capabilities["audit-log"]["actions"])
    for capability, operations in logged_operations().items():
        for operation, logged in operations.items():
            assert logged.kind in kinds, (capability, operation)
            assert operation == "*" or operation in profile.capabilities[capability]


def test_fingerprints_accepted_with_an_answer_that_cannot_be_read_are_booked_as_uncertain():
    # Before: no act was booked (the answer could not say `checked`), so a check the system
    # may have made and left out of the log could never count against FW-04.
    unreadable = {"immigration_check": {"sent": ["yes"], "held_for_review": False}}
    target, acts = _booking_target({PRINTS: Attempt(True, "accepted (201)", unreadable)})
    attempt = target.submit_prints("elimination", "C-1", "P-2")
    assert attempt.unread
    [act] = acts
    assert (act.kind, act.names_all) == ("biometric-check", ("C-1", "P-2"))
    assert act.uncertain == attempt.unread
    silent = {"immigration_check": {"held_for_review": False}}
    target, acts = _booking_target({PRINTS: Attempt(True, "accepted (201)", silent)})
    target.submit_prints("elimination", "C-1", "P-2")
    assert [a.uncertain for a in acts] == ["the answer did not say whether it was checked"]
    actions = {**ACTIONS, "biometric-check": ["biometric-check"]}
    kinds = frozenset(actions)
    with pytest.raises(Inconclusive, match="whether 1 of them was done at all"):
        acts_logged(entries_from([], FIELDS, actions, ["refused"]), [act], kinds)
    logged = entries_from(
        [_entry("biometric-check", "C-1,P-2", "hoie")], FIELDS, actions, ["refused"]
    )
    assert acts_logged(logged, [act], kinds).examined["acts of the run"] == 1
