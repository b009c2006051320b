"""The page walker: every style reads to its own end, and an end that contradicts a declared
total, a loop or a walk past the bound is Inconclusive, never the end of the list."""

import pytest

from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.targets.pages import Page, Step, walk, walk_from

WHERE = "The audit log"


def _walk(spec: dict, pages: dict, max_pages: int = 50) -> tuple[list, list[Step]]:
    """Walk `pages` (the answer for each step's key value) and note every step asked for."""
    asked: list[Step] = []
    return walk(spec, _fetch(pages, asked), max_pages, WHERE), asked


def _fetch(pages: dict, asked: list[Step]):
    """Answer each step with `pages` at its key value, noting the step in `asked`."""

    def fetch(step: Step) -> Page:
        asked.append(step)
        key = step.link if step.link is not None else next(iter(step.values.values()))
        return pages[key]

    return fetch


def test_cursor_pages_are_read_until_no_cursor_is_given():
    spec = {"first_cursor": "0"}
    pages = {"0": Page([1, 2], "2"), "2": Page([3], None)}
    entries, asked = _walk(spec, pages)
    assert entries == [1, 2, 3]
    assert [s.values["cursor"] for s in asked] == ["0", "2"]


@pytest.mark.parametrize("style", ["next-link", "link-header"])
def test_link_styles_follow_the_address_given(style):
    spec = {"pages": {"style": style}}
    pages = {"": Page([1], "/log?p=2"), "/log?p=2": Page([2], "/log?p=3"), "/log?p=3": Page([3])}
    entries, asked = _walk(spec, pages)
    assert entries == [1, 2, 3]
    assert [s.link for s in asked] == [None, "/log?p=2", "/log?p=3"]


def test_page_numbers_run_from_first_to_the_declared_number_of_pages():
    spec = {"pages": {"style": "page-number", "first": 0}}
    pages = {n: Page([n], total_pages=3) for n in range(3)}
    entries, asked = _walk(spec, pages)
    assert entries == [0, 1, 2]
    assert [s.values["page"] for s in asked] == [0, 1, 2]


def test_offsets_advance_by_what_was_read_up_to_the_declared_total():
    spec = {"pages": {"style": "offset"}}
    pages = {0: Page([1, 2], total=5), 2: Page([3, 4], total=5), 4: Page([5], total=5)}
    entries, asked = _walk(spec, pages)
    assert entries == [1, 2, 3, 4, 5]
    assert [s.values["offset"] for s in asked] == [0, 2, 4]


def test_an_empty_page_before_the_declared_last_is_inconclusive():
    spec = {"pages": {"style": "page-number"}}
    pages = {1: Page([1], total_pages=7), 2: Page([2], total_pages=7), 3: Page([], total_pages=7)}
    with pytest.raises(Inconclusive, match="ended at page 3 of 7"):
        _walk(spec, pages)


def test_an_offset_walk_that_stops_short_of_its_total_is_inconclusive():
    spec = {"pages": {"style": "offset"}}
    pages = {0: Page([1, 2], total=700), 2: Page([], total=700)}
    with pytest.raises(Inconclusive, match="ended after 2 of its 700 entries"):
        _walk(spec, pages)


def test_a_missing_next_that_contradicts_a_declared_total_is_not_the_end():
    pages = {"0": Page([1], "1", total_pages=3), "1": Page([2], None, total_pages=3)}
    with pytest.raises(Inconclusive, match="ended at page 2 of 3"):
        _walk({"first_cursor": "0"}, pages)
    counted = {"": Page([1], "/p2", total=9), "/p2": Page([2], None, total=9)}
    with pytest.raises(Inconclusive, match="ended after 2 of its 9 entries"):
        _walk({"pages": {"style": "link-header"}}, counted)


@pytest.mark.parametrize(
    ("spec", "page", "said"),
    [
        ({"pages": {"style": "page-number"}}, Page([1]), "how many pages"),
        ({"pages": {"style": "offset"}}, Page([1]), "how many entries"),
        ({"pages": {"style": "offset"}}, Page([1], total="lots"), "not a count"),
        ({"pages": {"style": "page-number"}}, Page([1], total_pages=True), "not a count"),
    ],
)
def test_a_style_whose_end_cannot_be_told_is_inconclusive(spec, page, said):
    with pytest.raises(Inconclusive, match=said):
        _walk(spec, {0: page, 1: page})


def test_a_cursor_met_twice_is_a_loop():
    pages = {"0": Page([1], "7"), "7": Page([], "0")}
    with pytest.raises(Inconclusive, match="led back to a page already read"):
        _walk({"first_cursor": "0"}, pages)


def test_the_walk_is_bounded():
    pages = {n: Page([n], total_pages=10**6) for n in range(1, 10)}
    with pytest.raises(Inconclusive, match="ran past 5 pages"):
        _walk({"pages": {"style": "page-number"}}, pages, max_pages=5)


@pytest.mark.parametrize(
    ("spec", "pages", "asked_again"),
    [
        ({"first_cursor": "0"}, {"0": Page([1, 2], "2"), "2": Page([3, 4])}, ["2"]),
        (
            {"pages": {"style": "page-number"}},
            {1: Page([1, 2], total_pages=2), 2: Page([3, 4], total_pages=2)},
            [2],
        ),
        (
            {"pages": {"style": "offset"}},
            {0: Page([1, 2], total=4), 2: Page([3, 4], total=4)},
            [2],
        ),
    ],
)
def test_a_walk_resumed_at_the_last_page_asks_only_for_it_and_what_follows(
    spec, pages, asked_again
):
    entries, last = walk_from(spec, _fetch(pages, []), 50, WHERE, None)
    assert entries == [1, 2, 3, 4]
    assert last.before == 2
    asked: list[Step] = []
    again, _ = walk_from(spec, _fetch(pages, asked), 50, WHERE, last)
    assert again == [3, 4]
    assert [next(iter(s.values.values())) for s in asked] == asked_again


def test_an_offset_walk_resumed_counts_the_entries_before_its_first_page():
    spec = {"pages": {"style": "offset"}}
    grown = {0: Page([1, 2], total=5), 2: Page([3, 4], total=5), 4: Page([5], total=5)}
    first = {0: Page([1, 2], total=3), 2: Page([3], total=3)}
    _, last = walk_from(spec, _fetch(first, []), 50, WHERE, None)
    entries, place = walk_from(spec, _fetch(grown, []), 50, WHERE, last)
    assert entries == [3, 4, 5]
    assert place.before == 4
