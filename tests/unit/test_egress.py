"""The egress ledger and the whole-run claims over it (recipients/ledger.py, claims/egress.py), and when
findings attribute a record to a persona (detect/attribution.py)."""

from __future__ import annotations

import base64
import hashlib
import json
from bisect import bisect_right
from dataclasses import replace
from itertools import accumulate

import pytest

from firewall_conformance.claims import egress as check
from firewall_conformance.detect.attribution import attributed
from firewall_conformance.detect.engines import AHO_CORASICK, ENGINE_VARIABLE, HYPERSCAN, available
from firewall_conformance.detect.normalise import fold_value
from firewall_conformance.detect.record import scan_fields
from firewall_conformance.model.evidence import ScenarioEvidence
from firewall_conformance.model.outcomes import Breach, CapabilityMissing, Inconclusive
from firewall_conformance.persons.personas import Persona
from firewall_conformance.recipients.ledger import (
    INTERNAL,
    PUBLIC,
    RESTRICTED_CLASS,
    SHARED,
    EgressLedger,
    Received,
    answer_recipient,
    push_received,
    values_naming,
)
from firewall_conformance.recipients.sink import Capture


@pytest.fixture
def ledger() -> EgressLedger:
    ledger = EgressLedger()
    ledger.plant("a scenario", ledger.fresh_cast().values(), "FWC-0A1B2C3D")
    return ledger


def _cast(ledger: EgressLedger) -> dict[str, Persona]:
    return {p.persona.role: p.persona for p in ledger.labelled()}


def _answer(recipient: str, body: object, headers: dict[str, str] | None = None) -> Received:
    return Received.answer(recipient, "an answer", "answer", json.dumps(body), headers or {})


def _with_lawful_copy(ledger: EgressLedger) -> None:
    cast = _cast(ledger)
    ledger.receive(
        _answer(INTERNAL, {"items": [{"name": p.full_name} for p in cast.values()]}), "search"
    )


def test_no_value_of_a_fresh_persona_is_or_holds_another_persona_s_value():
    ledger = EgressLedger()
    people = [p for _ in range(150) for p in ledger.fresh_cast().values()]
    folded = [
        {fold_value(v) for k, v in p.attributes().items() if k not in (*SHARED, "date_of_birth")}
        for p in people
    ]
    # Every value once, apart: each occurrence of a value lies in a value of its own person.
    # (Before: every pair of values compared, 3.5 CPU-s; one search each finds the same.)
    values = [(value, i) for i, mine in enumerate(folded) for value in mine]
    text = "\0".join(value for value, _ in values)
    starts = list(accumulate((len(value) + 1 for value, _ in values[:-1]), initial=0))
    for value, i in values:
        at = text.find(value)
        while at >= 0:
            assert values[bisect_right(starts, at) - 1][1] == i, people[i]
            at = text.find(value, at + 1)


def test_people_not_on_record_are_fresh_and_never_planted(ledger):
    """Was written out in two step modules; they stand for nobody the run planted."""
    strangers = ledger.not_on_record(2)
    assert [p.label for p in strangers] == [
        "someone not on record (1)",
        "someone not on record (2)",
    ]
    assert {p.role for p in strangers} == {"victim"}
    planted = {p.persona.full_name for p in ledger.labelled()}
    assert not planted & {p.full_name for p in strangers}


def test_no_two_personas_of_a_run_share_a_date_of_birth():
    # Shared dates of birth are common among 300 people drawn from forty years; within a run
    # one made a lawful disclosure hold "details of" a second persona of the same case.
    ledger = EgressLedger()
    born = [p.date_of_birth for _ in range(100) for p in ledger.fresh_cast().values()]
    assert len(set(born)) == len(born)


@pytest.mark.parametrize("attribute", ["family_name", "phone", "email", "passport_number"])
def test_one_planted_value_alone_attributes_a_record(ledger: EgressLedger, attribute: str):
    victim = _cast(ledger)["victim"]
    found = scan_fields(ledger.matcher(), "x", 1, [("note", getattr(victim, attribute))])
    assert attribute in {f.attribute for f in attributed(found)}


def test_a_date_of_birth_attributes_only_beside_a_second_value(ledger: EgressLedger):
    victim = _cast(ledger)["victim"]
    matcher = ledger.matcher()
    alone = scan_fields(matcher, "x", 1, [("born", victim.date_of_birth)])
    assert alone and not attributed(alone)
    with_case = scan_fields(
        matcher, "x", 1, [("born", victim.date_of_birth), ("case", "FWC-0A1B2C3D")]
    )
    assert {f.attribute for f in attributed(with_case)} == {"date_of_birth", "case_reference"}


