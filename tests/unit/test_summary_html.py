"""summary.html escapes everything that came from outside and needs no script."""

from __future__ import annotations

from dataclasses import replace

from firewall_conformance.reporting import summary_html
from tests.unit.test_reporters import _result

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_strings_from_the_target_are_escaped():
    result = _result()
    result = replace(
        result,
        target={"name": HOSTILE, "base_url": "http://x/?q=<b>", "profile": "p"},
        notes=[HOSTILE],
    )
    result.obligations[0].scenarios[0].reason = HOSTILE
    html = summary_html.render(result)
    assert "<script" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_the_verdict_comes_first_and_nothing_is_fetched():
    html = summary_html.render(_result())
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
    html = summary_html.render(result)
    assert 'href="javascript:' not in html


def test_what_was_not_examined_is_listed_per_obligation_and_escaped():
    result = _result()
    [kept] = [o for o in result.obligations if o.obligation.id == "FW-04"]
    kept.scenarios[0].checks[0].not_examined = ["GET /api/cards (failed)", HOSTILE]
    html = summary_html.render(result)
    section = html[html.index("<h2>Not examined, and why</h2>") : html.index("Waivers in force")]
    assert "FW-04" in section and "<li>GET /api/cards (failed)</li>" in section
    assert "&lt;script&gt;" in section and "<script" not in html
    assert "Not examined: 2 items, listed below." in html[: html.index("What was searched")]
    clean = summary_html.render(_result())
    assert "No check reported anything it could not examine." in clean
