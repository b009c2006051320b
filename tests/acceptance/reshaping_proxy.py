"""A proxy that gives the reference system's answers another system's shape, on a real socket:
exports answered with the file itself, and the audit log nested, with a boolean success flag
and paged by Link header, page number or offset (issue 14). What the reference holds is not
changed, only how it is told, so every verdict through the proxy must match the reference's.

The log is re-chained under the new shape (field `digest` over the entry without it, `prev`
linking), as a system built that way would chain it.
"""

from __future__ import annotations

import json
import tempfile
import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from firewall_conformance.reference.casebook.shapes import chained
from firewall_conformance.reference.niem_xml import write_xml
from tests.acceptance.faultproxy import FaultProxy, Rule
from tests.acceptance.hostile_answers import HOSTILE_ANSWERS

# Entries on a page of the log: a run's log here holds hundreds, so every read of it still
# spans many pages, in less than half the requests (and CPU) that pages of 10 took.
PAGE_SIZE = 25
AUDIT_PATH = "/api/v1/audit"
EXPORTS_PATH = "/api/v1/exports"
SEARCH_PATH = "/api/v1/persons"
# What a paged search shows on its first page: someone the harness never planted, so every
# planted person found is on page 2 or later.
FILLER = {"person_id": "P-FILLER", "given_name": "Nobody", "family_name": "Planted", "roles": []}
_PAGING = frozenset({"page", "cursor", "from"})
# The request headers a reshaped exchange passes on: who is asking, and the export's body type.
_PASSED_ON = frozenset({"authorization", "cookie", "content-type"})


def _nested(entry: dict) -> dict:
    """A reference entry as a system that nests its details and flags success would log it."""
    return {
        "seq": entry["seq"],
        "when": entry["at"],
        "who": {"name": entry["actor"]},
        "event": {
            "type": entry["action"],
            "target": entry["object"],
            "details": {
                "success": entry["outcome"] == "allowed",
                "recipient": entry["recipient_id"],
                "purpose": entry["purpose"],
                "basis": entry["legal_basis"],
                "note": entry["detail"],
            },
        },
    }


RETOLD = {"json-array": "application/json", "xml": "application/xml"}


def _retold(kind: str, file_path: str, records: list[dict]) -> bytes:
    if kind == "json-array":
        return json.dumps(records).encode()
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "extract.xml"
        write_xml(path, file_path.rstrip("/").split("/")[-2], records)
        return path.read_bytes()