def test_a_date_of_birth_attributes_beside_a_value_of_its_object_not_of_another_case(
    ledger: EgressLedger,
):
    # A feed to immigration enforcement holds many cases: a stranger born on the victim's
    # birthday in one, next to the victim's case reference (lawful, with the suspect) in
    # another. Before: read as the victim's date of birth beside her case reference, a BREACH
    # on the clean reference (CI, test_waivers_and_pinning, 1 run in about 100).
    victim = _cast(ledger)["victim"]
    matcher = ledger.matcher()
    apart = [
        ("$.cases[0].case_reference", "FWC-0A1B2C3D"),
        ("$.cases[0].persons[0].given_name", "Someone"),
        ("$.cases[7].persons[2].date_of_birth", victim.date_of_birth),
    ]
    assert not attributed(scan_fields(matcher, "feed", 1, apart))
    together = [
        ("$.cases[7].case_reference", "FWC-0A1B2C3D"),
        ("$.cases[7].persons[2].date_of_birth", victim.date_of_birth),
    ]
    assert {f.attribute for f in attributed(scan_fields(matcher, "feed", 1, together))} == {
        "date_of_birth",
        "case_reference",
    }
    in_a_header = [("header X-Case", "FWC-0A1B2C3D"), apart[2]]
    assert attributed(scan_fields(matcher, "feed", 1, in_a_header))


def test_who_an_answer_reached():
    assert answer_recipient("immigration_officer", set(), False, None) == RESTRICTED_CLASS
    assert answer_recipient("investigator", {RESTRICTED_CLASS}, True, None) == RESTRICTED_CLASS
    assert answer_recipient("investigator", {RESTRICTED_CLASS}, False, None) == INTERNAL
    assert answer_recipient("investigator", set(), True, RESTRICTED_CLASS) == RESTRICTED_CLASS
    assert answer_recipient("investigator", {"prosecution"}, True, None) == "prosecution"
    assert answer_recipient(None, set(), True, None) is None
    ids = {"hoie": RESTRICTED_CLASS, "cps": "prosecution"}
    assert values_naming({"body": {"to": ["hoie"]}, "x": "cps-like"}, ids) == {RESTRICTED_CLASS}


def test_an_answer_is_kept_whole_with_its_headers():
    received = Received.answer("c", "ch", "answer", '{"a": {"b": "x"}}', {"X-Note": "y"})
    assert received.fields == (("$.a.b", "x"), ("header X-Note", "y"))
    assert Received.answer("c", "ch", "answer", "<p>x</p>", {}).fields == (("body", "<p>x</p>"),)


def test_a_victim_in_a_header_of_a_refused_answer_is_a_breach(ledger: EgressLedger):
    victim = _cast(ledger)["victim"]
    _with_lawful_copy(ledger)
    ledger.receive(_answer(RESTRICTED_CLASS, {"error": "forbidden"}), "open")
    evidence = ScenarioEvidence()
    assert check.lawful_control(evidence, ledger).control == "lawful recipient"
    check.restricted_clean(evidence, ledger)
    ledger.receive(
        _answer(RESTRICTED_CLASS, {"error": "forbidden"}, {"X-Debug": victim.phone}), "open"
    )
    with pytest.raises(Breach, match=r"the victim of «a scenario» in an answer .*\(phone\)"):
        check.restricted_clean(evidence, ledger)
    assert [f.field for f in evidence.findings if f.attribute == "phone"] == ["header X-Debug"]


def test_nothing_received_by_immigration_enforcement_is_no_proof_even_without_the_control(
    ledger: EgressLedger,
):
    """The claim stands alone as a "nothing ..." phrase; before, with nothing received it
    said nothing of the planted people was in 'any of the 0 things' received: compliant."""
    _with_lawful_copy(ledger)
    with pytest.raises(Inconclusive, match="Nothing reached immigration enforcement"):
        check.restricted_clean(ScenarioEvidence(), ledger)


