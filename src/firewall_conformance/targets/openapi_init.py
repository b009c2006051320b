"""`firewall-conformance init --openapi`: a commented target profile skeleton from a system's
OpenAPI document.

Each request the harness can make is matched to the document's operations (openapi_match.py);
a certain match is written as found, anything else as a TODO, in a comment and in the value
itself, so `check` refuses the profile until a person has settled it (profile_names.py). The
skeleton is valid against the profile schema as it stands, TODOs included.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any
from urllib.parse import urlsplit

import yaml

from firewall_conformance.inputs.documents import schema
from firewall_conformance.targets.base import CAPABILITIES
from firewall_conformance.targets.openapi_auth import account_entry, scheme_note
from firewall_conformance.targets.openapi_match import (
    Endpoint,
    Match,
    Schemas,
    endpoints,
    field_for,
    init_words,
    match,
    named,
)
from firewall_conformance.targets.openapi_paging import data_format, page_request, paging
from firewall_conformance.targets.openapi_source import shown
from firewall_conformance.wording.control_characters import visible

_PARAMETER = re.compile(r"\{[^{}]+\}")
_ACCOUNTS = ("investigator", "immigration_officer", "auditor")
_RECIPIENTS = ("immigration-enforcement", "prosecution", "local-authority")
_NO_MATCH_PATH = "/TODO-no-operation-fits"
_CONFIRM_PREFIX = "/TODO-confirm"


def _comment(text: str) -> str:
    """Text from the document (a scheme's name, an operation's path) as part of one comment
    line: a line break in it would start a line of YAML of the document's choosing (a second
    `target:` whose `base_url` the loader keeps), and a control character would reach the
    terminal of whoever reads the skeleton."""
    return visible(text).replace("\n", " ")


def _dump(key: str, value: Any, indent: int) -> list[str]:
    text = yaml.safe_dump({key: value}, sort_keys=False, width=100, allow_unicode=True)
    return [" " * indent + line for line in text.rstrip("\n").splitlines()]


class _Writer:
    """Builds one request of the profile from its match."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.schemas = Schemas(document)

    def body(self, schema: Any, values: list[str], depth: int = 0) -> tuple[dict[str, Any], int]:
        """The request body: fields the harness fills, TODO for required ones it cannot;
        with how many fields were filled."""
        resolved = self.schemas.resolve(schema)
        required = set(resolved.get("required", []))
        body: dict[str, Any] = {}
        filled = 0
        for name, sub in (resolved.get("properties") or {}).items():
            placeholder = field_for(name, values)
            nested = self.schemas.resolve(sub)
            if placeholder:
                body[name], filled = "{" + placeholder + "}", filled + 1
            elif nested.get("properties") and depth < 3:
                inner, inner_filled = self.body(nested, values, depth + 1)
                if inner_filled or name in required:
                    body[name], filled = inner, filled + inner_filled
            elif name in required:
                body[name] = f"TODO: the value to send as {name}"
        return body, filled

    def returns(self, spec: dict[str, Any], answer: dict[str, Any]) -> dict[str, str]:
        props = self.schemas.properties(answer)
        found: dict[str, str] = {}
        for key, candidates in spec.get("returns", {}).items():
            where = props
            if key == "id" and "items" in found:  # a search's id is read in each item
                where = self.schemas.properties(
                    self.schemas.resolve(props[found["items"]]).get("items")
                )
            name = named(candidates, list(where))
            found[key] = name or f"TODO: where the answer holds the {key.replace('_', ' ')}"
        return found

    def query(
        self, endpoint: Endpoint, spec: dict[str, Any]
    ) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
        query: dict[str, str] = {}
        fields: dict[str, dict[str, str]] = {}
        for harness_field, candidates in spec.get("search_fields", {}).items():
            parameter = named(candidates, list(endpoint.query))
            if parameter and parameter not in {p for f in fields.values() for p in f}:
                fields[harness_field] = {parameter: "{value}"}
        used = {p for f in fields.values() for p in f}
        for parameter, required in endpoint.query.items():
            placeholder = field_for(parameter, spec.get("values", []))
            if placeholder:
                query[parameter] = "{" + placeholder + "}"
            elif required and parameter not in used:
                query[parameter] = f"TODO: the value to send as {parameter}"
        if "search_fields" in spec and not fields:
            fields = {"full_name": {"TODO: the query parameter a name is searched by": "{value}"}}
        return query, fields

    def request(self, found: Match, spec: dict[str, Any]) -> dict[str, Any]:
        endpoint = found.endpoint
        request: dict[str, Any] = {"method": spec["method"]}
        if endpoint is None:
            request["path"] = _NO_MATCH_PATH
        else:
            names = iter(spec.get("params", []))
            path = _PARAMETER.sub(lambda m: "{" + next(names) + "}", endpoint.path)
            request["path"] = path if found.confidence == "certain" else _CONFIRM_PREFIX + path
        if "account" in spec:
            request["account"] = spec["account"]
        if "does" in spec:
            request["does"] = spec["does"]
        if endpoint is not None:
            query, fields = self.query(endpoint, spec)
            if query:
                request["query"] = query
            if fields:
                request["fields"] = fields
            if spec["method"] in ("POST", "PUT", "PATCH") and endpoint.body:
                body, _ = self.body(endpoint.body, spec.get("values", []))
                if body:
                    request["body"] = body
        if "returns" in spec:
            request["returns"] = (
                self.returns(spec, endpoint.answer)
                if endpoint is not None
                else {k: f"TODO: where the answer holds the {k}" for k in spec["returns"]}
            )
        request.update(spec.get("settings", {}))
        if endpoint is not None:
            self.beyond_fields(request, endpoint, spec)
        return request

    def beyond_fields(
        self, request: dict[str, Any], endpoint: Endpoint, spec: dict[str, Any]
    ) -> None:
        """Paging of a list, and an export answered with the data itself."""
        found = paging(endpoint, self.schemas) if spec.get("paged") else None
        # A list declared with a {cursor} already pages by cursor, the default style.
        if found is not None and not (found[0] == "cursor" and "cursor" in spec.get("values", [])):
            page_request(request, found)
        fmt = data_format(endpoint) if spec.get("answers_data") else None
        if fmt is not None:
            for key in ("returns", "download"):
                request.pop(key, None)
            request.update(answer="data", formats=[fmt])


