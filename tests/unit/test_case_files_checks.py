"""The claims about case files, changes of role and redacted free text, on known-good and
known-bad documents."""

from __future__ import annotations

import random
import re

import pytest

from firewall_conformance.audit.log import AuditEntry
from firewall_conformance.claims import case_files as check
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.model.evidence import ScenarioEvidence
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.persons.canary_text import (
    PlantedText,
    second_case_account,
    statement_and_refuge,
)
from firewall_conformance.persons.personas import make_cast
from firewall_conformance.targets.attempt import Attempt

CAST = make_cast(random.Random(7))
MATCHER = CanaryMatcher.for_personas(CAST.values())
VICTIM, WITNESS, SUSPECT = (CAST[r] for r in ("victim", "witness", "suspect"))
MARKER = "the Tindle Road car wash (K3F9A2)"


def _file(document: dict, allowed: bool = True) -> check.CaseFileTry:
    return check.CaseFileTry(
        "local-authority", Attempt(allowed, "accepted (201)", document), "the local authority"
    )


def _partner_file(text: str) -> check.CaseFileTry:
    return _file(
        {
            "cases": [{"reference": "FWC-1", "narrative": "[victim] was assaulted."}],
            "persons": [{"given_name": SUSPECT.given_name, "family_name": SUSPECT.family_name}],
            "material": [{"kind": "intelligence", "text": text}],
        }
    )


def test_markers_are_found_whatever_the_case_and_punctuation() -> None:
    document = {"material": [{"text": "seen at THE TINDLE ROAD CAR-WASH, K3F9A2 ..."}]}
    assert check.holds(document, MARKER)
    assert not check.holds(document, "the Tindle Road car wash (K3F9A3)")
    assert not check.holds(document, "")


def test_status_remarks_are_whole_words_in_any_case() -> None:
    found = check.remarks_in(["She OVERSTAYED her Visa.", "No recourse to public funds"])
    assert found == ["OVERSTAYED", "Visa", "No recourse to public funds"]
    assert check.remarks_in(["Revisal of the Asylumstrasse plan; advisable"]) == []


def test_a_redacted_file_passes_only_when_it_was_looked_at() -> None:
    tried = _partner_file(
        f"[victim] called. [immigration remark removed] {SUSPECT.full_name} at {MARKER}."
    )
    evidence = ScenarioEvidence()
    control = check.carries(evidence, MATCHER, tried, "the suspect", {"the account": MARKER})
    assert control.control and control.saw_something
    result = check.redacted(evidence, MATCHER, tried, ["the victim", "the witness"])
    assert result.saw_something and "no remark on immigration status" in result.claim


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{VICTIM.family_name.upper()}, {VICTIM.given_name} called.", "details of the victim"),
        (f"Call her on {VICTIM.phone}.", "details of the victim (the victim in"),
        (f"{WITNESS.family_name} {WITNESS.given_name} saw it.", "details of the witness"),
        ("She says she has overstayed her visa.", "remark on immigration status ('overstayed'"),
    ],
)
def test_every_leak_through_a_variant_is_a_breach(text: str, expected: str) -> None:
    tried = _partner_file(f"{text} {SUSPECT.full_name} at {MARKER}.")
    with pytest.raises(Breach, match=r"^The case file for the local authority holds") as raised:
        check.redacted(ScenarioEvidence(), MATCHER, tried, ["the victim", "the witness"])
    assert expected in str(raised.value)


def test_a_refused_or_empty_file_is_inconclusive_never_clean() -> None:
    with pytest.raises(Inconclusive, match="refused to prepare"):
        check.redacted(ScenarioEvidence(), MATCHER, _file({}, allowed=False), ["the victim"])
    with pytest.raises(Inconclusive, match="was empty"):
        check.carries_none_of(_file({"cases": []}), {"x": "y"}, "the second case")