@pytest.mark.parametrize("body", ["json", "text"])
def test_a_victim_at_the_end_of_a_large_answer_is_a_breach(ledger: EgressLedger, body: str):
    # Before: only the first 4 Mi characters of an answer were examined, although the harness
    # reads answers of up to 8 MiB whole, so a victim after them passed unseen.
    victim = _cast(ledger)["victim"]
    _with_lawful_copy(ledger)
    padding = "x" * (5 * 1024 * 1024)
    text = (
        json.dumps({"padding": padding, "note": victim.phone})
        if body == "json"
        else f"{padding} {victim.phone}"
    )
    ledger.receive(Received.answer(RESTRICTED_CLASS, "an answer", "answer", text, {}), "open")
    evidence = ScenarioEvidence()
    check.lawful_control(evidence, ledger)
    with pytest.raises(Breach, match=r"the victim of «a scenario» in an answer .*\(phone\)"):
        check.restricted_clean(evidence, ledger)


def test_a_suspect_or_a_person_set_aside_is_not_a_breach(ledger: EgressLedger):
    cast = _cast(ledger)
    ledger.receive(_answer(RESTRICTED_CLASS, {"name": cast["suspect"].full_name}), "export")
    ledger.receive(_answer(RESTRICTED_CLASS, {"name": cast["witness"].full_name}), "consent")
    with pytest.raises(Breach, match="the witness of «a scenario»"):
        check.restricted_clean(ScenarioEvidence(), ledger)
    ledger.set_aside(cast["witness"], "disclosed on consent")
    result = check.restricted_clean(ScenarioEvidence(), ledger)
    assert "not counted: the witness of «a scenario» (disclosed on consent)" in result.claim


# A victim the run did not plant (one of the force's own), as a search answer would list her.
_OTHER_VICTIM = {
    "person_id": "P-7",
    "role": "victim",
    "given_name": "Orlavi",
    "immigration_status": "asylum claim pending",
}


def test_the_status_of_a_victim_the_run_did_not_plant_reaching_ie_is_a_breach(
    ledger: EgressLedger,
):
    suspect = {**_OTHER_VICTIM, "role": "suspect"}
    ledger.receive(_answer(RESTRICTED_CLASS, {"items": [suspect]}), "search")
    claim = check.restricted_clean(ScenarioEvidence(), ledger).claim
    assert "no immigration-status data on any other victim or witness" in claim
    ledger.receive(_answer(RESTRICTED_CLASS, {"items": [suspect], "related": [_OTHER_VICTIM]}), "s")
    with pytest.raises(Breach, match=r"whom the run did not plant .* in 1 record: a victim's"):
        check.restricted_clean(ScenarioEvidence(), ledger)


def test_a_victim_s_status_is_counted_not_failed_where_status_only_exchange_is_lawful(
    ledger: EgressLedger,
):
    ledger.receive(_answer(RESTRICTED_CLASS, {"related": [_OTHER_VICTIM]}), "search")
    result = check.restricted_clean(ScenarioEvidence(), ledger, status_only_exchange=True)
    assert result.examined["status details of victims and witnesses, allowed here"] == 1


def test_a_published_count_of_victims_by_status_is_no_one_s_status(ledger: EgressLedger):
    row = {"role": "victim", "immigration_status": "asylum claim pending", "count": 12}
    ledger.receive(_answer(PUBLIC, {"rows": [row]}), "statistics")
    check.restricted_clean(ScenarioEvidence(), ledger)


def test_nothing_received_or_no_lawful_find_is_inconclusive(ledger: EgressLedger):
    with pytest.raises(Inconclusive, match="Nothing reached immigration enforcement"):
        check.lawful_control(ScenarioEvidence(), ledger)
    ledger.receive(_answer(RESTRICTED_CLASS, {"ok": True}), "search")
    ledger.receive(_answer(INTERNAL, {"ok": True}), "search")
    with pytest.raises(Inconclusive, match="The control failed"):
        check.lawful_control(ScenarioEvidence(), ledger)


def test_a_run_that_planted_nobody_is_inconclusive():
    ledger = EgressLedger()
    ledger.receive(_answer(RESTRICTED_CLASS, {"ok": base64.b64encode(b"x").decode()}), "s")
    with pytest.raises(Inconclusive, match="Nobody was planted"):
        check.restricted_clean(ScenarioEvidence(), ledger)


def test_a_push_is_kept_with_its_headers_path_and_query():
    capture = Capture(
        "immigration-enforcement",
        2,
        "2026-12-04T00:00:00Z",
        "POST",
        "/feed/ie/Fasimapi?who=Sulomeha",
        {"X-Ref": "r"},
        b"plain text",
        True,
    )
    received = push_received(capture)
    assert received.kind == "push" and received.channel.startswith("outbound push 2")
    assert ("body", "plain text") in received.fields
    assert ("header X-Ref", "r") in received.fields
    assert ("url path", "/feed/ie/Fasimapi") in received.fields
    assert ("url query who", "Sulomeha") in received.fields


