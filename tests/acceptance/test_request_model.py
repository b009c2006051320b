"""A system shaped differently from the reference, described by its profile alone (issue 14):
exports answered with the file itself, an audit log with nested fields, a boolean success flag
and paging by Link header, page number or offset. Through each shape the clean reference is
COMPLIANT and its fault BREACH; a log cut short of the total it declares is INCONCLUSIVE, and
a web page in place of the export is never read as one."""

from __future__ import annotations

import pytest

from firewall_conformance.reference.server import ReferenceServer
from firewall_conformance.run.runner import reference_environment
from tests.acceptance.conftest import cli, write_profile
from tests.acceptance.faultproxy import FaultProxy, Rule
from tests.acceptance.reshaping_proxy import PAGE_SIZE, ReshapingProxy

EXPORT_OBLIGATIONS = ("FW-01", "FW-08", "FW-09")
NESTED_FIELDS = {
    "sequence": "seq",
    "time": "when",
    "actor": "who.name",
    "action": "event.type",
    "outcome": {"field": "event.details.success", "map": {False: "refused", True: "allowed"}},
    "object": "event.target",
    "recipient": "event.details.recipient",
    "purpose": "event.details.purpose",
    "legal_basis": "event.details.basis",
    "justification": "event.details.purpose",
}
AUDIT_STYLES = {
    "link-header": ({}, {"items": "log"}),
    "page-number": ({"page": "{page}", "per_page": str(PAGE_SIZE)},
                    {"items": "data.entries", "total_pages": "meta.pages"}),
    "offset": ({"offset": "{offset}", "limit": str(PAGE_SIZE)},
               {"items": "results", "total": "count"}),
}  # fmt: skip


SEARCH_STYLES = {
    "page-number": ({"page": "{page}"}, {"total_pages": "pages"}),
    "cursor": ({"cursor": "{cursor}"}, {"next": "next"}),
    "link-header": ({}, {}),
}
LATER_PAGE = ("page=2", "cursor=1", "from=1")


def _search_in_style(style: str):
    query, returns = SEARCH_STYLES[style]

    def edit(document: dict) -> None:
        search = document["capabilities"]["search"]
        search["query"] = {**search["query"], **query}
        search["returns"] = {**search["returns"], **returns}
        search["pages"] = {"style": style}

    return edit


def _export_as_data(document: dict) -> None:
    export = document["capabilities"]["export"]
    del export["returns"], export["download"]
    export["answer"] = "data"


def _audit_in_style(style: str):
    query, returns = AUDIT_STYLES[style]

    def edit(document: dict) -> None:
        log = document["capabilities"]["audit-log"]
        del log["first_cursor"]
        log.update(query=query, returns=returns, pages={"style": style}, fields=NESTED_FIELDS)
        log["refused_outcomes"] = ["refused"]
        log["hash_chain"].update(hash_field="digest", previous_field="prev")

    return edit


def _check(tmp_path, base_url: str, server: ReferenceServer, edits) -> object:
    def edit(document: dict) -> None:
        document["target"]["base_url"] = base_url
        for change in edits:
            change(document)

    profile = write_profile(tmp_path, edit)
    return cli("check", "--target", str(profile), env=reference_environment(server.tokens))


def _run(tmp_path, base_url: str, server: ReferenceServer, edits, obligations) -> object:
    def edit(document: dict) -> None:
        document["target"]["base_url"] = base_url
        for change in edits:
            change(document)

    profile = write_profile(tmp_path, edit)
    args = [a for o in obligations for a in ("--obligation", o)]
    return cli(
        "run", "--target", str(profile), "--no-html", "--no-pdf", *args,
        reports=tmp_path / "reports", env=reference_environment(server.tokens),
    )  # fmt: skip


@pytest.mark.parametrize("shape", ["body", "attachment"])
@pytest.mark.parametrize("fault", [None, "FW-01"])
def test_an_export_answered_with_the_file_itself_is_read_as_the_export(tmp_path, shape, fault):
    with (
        ReferenceServer(faults=[fault] if fault else []) as server,
        ReshapingProxy(server.base_url, export=shape) as proxy,
    ):
        result = _run(tmp_path, proxy.base_url, server, [_export_as_data], EXPORT_OBLIGATIONS)
    verdicts = {o: result.verdicts[o] for o in EXPORT_OBLIGATIONS}
    expected = dict.fromkeys(EXPORT_OBLIGATIONS, "COMPLIANT")
    if fault:
        expected[fault] = "BREACH"
    assert verdicts == expected, result.stdout + result.stderr
    if fault:
        assert result.code == 1


