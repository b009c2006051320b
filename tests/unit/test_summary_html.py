"""summary.html escapes everything that came from outside and needs no script."""

from __future__ import annotations

from dataclasses import replace

from firewall_conformance.reporting import summary_html
from tests.unit.test_reporters import _result
from tests.unit.test_summary_pdf import SEAL

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_strings_from_the_target_are_escaped():
    result = _result()
    result = replace(
        result,
        target={"name": HOSTILE, "base_url": "http://x/?q=<b>", "profile": "p"},
        notes=[HOSTILE],
    )
    result.obligations[0].scenarios[0].reason = HOSTILE
    html = summary_html.render(result, SEAL)
    assert "<script" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_the_verdict_comes_first_and_nothing_is_fetched():
    html = summary_html.render(_result(), SEAL)
    body = html[html.index("<body>") :]
    assert body.index("BREACH") < body.index("At a glance") < body.index("What was searched")
    assert "default-src 'none'" in html
    assert "<script" not in html and "<link" not in html


def test_only_http_links_are_links():
    result = _result()
    source = result.obligations[0].obligation.sources[0]
    hostile = replace(source, url="javascript:alert(1)")
    obligation = replace(result.obligations[0].obligation, sources=(hostile,))
    result.obligations[0] = replace(result.obligations[0], obligation=obligation)
    html = summary_html.render(result, SEAL)
    assert 'href="javascript:' not in html


def test_what_was_not_examined_is_listed_per_obligation_and_escaped():
    result = _result()
    [kept] = [o for o in result.obligations if o.obligation.id == "FW-04"]
    kept.scenarios[0].checks[0].not_examined = ["GET /api/cards (failed)", HOSTILE]
    html = summary_html.render(result, SEAL)
    section = html[html.index("<h2>Not examined, and why</h2>") : html.index("Waivers in force")]
    assert "FW-04" in section and "<li>GET /api/cards (failed)</li>" in section
    assert "&lt;script&gt;" in section and "<script" not in html
    assert "Not examined: 2 items, listed below." in html[: html.index("What was searched")]
    clean = summary_html.render(_result(), SEAL)
    assert "No check reported anything it could not examine." in clean


def test_the_page_shows_the_signing_key_and_whether_the_suite_is_the_released_one():
    html = summary_html.render(_result(), SEAL)
    seal = html[html.index('<section class="box seal"') :]
    seal = seal[: seal.index("</section>")]
    assert SEAL.fingerprint in seal and "provided" in seal
    assert "does not match the released suite 0.1.0" in seal and "features/fw01.feature" in seal
    assert SEAL.suite_hash in seal


def test_printing_gives_a4_pages_with_the_run_verdict_key_and_suite_in_each_footer():
    html = summary_html.render(_result(), SEAL)
    page = html[html.index("@page") :]
    page = page[: page.index("@media")] if "@media" in page else page
    assert "size: A4" in page
    assert "counter(page)" in page and "counter(pages)" in page
    for value in (SEAL.run_id, SEAL.verdict, SEAL.fingerprint):
        assert value in page


def test_each_obligation_is_one_block_rather_than_a_row_of_a_wide_table():
    html = summary_html.render(_result(), SEAL)
    assert '<table class="detail"' not in html
    detail = html[html.index("<h2>Obligations in detail</h2>") : html.index("What was searched")]
    for o in _result().obligations:
        assert f'<section class="obligation" id="{o.obligation.id}"' in detail


def test_footer_values_cannot_break_out_of_the_print_stylesheet():
    hostile = replace(SEAL, run_id='x"; } body { display: none } </style><script>alert(1)')
    html = summary_html.render(_result(), hostile)
    style = html[html.index("<style>") : html.index("</style>")]
    assert "<script" not in html
    assert '"; }' not in style and "\\000022\\00003b \\00007d" in style
    assert style.count("@page") == 1 and "size: A4" in style
