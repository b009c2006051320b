"""Which links in an answer to the immigration officer's account the harness opens: those on
the target's own address, wherever in the answer they stand, never one that would sign the
account out or change something, a few of each shape within the run's budget."""

from __future__ import annotations

from firewall_conformance.recipients.ledger import Received
from firewall_conformance.targets.answer_links import (
    PER_SHAPE,
    SHAPES,
    LinkBudget,
    own_links,
    shape,
)

BASE = "https://rms.example.police.uk/api/v1"
ASKED = f"{BASE}/persons?name=Brook"


def links(body: str, headers: dict[str, str] | None = None) -> list[str]:
    return both(body, headers)[0]


def both(body: str, headers: dict[str, str] | None = None) -> tuple[list[str], list[str]]:
    """The links to open, and those named as changing something."""
    fields = Received.answer("immigration_enforcement", "", "answer", body, headers or {}).fields
    return own_links(fields, BASE, ASKED)


def test_links_on_the_targets_own_address_are_taken_from_values_headers_and_pages():
    body = (
        '{"items": [], "download": "/api/v1/persons?export=all",'
        ' "report": "https://rms.example.police.uk/reports/7.csv",'
        ' "escaped": "\\/files\\/register.json"}'
    )
    headers = {"Link": '</api/v1/persons?page=2>; rel="next"', "Content-Location": "/api/v1/x/1"}
    assert links(body, headers) == [
        f"{BASE}/persons?export=all",
        "https://rms.example.police.uk/reports/7.csv",
        "https://rms.example.police.uk/files/register.json",
        f"{BASE}/persons?page=2",
        f"{BASE}/x/1",
    ]
    page = '<p>Withheld. <a href="/case-files/C-1/print">print</a></p>'
    assert links(page) == ["https://rms.example.police.uk/case-files/C-1/print"]


def test_other_addresses_the_question_itself_and_unsafe_or_static_links_are_left():
    body = (
        '{"help": "https://docs.vendor.example/errors/404", "self": "'
        + ASKED
        + '", "bye": "/api/v1/session/logout", "gone": "/api/v1/persons/P-1/delete",'
        ' "style": "/static/app.css", "when": "2024/01/02",'
        ' "plain": "/"}'
    )
    assert links(body) == []
    assert own_links([("header Location", "http://rms.example.police.uk:8080/x")], BASE, ASKED) == (
        [],
        [],
    )


def test_links_of_one_shape_are_followed_a_few_times_and_the_budget_names_the_rest():
    budget = LinkBudget()
    records = [f"{BASE}/persons/P-{n}" for n in range(PER_SHAPE + 8)]
    follow, left = budget.take(records)
    assert follow == records[:PER_SHAPE] and left == records[PER_SHAPE:]
    assert budget.take(records[:1]) == ([], [])  # each link once a run
    kinds = [f"{BASE}/{''.join(chr(97 + int(d)) for d in str(n))}/1" for n in range(SHAPES + 3)]
    follow, left = budget.take(kinds)
    assert len(follow) == SHAPES - 1 and len(left) == 4  # one kind already taken by records


def test_links_of_a_kind_past_the_few_opened_are_named_unless_pages_of_the_question():
    """A vendor can list a victim's record past the first few links of one kind: those not opened
    are named, so the run cannot call them clean; before, they were dropped unsaid. Other
    pages of the question itself are walked by the harness where it pages."""
    records = [f"{BASE}/persons/P-{n}" for n in range(PER_SHAPE + 2)]
    assert LinkBudget().take(records, ASKED) == (records[:PER_SHAPE], records[PER_SHAPE:])
    pages = [f"{ASKED}&page={n}" for n in range(2, PER_SHAPE + 6)]
    assert LinkBudget().take(pages, f"{ASKED}&page=1") == (pages[:PER_SHAPE], [])
    searches = [f"{BASE}/persons?name=N{n}" for n in range(PER_SHAPE)] + [f"{BASE}/persons?name=*"]
    assert LinkBudget().take(searches, ASKED) == (searches[:PER_SHAPE], searches[PER_SHAPE:])


def test_links_written_relative_in_prose_escaped_or_on_the_host_spelled_otherwise_are_taken():
    """Each was missed or opened at a wrong address before."""
    body = (
        '{"next": "?page=2", "_links": {"notes": {"href": "P-1/notes"},'
        ' "find": {"href": "/api/v1/export{?format,since}", "templated": true}},'
        ' "mirror": "//rms.example.police.uk/api/v1/mirror",'
        ' "message": "Download it from https://rms.example.police.uk/reports/7.csv.",'
        ' "hint": "(or see /api/v1/exports/all.csv)",'
        ' "page": "<a href=\\"/api/v1/find?a=1&amp;b=2\\">more</a>",'
        ' "plain": "/api/v1/sheet?a=1&copy=2",'
        ' "encoded": "https%3A%2F%2Frms.example.police.uk%2Fapi%2Fv1%2Fregister.json",'
        ' "host": "https://someone@RMS.Example.Police.UK.:443/api/v1/dotted",'
        ' "cursor": "eyJvZmZzZXQiOjUwfQ",'
        ' "links": {"related": "P-9/register"}, "schema": {"$ref": "#/definitions/person"}}'
    )
    assert links(body, {"Content-Location": "copies/1"}) == [
        f"{ASKED.split('?')[0]}?page=2",
        f"{BASE}/P-1/notes",
        f"{BASE}/export",
        f"{BASE}/mirror",
        "https://rms.example.police.uk/reports/7.csv",
        f"{BASE}/exports/all.csv",
        f"{BASE}/find?a=1&b=2",
        f"{BASE}/sheet?a=1&copy=2",
        f"{BASE}/register.json",
        f"{BASE}/dotted",
        f"{BASE}/P-9/register",
        f"{BASE}/copies/1",
    ]


def test_a_link_whose_words_say_it_changes_something_is_named_and_a_sign_out_left():
    """A vendor can put 'deleted' or 'cancel' in the address of a download of the register:
    it is never opened, but named, where before it was dropped unsaid; a sign-out is left
    alone, as before, and no word inside another ('presets') counts."""
    body = (
        '{"bye": "/api/v1/session/logout", "file": "/api/v1/files/deleted-cases.csv",'
        ' "act": "/api/v1/persons/P-1?action=delete", "out": "/api/v1/x?then=logout",'
        ' "presets": "/api/v1/presets/1"}'
    )
    assert both(body) == (
        [f"{BASE}/presets/1"],
        [
            f"{BASE}/files/deleted-cases.csv",
            f"{BASE}/persons/P-1?action=delete",
            f"{BASE}/x?then=logout",
        ],
    )


def test_a_links_shape_keeps_its_path_words_and_query_names_only():
    assert (
        shape(f"{BASE}/persons/P-123/notes?page=2&size=50") == "/api/v#/persons/P-#/notes?page&size"
    )