@pytest.mark.parametrize(("shape", "fmt"), [("json-array", "json"), ("xml", "xml")])
@pytest.mark.parametrize("fault", [None, "FW-01", "FW-09"])
def test_an_export_answered_as_a_json_array_or_niem_xml_is_read_as_the_export(
    tmp_path, shape, fmt, fault
):
    def in_format(document: dict) -> None:
        document["capabilities"]["export"]["formats"] = [fmt]

    with (
        ReferenceServer(faults=[fault] if fault else []) as server,
        ReshapingProxy(server.base_url, export=shape) as proxy,
    ):
        edits = [_export_as_data, in_format]
        result = _run(tmp_path, proxy.base_url, server, edits, EXPORT_OBLIGATIONS)
    verdicts = {o: result.verdicts[o] for o in EXPORT_OBLIGATIONS}
    expected = dict.fromkeys(EXPORT_OBLIGATIONS, "COMPLIANT")
    if fault:
        expected[fault] = "BREACH"
    if fmt == "xml":  # its fields are element paths, which approved_fields does not name
        expected["FW-09"] = "INCONCLUSIVE"
    assert verdicts == expected, result.stdout + result.stderr
    if fmt == "xml":
        reason = next(o["reason"] for o in result.summary["obligations"] if o["id"] == "FW-09")
        assert "The xml export for" in reason and "cannot hold" in reason, reason


def test_a_web_page_in_place_of_the_export_data_is_inconclusive(tmp_path):
    with (
        ReferenceServer(faults=["FW-01"]) as server,
        FaultProxy(server.base_url, [Rule("login-page", "/api/v1/exports", "POST")]) as proxy,
    ):
        result = _run(tmp_path, proxy.base_url, server, [_export_as_data], ["FW-01"])
    assert result.verdicts["FW-01"] == "INCONCLUSIVE", result.stdout + result.stderr
    reason = next(o["reason"] for o in result.summary["obligations"] if o["id"] == "FW-01")
    assert "a web page, not an export" in reason


@pytest.mark.parametrize("style", sorted(SEARCH_STYLES))
@pytest.mark.parametrize("leaks", [False, True])
def test_a_paged_search_is_read_to_its_end(tmp_path, style, leaks):
    """Every planted person is on page 2 or later: the investigator finds them there (the
    positive control), and a search that shows them to the immigration officer is seen."""
    with ReferenceServer() as server:
        leak_as = server.tokens["officer"] if leaks else None
        with ReshapingProxy(server.base_url, search=style, search_as=leak_as) as proxy:
            checked = _check(tmp_path, proxy.base_url, server, [_search_in_style(style)])
            assert checked.code == 0, checked.stdout + checked.stderr
            result = _run(tmp_path, proxy.base_url, server, [_search_in_style(style)], ["FW-03"])
            later = [p for _, p in proxy.requests if any(mark in p for mark in LATER_PAGE)]
    assert result.verdicts["FW-03"] == ("BREACH" if leaks else "COMPLIANT"), (
        result.stdout + result.stderr
    )
    assert later, "no page after the first was asked for: paging was not exercised"


@pytest.mark.parametrize("style", sorted(AUDIT_STYLES))
@pytest.mark.parametrize("fault", [None, "FW-04"])
def test_a_nested_log_paged_in_each_style_is_read_whole(tmp_path, style, fault):
    with (
        ReferenceServer(faults=[fault] if fault else []) as server,
        ReshapingProxy(server.base_url, audit=style) as proxy,
    ):
        result = _run(tmp_path, proxy.base_url, server, [_audit_in_style(style)], ["FW-04"])
        pages_read = sum(1 for method, path in proxy.requests if path.startswith("/api/v1/audit"))
    assert result.verdicts["FW-04"] == ("BREACH" if fault else "COMPLIANT"), (
        result.stdout + result.stderr
    )
    assert pages_read > 2, "the log fitted on one page: paging was not exercised"


@pytest.mark.parametrize("style", ["page-number", "offset"])
def test_a_log_that_ends_before_its_declared_total_is_inconclusive(tmp_path, style):
    with (
        ReferenceServer() as server,
        ReshapingProxy(server.base_url, audit=style, extra_pages=3) as proxy,
    ):
        result = _run(tmp_path, proxy.base_url, server, [_audit_in_style(style)], ["FW-04"])
    assert result.verdicts["FW-04"] == "INCONCLUSIVE", result.stdout + result.stderr
    reason = next(o["reason"] for o in result.summary["obligations"] if o["id"] == "FW-04")
    assert "The audit log ended" in reason and "the rest was not read" in reason


def test_a_next_page_on_another_site_is_not_followed_with_the_auditors_credentials(tmp_path):
    with ReferenceServer() as server, ReshapingProxy(server.base_url, audit="link-header") as proxy:
        proxy.link_origin = proxy.base_url.replace("127.0.0.1", "localhost")
        result = _run(tmp_path, proxy.base_url, server, [_audit_in_style("link-header")], ["FW-04"])
        followed = [path for _, path in proxy.requests if "from=" in path]
    assert result.verdicts["FW-04"] == "INCONCLUSIVE", result.stdout + result.stderr
    reason = next(o["reason"] for o in result.summary["obligations"] if o["id"] == "FW-04")
    assert "next page elsewhere than its own address" in reason
    assert followed == []