def test_something_published_is_judged_as_reaching_immigration_enforcement(ledger: EgressLedger):
    _with_lawful_copy(ledger)
    witness = _cast(ledger)["witness"]
    ledger.receive(_answer(PUBLIC, {"breakdown": [{"name": witness.family_name}]}), "stats")
    with pytest.raises(Breach, match="the witness of «a scenario» in an answer"):
        check.restricted_clean(ScenarioEvidence(), ledger)
    assert all(e.received.recipient_class != PUBLIC for e in ledger.lawful())


def _barred_copy_with_a_remark(ledger: EgressLedger) -> None:
    ledger.receive(
        Received.answer("prosecution", "a file", "answer", '{"t": "she has overstayed"}', {}),
        "file",
    )


def test_what_an_onward_recipient_received_is_cleared_of_people_and_remarks(
    ledger: EgressLedger,
):
    _barred_copy_with_a_remark(ledger)
    ledger.receive(Received.answer("local-authority", "a file", "answer", '{"t": "ok"}', {}), "f")
    assert "no remark" in check.onward_clean(ScenarioEvidence(), ledger, {"local-authority"}).claim
    ledger.receive(
        Received.answer("local-authority", "a file", "answer", '{"t": "no leave to remain"}', {}),
        "f",
    )
    with pytest.raises(Breach, match="a remark on immigration status"):
        check.onward_clean(ScenarioEvidence(), ledger, {"local-authority"})


def test_a_victim_reaching_an_onward_recipient_is_a_breach(ledger: EgressLedger):
    _barred_copy_with_a_remark(ledger)
    victim = _cast(ledger)["victim"]
    ledger.receive(_answer("local-authority", {"note": victim.email}), "f")
    with pytest.raises(Breach, match="the victim of «a scenario»"):
        check.onward_clean(ScenarioEvidence(), ledger, {"local-authority"})


def test_onward_claims_need_a_recipient_something_received_and_a_remark_control(
    ledger: EgressLedger,
):
    with pytest.raises(CapabilityMissing):
        check.onward_clean(ScenarioEvidence(), ledger, set())
    with pytest.raises(Inconclusive, match="Nothing reached local-authority"):
        check.onward_clean(ScenarioEvidence(), ledger, {"local-authority"})
    ledger.receive(_answer("local-authority", {"t": "ok"}), "f")
    with pytest.raises(Inconclusive, match="status-remark detector found no remark"):
        check.onward_clean(ScenarioEvidence(), ledger, {"local-authority"})


def test_an_answer_echoing_what_was_asked_is_not_a_leak_but_anything_more_is(
    ledger: EgressLedger,
):
    victim = _cast(ledger)["victim"]
    asked = victim.family_name
    refusal = f"No one you may see is called {asked.upper()}."
    echoed = Received.answer(RESTRICTED_CLASS, "a search", "answer", refusal, {}, echo=[asked])
    assert echoed.fields == (("body", "No one you may see is called ."),)
    ledger.receive(echoed, "search")
    check.restricted_clean(ScenarioEvidence(), ledger)
    more = f"{refusal} Did you mean the one on {victim.phone}?"
    ledger.receive(Received.answer(RESTRICTED_CLASS, "s", "answer", more, {}, echo=[asked]), "s")
    with pytest.raises(Breach, match=r"\(phone\)"):
        check.restricted_clean(ScenarioEvidence(), ledger)


def test_the_run_wide_matcher_is_built_once_until_someone_else_is_planted(ledger: EgressLedger):
    """Each claim over the whole run asks for the matcher; compiling one for every person the run
    planted took about a third of a second each time, for the same patterns."""
    first = ledger.matcher()
    assert first is not None and ledger.matcher() is first
    ledger.plant("another scenario", ledger.fresh_cast().values(), "FWC-0E1F2A3B")
    again = ledger.matcher()
    assert again is not first
    assert {p.persona for p in again.value_hits("FWC-0E1F2A3B")} == {
        p.persona.label for p in ledger.labelled() if p.scenario == "another scenario"
    }
    assert ledger.matcher() is again