def test_a_control_that_does_not_find_the_persona_or_a_marker_is_inconclusive() -> None:
    tried = _partner_file("nothing to see")
    with pytest.raises(
        Inconclusive, match="did not hold the details of the victim and the account"
    ):
        check.carries(ScenarioEvidence(), MATCHER, tried, "the victim", {"the account": MARKER})


def test_anything_from_another_case_is_a_breach() -> None:
    tried = _file({"cases": [{"reference": "FWC-A"}, {"reference": "fwc-b"}]})
    markers = {"the second case's reference": "FWC-B", "its id": "C-0001"}
    with pytest.raises(Breach, match="holds the second case's reference"):
        check.carries_none_of(tried, markers, "the second case")
    assert check.carries_none_of(tried, {"its id": "C-0001"}, "the second case").saw_something


def test_the_entry_as_recorded_needs_the_remark_detector_to_see_the_remark() -> None:
    entry = f"{VICTIM.full_name} says she has overstayed her visa."
    whole = _file({"material": [{"text": entry}]})
    assert check.entry_as_recorded(ScenarioEvidence(), MATCHER, whole, entry, "the victim").control
    plain = f"{VICTIM.full_name} called."
    with pytest.raises(Inconclusive, match="status-remark detector found no remark"):
        check.entry_as_recorded(
            ScenarioEvidence(), MATCHER, _file({"material": [{"text": plain}]}), plain, "the victim"
        )


def _entry(outcome: str, detail: str, obj: str = "R-1,C-1,P-1") -> AuditEntry:
    raw = {"action": "role.changed", "outcome": outcome, "object": obj, "detail": detail}
    return AuditEntry({"object": obj, "outcome": outcome}, raw, None, outcome == "refused")


def test_a_role_change_must_be_logged_with_its_reason_and_approver() -> None:
    accepted = Attempt(True, "accepted (201)")
    good = _entry("allowed", "victim -> suspect; reason: FWC-1 why; approved by: DS Vale (X1)")
    assert check.role_change_logged(
        [good], accepted, "P-1", "FWC-1 why", "DS Vale (X1)", role="victim"
    )
    no_approver = _entry("allowed", "victim -> suspect; reason: FWC-1 why")
    with pytest.raises(Breach, match="does not name who approved it"):
        check.role_change_logged(
            [no_approver], accepted, "P-1", "FWC-1 why", "DS Vale (X1)", role="victim"
        )
    refused_only = _entry("refused", "reason: FWC-1 why; approved by: DS Vale (X1)")
    with pytest.raises(Breach, match="no entry for the change"):
        check.role_change_logged(
            [refused_only], accepted, "P-1", "FWC-1 why", "DS Vale (X1)", role="victim"
        )
    with pytest.raises(Inconclusive, match="refused a change of role"):
        check.role_change_logged(
            [good], Attempt(False, "refused (403)"), "P-1", "r", "a", role="victim"
        )


def test_a_role_change_without_an_approver_must_be_refused() -> None:
    approved = [Attempt(True, "accepted (201)")]
    assert check.role_change_refused(Attempt(False, "refused (403)"), approved).saw_something
    with pytest.raises(Breach, match="without anyone named as approving it"):
        check.role_change_refused(Attempt(True, "accepted (201)"), approved)


def test_a_refusal_counts_only_after_a_change_with_an_approver_went_through() -> None:
    with pytest.raises(Inconclusive, match="refusal of every change"):
        check.role_change_refused(Attempt(False, "refused (403)"), [])


def _holding(*texts: str) -> check.CaseFileTry:
    return check.CaseFileTry(
        "immigration-enforcement",
        Attempt(True, "accepted (201)", {"material": [{"text": text} for text in texts]}),
        "immigration enforcement",
    )


def _fragments(planted: PlantedText) -> list[str]:
    """Each sentence of a statement or line of an address on its own, as a system that sends
    a truncated or summarised text would send part of it (not the flat number by itself,
    which says where no one is)."""
    splitter = r"(?<=\.)\s+" if planted.kind == "statement" else r",\s*"
    parts = re.split(splitter, planted.text)
    return [part for part in parts if part and not re.fullmatch(r"Flat \d+", part)]


