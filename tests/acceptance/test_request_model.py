"""A system shaped differently from the reference, described by its profile alone (issue 14):
exports answered with the file itself, an audit log with nested fields, a boolean success flag
and paging by Link header, page number or offset. Through each shape the clean reference is
COMPLIANT and its fault BREACH; a log cut short of the total it declares is INCONCLUSIVE, and
a web page in place of the export is never read as one.

A whole run costs 12-18 s, so one run through one proxy answers in an export shape, a search
style and an audit style at once (RUNS), and each test reads the obligations its shape serves:
the export's FW-01, FW-08 and FW-09, the search's FW-03, the log's FW-04. A run holds at most
two faults, put together only where each test's verdicts are still decided by its own fault or
by none (RUNS says how)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from firewall_conformance.reference.server import ReferenceServer
from firewall_conformance.run.runner import reference_environment
from tests.acceptance.conftest import QUICK, CliRun, cli, short_outbound_window, write_profile
from tests.acceptance.reshaping_proxy import AUDIT_PATH, PAGE_SIZE, SEARCH_PATH, ReshapingProxy

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


@dataclass(frozen=True)
class Shaped:
    """One run: the export answered as `export` (a ReshapingProxy shape, "login-page", or None:
    the reference's own, and its obligations left out) by a reference with `export_fault`, the
    search paged in `search` style (answered as the immigration officer would see it when
    `leaks`) and the log in `audit` style, with the FW-04 fault when `audit_fault` and its
    declared total `extra_pages` pages too long."""

    export: str | None
    export_fault: str | None = None
    search: str | None = None
    leaks: bool = False
    audit: str | None = None
    audit_fault: bool = False
    extra_pages: int = 0

    @property
    def faults(self) -> list[str]:
        return [self.export_fault] * bool(self.export_fault) + ["FW-04"] * self.audit_fault

    @property
    def obligations(self) -> tuple[str, ...]:
        exported = {None: (), "login-page": ("FW-01",)}.get(self.export, EXPORT_OBLIGATIONS)
        return exported + ("FW-03",) * bool(self.search) + ("FW-04",) * bool(self.audit)

    def edits(self) -> list[Callable[[dict], None]]:
        edits = [] if self.export is None else [_export_as_data]
        if self.export in EXPORT_FORMATS:
            edits.append(_in_format(EXPORT_FORMATS[self.export]))
        if self.search:
            edits.append(_search_in_style(self.search))
        if self.audit:
            edits.append(_audit_in_style(self.audit))
        return edits


EXPORT_FORMATS = {"json-array": "json", "xml": "xml"}
# What else shares a run is chosen by what it changes. A search shown to the immigration
# officer breaches FW-01 too (nothing may reach them during the run), so it rides only with an
# export's FW-01 fault, whose test then names the export scenario as the one breached; a log
# cut short leaves the exports' audit unread, so it rides only where no export is judged.
RUNS = {
    "body": Shaped("body", search="page-number", audit="link-header"),
    "body-FW-01": Shaped("body", "FW-01", search="page-number", leaks=True),
    "attachment": Shaped("attachment", audit="link-header", audit_fault=True),
    "attachment-FW-01": Shaped("attachment", "FW-01", search="cursor", audit="page-number"),
    "json-array": Shaped("json-array", search="link-header", audit="offset"),
    "json-array-FW-01": Shaped("json-array", "FW-01", search="cursor", leaks=True),
    "json-array-FW-09": Shaped("json-array", "FW-09", audit="page-number", audit_fault=True),
    "xml": Shaped("xml"),
    "xml-FW-01": Shaped("xml", "FW-01", search="link-header", leaks=True),
    "xml-FW-09": Shaped("xml", "FW-09", audit="offset", audit_fault=True),
    "login-page": Shaped("login-page", "FW-01", audit="offset", extra_pages=3),
    "short-log": Shaped(None, audit="page-number", extra_pages=3),
}
BULK_EXPORTS = "Bulk exports to immigration enforcement leave out victims and witnesses"


@dataclass
class ShapedRun:
    """A run of RUNS: the `check` of its profile first where it pages a search, the run, and
    the requests the proxy had during the run alone."""

    checked: CliRun | None
    result: CliRun
    requests: list[tuple[str, str]]

    def reason(self, obligation: str) -> str:
        return next(
            o["reason"] for o in self.result.summary["obligations"] if o["id"] == obligation
        )

    def failed(self) -> str:
        return self.result.stdout + self.result.stderr

    def outcome(self, scenario: str) -> str:
        return next(
            s["outcome"]
            for o in self.result.summary["obligations"]
            for s in o["scenarios"]
            if s["name"] == scenario
        )


def _in_format(fmt: str) -> Callable[[dict], None]:
    def edit(document: dict) -> None:
        document["capabilities"]["export"]["formats"] = [fmt]

    return edit


def _profile(folder: Path, base_url: str, edits) -> Path:
    """The reference profile through the proxy at `base_url`, changed by `edits`, its outbound
    window short: no run here reads a late push."""

    def edit(document: dict) -> None:
        document["target"]["base_url"] = base_url
        short_outbound_window(document)
        for change in edits:
            change(document)

    return write_profile(folder, edit)


def _shaped_run(shape: Shaped, folder: Path) -> ShapedRun:
    with (
        ReferenceServer(faults=shape.faults) as server,
        ReshapingProxy(
            server.base_url,
            export=shape.export,
            audit=shape.audit,
            extra_pages=shape.extra_pages,
            search=shape.search,
            search_as=server.tokens["officer"] if shape.leaks else None,
        ) as proxy,
    ):
        profile = _profile(folder, proxy.base_url, shape.edits())
        env = reference_environment(server.tokens)
        checked = cli("check", "--target", str(profile), env=env) if shape.search else None
        before = len(proxy.requests)
        narrowed = [a for o in shape.obligations for a in ("--obligation", o)]
        result = cli(
            "run", "--target", str(profile), *QUICK, *narrowed,
            reports=folder / "reports", env=env,
        )  # fmt: skip
        return ShapedRun(checked, result, proxy.requests[before:])


@pytest.fixture(scope="session")
def shaped_runs(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], ShapedRun]:
    """The run of RUNS named, made once on this worker (each run's tests are one xdist group)."""
    made: dict[str, ShapedRun] = {}

    def run_of(name: str) -> ShapedRun:
        if name not in made:
            made[name] = _shaped_run(RUNS[name], tmp_path_factory.mktemp(name))
        return made[name]

    return run_of


def in_group_of(name: str) -> pytest.MarkDecorator:
    """Every test of one run on one xdist worker, so the run is made once."""
    return pytest.mark.xdist_group(f"request-model-{name}")


def runs_where(chosen: Callable[[Shaped], bool], shown: Callable[[Shaped], str]) -> list:
    """The names of the runs `chosen`, each test named by what `shown` says of its shape."""
    return [
        pytest.param(name, id=shown(shape), marks=in_group_of(name))
        for name, shape in RUNS.items()
        if chosen(shape)
    ]


def _export_shown(shape: Shaped) -> str:
    return f"{shape.export}-{shape.export_fault or 'clean'}"


@pytest.mark.parametrize(
    "name", runs_where(lambda s: s.export in ("body", "attachment"), _export_shown)
)
def test_an_export_answered_with_the_file_itself_is_read_as_the_export(shaped_runs, name):
    run, fault = shaped_runs(name), RUNS[name].export_fault
    verdicts = {o: run.result.verdicts[o] for o in EXPORT_OBLIGATIONS}
    expected = dict.fromkeys(EXPORT_OBLIGATIONS, "COMPLIANT")
    if fault:
        expected[fault] = "BREACH"
    assert verdicts == expected, run.failed()
    if fault:
        assert run.result.code == 1
        assert run.outcome(BULK_EXPORTS) == "breach", run.failed()


@pytest.mark.parametrize("name", runs_where(lambda s: s.export in EXPORT_FORMATS, _export_shown))
def test_an_export_answered_as_a_json_array_or_niem_xml_is_read_as_the_export(shaped_runs, name):
    run, shape = shaped_runs(name), RUNS[name]
    verdicts = {o: run.result.verdicts[o] for o in EXPORT_OBLIGATIONS}
    expected = dict.fromkeys(EXPORT_OBLIGATIONS, "COMPLIANT")
    if shape.export_fault:
        expected[shape.export_fault] = "BREACH"
    if shape.export == "xml":  # its fields are element paths, which approved_fields does not name
        expected["FW-09"] = "INCONCLUSIVE"
    assert verdicts == expected, run.failed()
    if shape.export_fault == "FW-01":
        assert run.outcome(BULK_EXPORTS) == "breach", run.failed()
    if shape.export == "xml":
        reason = run.reason("FW-09")
        assert "The xml export for" in reason and "cannot hold" in reason, reason


@in_group_of("login-page")
def test_a_web_page_in_place_of_the_export_data_is_inconclusive(shaped_runs):
    run = shaped_runs("login-page")
    assert run.result.verdicts["FW-01"] == "INCONCLUSIVE", run.failed()
    assert "a web page, not an export" in run.reason("FW-01")


@pytest.mark.parametrize(
    "name",
    runs_where(
        lambda s: s.search is not None, lambda s: f"{s.search}-{'leaks' if s.leaks else 'clean'}"
    ),
)
def test_a_paged_search_is_read_to_its_end(shaped_runs, name):
    """Every planted person is on page 2 or later: the investigator finds them there (the
    positive control), and a search that shows them to the immigration officer is seen."""
    run = shaped_runs(name)
    assert run.checked is not None and run.checked.code == 0, (
        run.checked and run.checked.stdout + run.checked.stderr
    )
    assert run.result.verdicts["FW-03"] == ("BREACH" if RUNS[name].leaks else "COMPLIANT"), (
        run.failed()
    )
    later = [
        p for _, p in run.requests if p.startswith(SEARCH_PATH) and any(m in p for m in LATER_PAGE)
    ]
    assert later, "no page after the first was asked for: paging was not exercised"


@pytest.mark.parametrize(
    "name",
    runs_where(
        lambda s: s.audit is not None and not s.extra_pages,
        lambda s: f"{s.audit}-{'FW-04' if s.audit_fault else 'clean'}",
    ),
)
def test_a_nested_log_paged_in_each_style_is_read_whole(shaped_runs, name):
    run = shaped_runs(name)
    later = [p for _, p in run.requests if p.startswith(AUDIT_PATH) and _later_audit_page(p)]
    assert run.result.verdicts["FW-04"] == ("BREACH" if RUNS[name].audit_fault else "COMPLIANT"), (
        run.failed()
    )
    assert later, "no page of the log after the first was asked for: paging was not exercised"


def _later_audit_page(path: str) -> bool:
    """Whether a request for the log asks for a page after the first, in any of the styles."""
    query = {k: int(v[0]) for k, v in parse_qs(urlsplit(path).query).items() if v[0].isdigit()}
    return query.get("from", 0) > 0 or query.get("offset", 0) > 0 or query.get("page", 1) > 1


@pytest.mark.parametrize("name", runs_where(lambda s: s.extra_pages > 0, lambda s: str(s.audit)))
def test_a_log_that_ends_before_its_declared_total_is_inconclusive(shaped_runs, name):
    run = shaped_runs(name)
    assert run.result.verdicts["FW-04"] == "INCONCLUSIVE", run.failed()
    reason = run.reason("FW-04")
    assert "The audit log ended" in reason and "the rest was not read" in reason


def test_a_next_page_on_another_site_is_not_followed_with_the_auditors_credentials(tmp_path):
    with ReferenceServer() as server, ReshapingProxy(server.base_url, audit="link-header") as proxy:
        proxy.link_origin = proxy.base_url.replace("127.0.0.1", "localhost")
        profile = _profile(tmp_path, proxy.base_url, [_audit_in_style("link-header")])
        result = cli(
            "run", "--target", str(profile), *QUICK, "--obligation", "FW-04",
            reports=tmp_path / "reports", env=reference_environment(server.tokens),
        )  # fmt: skip
        followed = [path for _, path in proxy.requests if "from=" in path]
    assert result.verdicts["FW-04"] == "INCONCLUSIVE", result.stdout + result.stderr
    reason = next(o["reason"] for o in result.summary["obligations"] if o["id"] == "FW-04")
    assert "next page elsewhere than its own address" in reason
    assert followed == []