def test_the_run_s_matcher_is_built_with_the_engine_that_builds_fastest(ledger, monkeypatch):
    # Rebuilt at each planting and run over small answers, the run's matcher is built with
    # Aho-Corasick (milliseconds) rather than Hyperscan (a compile of some 40 ms, 17 a run);
    # an engine the environment forces still wins. Both find the same (test_matcher_engines).
    monkeypatch.delenv(ENGINE_VARIABLE, raising=False)
    matcher = ledger.matcher()
    assert matcher is not None and matcher.engine == AHO_CORASICK
    assert matcher.offsets(fold_value(_cast(ledger)["victim"].family_name))
    if HYPERSCAN in available():
        monkeypatch.setenv(ENGINE_VARIABLE, HYPERSCAN)
        ledger.plant("another scenario", ledger.fresh_cast().values(), None)
        forced = ledger.matcher()
        assert forced is not None and forced.engine == HYPERSCAN


def test_a_matcher_built_again_for_more_people_reuses_the_patterns_it_had(ledger, monkeypatch):
    """A run that may judge early builds a matcher per scenario as it goes, and the claim its
    matcher for everyone; each persona's patterns are worked out once for all of them."""
    from firewall_conformance.detect import matcher as matcher_module

    written: list[str] = []
    real = matcher_module.words_written

    def counted(persona: Persona, attribute: str, variant: str):
        written.append(persona.label)
        return real(persona, attribute, variant)

    monkeypatch.setattr(matcher_module, "words_written", counted)
    assert ledger.scenario_matcher("a scenario") is not None
    once = len(written)
    ledger.plant("another scenario", ledger.fresh_cast().values(), None)
    assert ledger.matcher() is not None and ledger.scenario_matcher("another scenario")
    assert once > 0 and len(written) > once
    assert not set(written[:once]) & set(written[once:])  # the first scenario's, once


def test_a_name_inside_the_e_mail_domain_is_never_issued(monkeypatch):
    """A first persona called Leo was issued: "leo" sits inside every planted e-mail address
    ("…@example.org" folds to "…exampleorg"), so every persona drawn after her clashed and
    the ledger drew forever (a run or a test hung). A value inside a domain every planted
    address carries can never be attributed to one person: she is drawn again."""
    from firewall_conformance.recipients import ledger as ledger_module

    real = ledger_module.make_persona
    drawn: list[Persona] = []

    def leo_first(*args, **kwargs) -> Persona:
        persona = real(*args, **kwargs)
        if not drawn:
            persona = replace(persona, given_name="Leo")
        drawn.append(persona)
        return persona

    monkeypatch.setattr(ledger_module, "make_persona", leo_first)
    ledger = EgressLedger()
    first = ledger.fresh_persona("victim")
    assert first.given_name != "Leo" and len(drawn) > 1
    assert ledger.fresh_persona("witness").given_name != "Leo"


def test_a_ledger_left_with_no_fresh_persona_says_so_instead_of_drawing_forever(monkeypatch):
    from firewall_conformance.recipients import ledger as ledger_module

    monkeypatch.setattr(ledger_module, "FRESH_PERSONA_DRAWS", 50)
    ledger = EgressLedger()
    ledger._issued.issue({"example"})  # inside every planted address
    with pytest.raises(RuntimeError, match="no fresh persona in 50 draws"):
        ledger.fresh_persona("victim")


@pytest.mark.parametrize("length", [12, 40])
def test_a_victim_s_digest_cut_short_reaching_ie_is_a_breach(ledger: EgressLedger, length: int):
    """The run's matcher, which the claim over everything immigration enforcement received
    reads with, had every form of a planted value but a digest cut short (a "pseudonymised
    key" of a passport number's first hex digits); a scenario's matcher had it."""
    victim = _cast(ledger)["victim"]
    _with_lawful_copy(ledger)
    digest = hashlib.sha256(victim.passport_number.encode()).hexdigest()[:length]
    ledger.receive(_answer(RESTRICTED_CLASS, {"items": [{"key": digest}]}), "export")
    evidence = ScenarioEvidence()
    check.lawful_control(evidence, ledger)
    with pytest.raises(Breach, match=r"in an answer .*\(passport number as sha256"):
        check.restricted_clean(evidence, ledger)


def test_the_run_s_matcher_knows_each_planted_person_s_initials(ledger: EgressLedger):
    matcher = ledger.matcher()
    victim = _cast(ledger)["victim"]
    assert matcher is not None
    assert matcher.initials(victim.label) == (victim.given_name[0], victim.family_name[0])
