"""Making the generator's HTML safe to open on an air-gapped laptop."""

from __future__ import annotations

import pytest

from firewall_conformance.reporting.allure_html import (
    ReportError,
    external_references,
    make_offline,
)

GENERATED = """<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3C/svg%3E">
<script>window.allureReportOptions = {"reportName":"x"}</script></head><body>
<script src="data:text/javascript;base64,YWxlcnQoMSk="></script>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-LNDJ3J7WT0"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());
</script>
<script defer>Promise.allSettled([d("a.json","e30=")])</script>
</body></html>"""


def test_the_analytics_tag_and_its_loader_are_removed_and_the_rest_kept():
    html, removed = make_offline(GENERATED)
    assert removed == 2
    assert "googletagmanager" not in html and "gtag" not in html and "dataLayer" not in html
    assert "allureReportOptions" in html and "YWxlcnQoMSk=" in html and 'd("a.json"' in html
    assert external_references(html) == []


def test_a_content_security_policy_forbidding_the_network_is_added():
    html, _ = make_offline(GENERATED)
    head = html[: html.index("</head>")]
    assert 'http-equiv="Content-Security-Policy"' in head
    assert "default-src 'none'" in head and "connect-src data: blob:" in head


@pytest.mark.parametrize(
    "leftover",
    [
        '<img src="https://tracker.example/p.gif">',
        '<link rel="stylesheet" href="//fonts.example/x.css">',
        '<iframe src="http://ads.example/"></iframe>',
    ],
)
def test_a_report_that_still_refers_to_another_host_is_refused(leftover):
    with pytest.raises(ReportError, match="other hosts"):
        make_offline(GENERATED.replace("</body>", leftover + "</body>"))


def test_links_a_reader_clicks_are_not_requests():
    html, _ = make_offline(
        GENERATED.replace("</body>", '<a href="https://example.org/">x</a></body>')
    )
    assert external_references(html) == []