def _log_kinds() -> list[str]:
    """Every kind of request the profile schema lets a log action be mapped for."""
    audit = schema("profile")["properties"]["capabilities"]["properties"]["audit-log"]
    return list(audit["properties"]["actions"]["propertyNames"]["enum"])


def _why(found: Match) -> list[str]:
    if found.endpoint is None:
        return [
            "TODO: no operation of the document fits; give the request, or remove it (and "
            "its capability, if it is the only one) to leave its scenarios NOT TESTED"
        ]
    label = f"{found.endpoint.method} {found.endpoint.path}"
    if found.confidence == "certain":
        return [f"matched {label} ({found.endpoint.operation_id or 'no operationId'}): certain"]
    others = ", ".join(f"{e.method} {e.path}" for e in found.others[:4])
    return [
        f"TODO: uncertain: {label} fits as well as {others};",
        f"  confirm the path (remove {_CONFIRM_PREFIX}) or give the right one",
    ]


def _target(document: dict[str, Any], source: str, found: list[Endpoint]) -> dict[str, Any]:
    parts = urlsplit(source)
    servers = document.get("servers") or [{}]
    server = str(servers[0].get("url", "")) if isinstance(servers[0], dict) else ""
    if urlsplit(server).scheme in ("http", "https"):
        base_url = server
    elif parts.scheme in ("http", "https"):
        port = f":{parts.port}" if parts.port else ""
        base_url = f"{parts.scheme}://{parts.hostname}{port}{server}"
    else:
        base_url = "http://TODO-the-system-address.invalid"
    target: dict[str, Any] = {
        "name": f"TODO: a name for {document.get('info', {}).get('title', 'the system')}",
        "base_url": base_url.rstrip("/"),
    }
    health = [
        e for e in found if e.method == "GET" and not e.params and e.words & {"health", "ping"}
    ]
    if len(health) == 1:
        target["health"] = health[0].path
    if parts.scheme in ("http", "https") and parts.path.startswith("/"):
        target["openapi"] = parts.path
    return target


_HEADER = """\
# Target profile skeleton written by `firewall-conformance init` from {source}.
# Every request the harness can make was matched to the operations of that document by method,
# path words and field names. What is marked TODO is a guess or a gap: settle each one (fill it
# in, or remove the request or capability, whose scenarios are then NOT TESTED) and run
# `firewall-conformance check --target THIS-FILE` until it passes. `check` refuses any TODO.
# Credentials never go here: name the environment variable that holds each account's token.
profile_version: 1
"""


def skeleton(document: dict[str, Any], source: str) -> str:
    """The profile skeleton (YAML text with comments) for an OpenAPI document read from
    `source` (a URL's user, password and query are never written)."""
    found = endpoints(document)
    writer = _Writer(document)
    lines = _HEADER.format(source=shown(source)).splitlines()
    lines += _dump("target", _target(document, source, found), 0)
    lines += [
        "",
        f"# How each account logs in, from {_comment(scheme_note(document))}. TODO: the",
        "# environment variable holding each secret, and each name only the force knows.",
    ]
    lines += _dump("accounts", {a: account_entry(document, a) for a in _ACCOUNTS}, 0)
    lines += [
        "",
        "# TODO: who stands for each recipient class in this system, and what a disclosure or",
        "# export to it is asked for with. approved_fields is the force's policy (FW-09, FW-14);",
        "# add `onward_use: true` to a recipient free to pass on what it receives (FW-10).",
    ]
    lines += _dump(
        "recipients",
        {
            r: {
                "id": f"TODO: the system's id for {r}",
                "purpose": "TODO: the purpose code",
                "legal_basis": "TODO: the legal basis",
                "approved_fields": [f"TODO: the fields approved for {r}, or remove"],
            }
            for r in _RECIPIENTS
        },
        0,
    )
    lines += ["", "capabilities:"]
    requests = init_words()["requests"]
    for capability in CAPABILITIES:
        names = [r for r in requests if r.split(".")[0] == capability]
        if not names:
            continue
        lines.append(f"  {capability}:")
        for name in names:
            spec = requests[name]
            found_match = match(name, spec, found)
            request = writer.request(found_match, spec)
            if name == "audit-log":
                request["actions"] = {
                    kind: [f"TODO: the log action of a {kind} (remove if the log has none)"]
                    for kind in _log_kinds()
                }
            indent = 4
            notes = _why(found_match) + textwrap.wrap(spec.get("note", ""), 90)
            lines += [" " * indent + "# " + _comment(text) for text in notes]
            if "." in name:
                lines += _dump(name.split(".", 1)[1], request, indent)
            else:
                lines += [
                    line for key, value in request.items() for line in _dump(key, value, indent)
                ]
    return "\n".join(lines) + "\n"
