"""The texts the harness records in a target: each carries unique pieces to look for, and none
names the harness (a system could keep the firewall for what does)."""

from __future__ import annotations

import random
import re

import pytest

from firewall_conformance.persons import canary_text
from firewall_conformance.persons.case_references import case_reference
from firewall_conformance.persons.personas import make_cast
from firewall_conformance.targets.base import JUSTIFICATION

CAST = make_cast(random.Random(3))


def test_tokens_are_hex_words_and_references_are_unique_and_name_nobody() -> None:
    tokens = {canary_text.token() for _ in range(200)}
    assert len(tokens) == 200
    assert all(re.fullmatch(r"[0-9A-F]{8}", t) for t in tokens)
    marks = {canary_text.mark() for _ in range(200)}
    assert len(marks) == 200 and all(re.fullmatch(r"[A-Z]{2}[0-9]{7}", m) for m in marks)


# What a system keeping the firewall for the harness alone would look for in what it records.
HARNESS_WORDS = re.compile(r"FWC|firewall|conformance|harness|test", re.IGNORECASE)


def test_nothing_the_harness_writes_into_a_target_names_it() -> None:
    """Before: every reference was 'FWC-' and a token, and the default look-up reason read
    'firewall-conformance: checking the firewall on planted test persons'."""
    written = [
        canary_text.mark(),
        canary_text.approver("Sergeant"),
        canary_text.look_up_reason(),
        canary_text.role_change_reason(),
        canary_text.missing_record(),
        canary_text.recipient_name(),
        *(part or "" for kind in canary_text.BASES for part in canary_text.basis_record(kind)),
        JUSTIFICATION,
        case_reference({}, set()),
    ]
    assert not [text for text in written if HARNESS_WORDS.search(text)]


def test_the_same_seed_gives_the_same_text_and_another_seed_other_pieces() -> None:
    first = canary_text.statement_and_refuge("victim", random.Random(5))
    assert first == canary_text.statement_and_refuge("victim", random.Random(5))
    other = canary_text.statement_and_refuge("victim", random.Random(6))
    assert not set(first[0].pieces) & set(other[0].pieces)


@pytest.mark.parametrize("seed", range(5))
def test_every_sentence_of_a_statement_and_every_named_line_of_an_address_carries_a_piece(
    seed: int,
) -> None:
    statement, refuge = canary_text.statement_and_refuge("witness", random.Random(seed))
    assert (statement.what, refuge.what) == (
        "the witness's statement",
        "the witness's refuge address",
    )
    for sentence in re.split(r"(?<=\.)\s+", statement.text):
        assert any(piece in sentence for piece in statement.pieces), sentence
    for line in refuge.text.split(", ")[1:]:
        assert any(piece in line for piece in refuge.pieces), line


def test_the_second_case_names_the_suspect_as_its_victim_and_carries_its_pieces() -> None:
    account = canary_text.second_case_account(CAST["suspect"].full_name, random.Random(1))
    assert account.text.startswith(CAST["suspect"].full_name)
    assert all(piece in account.text for piece in account.pieces)


def test_the_intelligence_entry_names_the_victim_several_ways_and_marks_the_suspect_part() -> None:
    entry = canary_text.intelligence_entry(CAST, random.Random(2))
    victim = CAST["victim"]
    assert f"{victim.family_name.upper()}, {victim.given_name}" in entry.text
    assert victim.phone in entry.text and "overstayed her visa" in entry.text
    (seen_at,) = entry.pieces
    assert f"saw {CAST['suspect'].full_name} at {seen_at}" in entry.text


def test_a_basis_record_is_signed_off_except_the_safeguarding_need_awaiting_sign_off() -> None:
    reference, approver = canary_text.basis_record("consent")
    assert re.fullmatch(r"Signed consent form [A-Z]{2}[0-9]{7}", reference) and approver
    assert re.fullmatch(r"Sergeant [A-Z][a-z]{5} \([A-Z]{2}[0-9]{7}\)", approver)
    reference, approver = canary_text.basis_record("safeguarding")
    assert "awaiting sign-off" in reference and approver is None


def test_each_mail_quotes_the_case_reference_in_its_own_place() -> None:
    subject, body = canary_text.mails_quoting("EXS/1/2", CAST["suspect"])
    assert "EXS/1/2" in subject.subject and "EXS/1/2" not in subject.text
    assert "EXS/1/2" not in body.subject and "EXS/1/2" in body.text
    assert (subject.place, body.place) == canary_text.MAIL_PLACES


def test_a_crime_report_carries_the_person_and_the_document_given_or_none() -> None:
    report = canary_text.crime_report(CAST["victim"], None)
    assert report["identity_document"] is None
    assert report["family_name"] == CAST["victim"].family_name
    assert CAST["victim"].full_name in report["narrative"]
