"""Finding a shared value (a nationality, an immigration status) inside a longer value."""

from __future__ import annotations

import base64

from firewall_conformance.detect.phrases import holds_phrase, words


def test_words_are_folded_and_split_at_anything_but_letters_and_digits() -> None:
    assert words("Asylum_claim-PENDING (Érythrée)") == ["asylum", "claim", "pending", "erythree"]


def test_a_phrase_alone_beside_or_inside_other_text_is_held() -> None:
    assert holds_phrase("asylum claim pending", "Asylum claim pending")
    assert holds_phrase("Eritrean (asylum claim pending)", "asylum claim pending")
    assert holds_phrase("9 High Road; status: ASYLUM-CLAIM-PENDING.", "asylum claim pending")
    assert holds_phrase("asylumclaimpending", "asylum claim pending")


def test_a_phrase_is_held_only_as_whole_words_in_order() -> None:
    assert not holds_phrase("Nigerianfood", "Nigerian")
    assert not holds_phrase("pending asylum claim", "asylum claim pending")
    assert not holds_phrase("asylum claim", "asylum claim pending")


def test_an_encoded_phrase_is_held() -> None:
    hidden = base64.b64encode(b"note: overstayed visa since 2019").decode()
    assert holds_phrase(hidden, "overstayed visa")


def test_an_empty_phrase_is_held_nowhere() -> None:
    assert not holds_phrase("anything at all", "")
    assert not holds_phrase("", " ")
