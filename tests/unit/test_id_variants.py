"""Other spellings of a record id, as the immigration officer tries them (FW-03)."""

from __future__ import annotations

from urllib.parse import unquote

from firewall_conformance.targets.id_variants import format_variants, id_variants, option_variants
from firewall_conformance.targets.ways_of_asking import Asking


def _by_name(person_id: str) -> dict[str, str]:
    return {v.name: v.path_text for v in id_variants(person_id)}


def test_each_spelling_of_a_mixed_id() -> None:
    assert _by_name("P-3f9c0a1b2d4e5f60") == {
        "in upper case": "P-3F9C0A1B2D4E5F60",
        "in lower case": "p-3f9c0a1b2d4e5f60",
        "zero-padded": "P-3f9c0a1b2d4e5f060",
        "percent-encoded": "%50%2D%33%66%39%63%30%61%31%62%32%64%34%65%35%66%36%30",
        "with a trailing slash": "P-3f9c0a1b2d4e5f60/",
        "behind a ./ segment": "./P-3f9c0a1b2d4e5f60",
    }


def test_no_spelling_equals_the_id_as_returned_and_none_repeats() -> None:
    """A numeric id has no case: only the spellings that differ from it are tried."""
    spellings = _by_name("17")
    assert spellings == {
        "zero-padded": "017",
        "percent-encoded": "%31%37",
        "with a trailing slash": "17/",
        "behind a ./ segment": "./17",
    }
    assert len(set(spellings.values())) == len(spellings)


def test_an_id_without_digits_is_padded_in_front_and_each_spelling_decodes_to_it() -> None:
    spellings = _by_name("abc")
    assert spellings["zero-padded"] == "0abc"
    assert unquote(spellings["percent-encoded"]) == "abc"


def test_characters_a_path_cannot_hold_are_quoted_in_every_spelling() -> None:
    spellings = _by_name("p 1/2")
    assert spellings["in upper case"] == "P%201%2F2"
    assert spellings["with a trailing slash"] == "p%201%2F2/"
    assert spellings["percent-encoded"] == "%70%20%31%2F%32"


def test_the_record_is_also_asked_for_in_other_formats_by_its_id_as_returned() -> None:
    # Before: every request asked for JSON, so a renderer that skips the firewall for another
    # format (a CSV download, a web page) was never reached.
    asked = {v.name: (v.path_text, v.accept) for v in format_variants("P-1/2")}
    assert asked == {
        "asked for as CSV": ("P-1%2F2", "text/csv"),
        "asked for as XML": ("P-1%2F2", "application/xml"),
        "asked for as a web page": ("P-1%2F2", "text/html"),
        "asked for in any format": ("P-1%2F2", "*/*"),
    }
    assert all(v.accept is None for v in id_variants("P-1"))


def test_the_record_is_asked_with_each_published_option_by_its_id_as_returned() -> None:
    options = [Asking("with view=full", (("view", "full"),))]
    [variant] = option_variants("P-1/2", options)
    assert (variant.name, variant.path_text, variant.accept, variant.query) == (
        "with view=full",
        "P-1%2F2",
        None,
        (("view", "full"),),
    )