class ReshapingProxy(FaultProxy):
    """Forward to `upstream`; answer exports as `export` says (None; "body" or "attachment":
    the file itself; "json-array" or "xml": the NDJSON export retold as one JSON array or as
    NIEM XML, for an export asked for in format `json` or `xml`; a hostile answer's name, such
    as "login-page": that answer in place of the export)
    and the audit log in `audit` style (None, "link-header", "page-number", "offset"), its
    declared total overstated by `extra_pages` pages when given (a log cut short), its Link
    header's addresses on `link_origin` when given (another site). A search is paged in
    `search` style (None, "page-number", "cursor", "link-header"), one result a page after a
    first page holding only FILLER; `search_as` (a token) answers every search as that user
    would see it, as a system whose search forgets who is asking."""

    def __init__(
        self,
        upstream: str,
        *,
        export: str | None = None,
        audit: str | None = None,
        extra_pages: int = 0,
        link_origin: str | None = None,
        search: str | None = None,
        search_as: str | None = None,
    ) -> None:
        rules = []
        if search is not None:
            rules.append(Rule(f"search-{search}", SEARCH_PATH, "GET"))
        if export in HOSTILE_ANSWERS:
            rules.append(Rule(export, EXPORTS_PATH, "POST"))
        elif export is not None:
            rules.append(Rule(f"export-{export}", EXPORTS_PATH, "POST"))
        if audit is not None:
            rules.append(Rule(f"audit-{audit}", AUDIT_PATH, "GET"))
        super().__init__(upstream, rules)
        self.extra_pages = extra_pages
        self.link_origin = link_origin or self.base_url
        self.search_as = search_as
        self._log_lock = threading.Lock()
        self._read: dict[tuple, list[dict]] = {}
        self._told: dict[tuple, list[dict]] = {}

    def _fault(self, handler: BaseHTTPRequestHandler, rule: Rule, body: bytes) -> None:
        if rule.kind in HOSTILE_ANSWERS:
            return super()._fault(handler, rule, body)
        headers = {k: v for k, v in handler.headers.items() if k.lower() in _PASSED_ON}
        if rule.kind.startswith("export-"):
            return self._export(handler, rule.kind.removeprefix("export-"), headers, body)
        if rule.kind.startswith("search-"):
            return self._search(handler, rule.kind.removeprefix("search-"), headers)
        return self._audit(handler, rule.kind.removeprefix("audit-"), headers)

    def _send(
        self, handler: BaseHTTPRequestHandler, status: int, content: bytes, headers: dict
    ) -> None:
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(content)))
        handler.end_headers()
        handler.wfile.write(content)

    def _export(
        self, handler: BaseHTTPRequestHandler, kind: str, headers: dict, body: bytes
    ) -> None:
        retold = kind in RETOLD
        if retold:  # the reference writes NDJSON; this system answers it in another shape
            body = json.dumps({**json.loads(body), "format": "ndjson"}).encode()
        status, _, upstream_headers, content = self._upstream("POST", EXPORTS_PATH, headers, body)
        if not 200 <= status < 300:
            kept = {k: v for k, v in upstream_headers if k.lower() == "content-type"}
            return self._send(handler, status, content, kept)
        file_path = json.loads(content)["file_path"]
        asking = {k: v for k, v in headers.items() if k.lower() != "content-type"}
        status, _, file_headers, data = self._upstream("GET", file_path, asking, b"")
        answer = {k: v for k, v in file_headers if k.lower() == "content-type"}
        if retold:
            records = [json.loads(line) for line in data.decode("utf-8").splitlines() if line]
            data, answer = _retold(kind, file_path, records), {"Content-Type": RETOLD[kind]}
        if kind == "attachment":
            name = file_path.rstrip("/").split("/")[-2]
            answer["Content-Disposition"] = f'attachment; filename="{name}"'
        return self._send(handler, status, data, answer)

    def _search(self, handler: BaseHTTPRequestHandler, style: str, headers: dict) -> None:
        parts = urlsplit(handler.path)
        if parts.path != SEARCH_PATH:  # a record opened by id, not a search
            return handler._forward(b"")  # type: ignore[attr-defined]
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        asked = "&".join(f"{k}={quote(v)}" for k, v in query.items() if k not in _PAGING)
        if self.search_as is not None:
            headers = {**headers, "Authorization": f"Bearer {self.search_as}"}
        status, _, _, content = self._upstream("GET", f"{SEARCH_PATH}?{asked}", headers, b"")
        json_type = {"Content-Type": "application/json"}
        if status != 200:
            return self._send(handler, status, content, json_type)
        pages = [[FILLER]] + [[item] for item in json.loads(content)["items"]]
        if style == "page-number":
            number = int(query["page"])
            answer = {
                "items": pages[number - 1] if number <= len(pages) else [],
                "pages": len(pages),
            }
            return self._send(handler, 200, json.dumps(answer).encode(), json_type)
        index = int(query.get("cursor") or query.get("from") or 0)
        following = index + 1 if index + 1 < len(pages) else None
        if style == "cursor":
            answer = {"items": pages[index], "next": None if following is None else str(following)}
            return self._send(handler, 200, json.dumps(answer).encode(), json_type)
        extra = dict(json_type)
        if following is not None:
            extra["Link"] = f'<{SEARCH_PATH}?{asked}&from={following}>; rel="next"'
        return self._send(handler, 200, json.dumps({"items": pages[index]}).encode(), extra)

    def _whole_log(self, headers: dict) -> tuple[int, bytes, list[dict]]:
        """The reference's log so far, nested and chained. The reference only appends to it,
        so what each asker has read is kept and only later entries are asked for: the harness
        reads the log a page at a time, and reading it all again for each page made a run's
        reading quadratic in the log's length."""
        asker = tuple(sorted((k.lower(), v) for k, v in headers.items()))
        with self._log_lock:
            read = self._read.setdefault(asker, [])
            after: object = read[-1]["seq"] if read else 0
            while after is not None:
                status, _, _, content = self._upstream(
                    "GET", f"{AUDIT_PATH}?after={after}&limit=500", headers, b""
                )
                if status != 200:
                    return status, content, []
                page = json.loads(content)
                read += page["items"]
                after = page["next_after"]
            if len(self._told.get(asker, ())) != len(read):
                self._told[asker] = chained([_nested(e) for e in read])
            return 200, b"", self._told[asker]

    def _audit(self, handler: BaseHTTPRequestHandler, style: str, headers: dict) -> None:
        status, refusal, entries = self._whole_log(headers)
        if status != 200:
            return self._send(handler, status, refusal, {"Content-Type": "application/json"})
        query = {k: v[0] for k, v in parse_qs(urlsplit(handler.path).query).items()}
        pages = -(-len(entries) // PAGE_SIZE) + self.extra_pages
        json_type = {"Content-Type": "application/json"}
        if style == "link-header":
            start = int(query.get("from", 0))
            items = entries[start : start + PAGE_SIZE]
            extra = dict(json_type)
            if start + PAGE_SIZE < len(entries):
                following = f"{self.link_origin}{AUDIT_PATH}?from={start + PAGE_SIZE}"
                extra["Link"] = (
                    f'<{following}>; rel="next", <{self.link_origin}{AUDIT_PATH}>; rel="first"'
                )
            return self._send(handler, 200, json.dumps({"log": items}).encode(), extra)
        if style == "page-number":
            number = int(query["page"])
            items = entries[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
            answer = {"data": {"entries": items}, "meta": {"page": number, "pages": pages}}
            return self._send(handler, 200, json.dumps(answer).encode(), json_type)
        start = int(query["offset"])
        items = entries[start : start + int(query["limit"])]
        answer = {"results": items, "count": len(entries) + self.extra_pages * PAGE_SIZE}
        return self._send(handler, 200, json.dumps(answer).encode(), json_type)