@pytest.mark.parametrize("seed", range(5))
def test_any_fragment_of_what_a_victim_gave_is_a_breach(seed: int) -> None:
    """Old behaviour: the whole statement was the marker, so its first sentence alone, or the
    refuge's house without its flat, passed as 'nothing of what they gave'."""
    material = statement_and_refuge("victim", random.Random(seed))
    markers = {planted.what: planted.pieces for planted in material}
    for planted in material:
        for fragment in _fragments(planted):
            tried = _holding(f"Summary: {fragment}")
            assert not check.holds(tried.attempt.body, planted.text)  # the old marker missed it
            with pytest.raises(Breach, match=rf"holds part of {planted.what} \('"):
                check.carries_none_of(tried, markers, "what the former victim gave")
    whole = _holding(*(planted.text for planted in material))
    with pytest.raises(Breach, match="holds the victim's statement and the victim's refuge"):
        check.carries_none_of(whole, markers, "what the former victim gave")
    clean = check.carries_none_of(_holding("Arrested on suspicion."), markers, "what they gave")
    assert "4 unique pieces" in clean.claim


def test_a_summary_of_the_second_case_naming_its_place_is_a_breach() -> None:
    account = second_case_account(SUSPECT.full_name, random.Random(1))
    market = account.pieces[1]
    tried = _holding(f"Also the victim of a phone theft at {market.upper()} market.")
    assert not check.holds(tried.attempt.body, account.text)
    with pytest.raises(Breach, match=rf"part of the second case's account .*'{market}'"):
        check.carries_none_of(tried, {account.what: account.pieces}, "the second case")


def test_the_control_needs_every_piece_to_be_visible() -> None:
    material = statement_and_refuge("victim", random.Random(2))
    markers = {planted.what: planted.pieces for planted in material}
    document = {
        "persons": [{"given_name": VICTIM.given_name, "family_name": VICTIM.family_name}],
        "material": [{"text": planted.text} for planted in material],
    }
    assert check.carries(ScenarioEvidence(), MATCHER, _file(document), "the victim", markers)
    document["material"] = [{"text": _fragments(material[0])[0]}, {"text": material[1].text}]
    with pytest.raises(Inconclusive, match="did not hold the victim's statement"):
        check.carries(ScenarioEvidence(), MATCHER, _file(document), "the victim", markers)


def test_a_short_id_is_not_found_inside_a_longer_one() -> None:
    """Old behaviour: folded substrings, so case C-0001 was 'found' in a file about C-00012."""
    document = {"cases": [{"case_id": "C-00012", "reference": "EXS/2026/0001234"}]}
    assert not check.holds(document, "C-0001")
    assert not check.holds(document, "EXS/2026/000123")
    assert check.holds(document, "c 00012") and check.holds(document, "exs-2026-0001234")
    assert check.carries_none_of(_file(document), {"its id": "C-0001"}, "the second case")


def test_a_role_change_log_must_give_this_reason_and_this_approver_whole() -> None:
    """Old behaviour: substring tests, so 'FWC-1' passed on 'FWC-12' and 'DS Vale' on
    'DS Valentine'."""
    accepted = Attempt(True, "accepted (201)")
    other_reason = _entry("allowed", "victim -> suspect; reason: FWC-12; approved by: DS Vale")
    with pytest.raises(Breach, match="no entry for the change"):
        check.role_change_logged([other_reason], accepted, "P-1", "FWC-1", "DS Vale", role="victim")
    other_approver = _entry("allowed", "reason: FWC-1; approved by: DS Valentine")
    with pytest.raises(Breach, match="does not name who approved it"):
        check.role_change_logged(
            [other_approver], accepted, "P-1", "FWC-1", "DS Vale", role="victim"
        )
    assert check.role_change_logged(
        [_entry("allowed", "reason: fwc-1; approved by: ds vale")],
        accepted,
        "P-1",
        "FWC-1",
        "DS Vale",
        role="victim",
    )
