"""`check`'s probe of each declared request: does it answer, as the declared account, with
JSON holding what its `returns` declares?

Only reads are sent (GET and HEAD, the read-only guard of readonly.py); a request that would
write is listed as not probed, never tried. Where a path needs an id (a case, a person), the
probe fills in one that does not exist: a refusal or "not found" then shows the request is
reachable and its credentials accepted, but not what a real answer holds, and the outcome says
so rather than claiming more.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from firewall_conformance.model.outcomes import CapabilityMissing, Inconclusive
from firewall_conformance.targets.http import HttpTarget
from firewall_conformance.targets.pages import first_step
from firewall_conformance.targets.readonly import SAFE_METHODS
from firewall_conformance.targets.request_steps import first_write, is_multi_step

PROBE_VALUE = "firewall-conformance-check-no-such-thing"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# `returns` keys read inside each item of the answer's list, not at its top level.
_PER_ITEM = {"search": {"id"}}


@dataclass(frozen=True)
class ProbeOutcome:
    """One declared request: `ok` None when it was not probed, with `detail` saying why."""

    where: str
    ok: bool | None
    detail: str


def declared(capabilities: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(capability, key path, request) for every request the capabilities declare."""
    for capability, spec in capabilities.items():
        where = f"capabilities.{capability}"
        if "method" in spec:
            yield capability, where, spec
        for name, part in spec.items():
            if isinstance(part, dict) and ("method" in part or is_multi_step(part)):
                yield capability, f"{where}.{name}", part


def _holds(document: Any, dotted: str) -> bool | None:
    """Whether the answer has the dotted path (a `*` part: in the first item of a list);
    None when a list on the way is empty, so it cannot be told."""
    parts = dotted.split(".")
    for position, part in enumerate(parts):
        if part == "*":
            if not isinstance(document, list):
                return False
            if not document:
                return None
            rest = ".".join(parts[position + 1 :])
            return _holds(document[0], rest) if rest else True
        if not isinstance(document, dict) or part not in document:
            return False
        document = document[part]
    return True


def _what_it_holds(
    capability: str, where: str, spec: dict[str, Any], body: Any
) -> tuple[bool, str]:
    """Whether the answer holds every declared `returns` path, and what was found."""
    returns = spec.get("returns", {})
    missing: list[tuple[str, str]] = []
    found: list[tuple[str, str]] = []
    untold: list[tuple[str, str]] = []
    for key, source in returns.items():
        path = source["field"] if isinstance(source, dict) else source  # a value map's field
        if key in _PER_ITEM.get(capability, set()) and "items" in returns:
            path = f"{returns['items']}.*.{path}"
        held = _holds(body, path)
        (untold if held is None else found if held else missing).append((key, path))
    if missing:
        return False, "; ".join(
            f"{where}.returns.{k}: the answer holds no '{p}'" for k, p in missing
        )
    detail = f"JSON; {', '.join(k for k, _ in found) or 'no returns declared'} found"
    if untold:
        detail += f" ({', '.join(k for k, _ in untold)} not shown: the list was empty)"
    return True, detail


def probe_request(
    target: HttpTarget, capability: str, where: str, spec: dict[str, Any]
) -> ProbeOutcome:
    """Probe one declared request, if it only reads."""
    if is_multi_step(spec):
        write = first_write(spec)
        if write is not None:
            number, method = write
            why = f"its step {number} would write to the target ({method})"
        else:
            why = "its later steps take their values from earlier answers"
        return ProbeOutcome(where, None, f"not probed: {why}")
    method = spec["method"]
    if method not in SAFE_METHODS:
        return ProbeOutcome(where, None, f"not probed: it would write to the target ({method})")
    if _PLACEHOLDER.fullmatch(spec["path"]):
        return ProbeOutcome(where, None, "not probed: its address comes from another answer")
    account = spec.get("account", "investigator")
    needs_id = bool(_PLACEHOLDER.search(spec["path"]))
    fields = spec.get("fields", {}) if capability == "search" else {}
    if fields:  # a search is asked by one of its fields, a name if it takes one
        field = min(fields, key=lambda f: (f != "full_name", f == "date_of_birth"))
        spec = {**spec, "query": {**spec.get("query", {}), **fields[field]}}
    values: dict[str, Any] = {
        name: PROBE_VALUE for name in _PLACEHOLDER.findall(str([spec["path"], spec.get("query")]))
    }
    if fields and field == "date_of_birth":
        values["value"] = "1900-01-01"
    if capability == "audit-log" or "pages" in spec:  # a paged list is asked its first page
        values.update(first_step(spec).values)
    try:
        response = target.send_read(f"check {where}", spec, values, account)
    except (Inconclusive, CapabilityMissing) as exc:
        return ProbeOutcome(where, False, str(exc))
    status = response.status_code
    if status == 401:
        return ProbeOutcome(where, False, f"the {account} account's credentials were refused")
    if 300 <= status < 400 or status >= 500 or (status >= 400 and not needs_id):
        return ProbeOutcome(where, False, f"answered {status} {response.reason}")
    if status >= 400:
        return ProbeOutcome(
            where,
            True,
            f"reachable and credentials accepted (answered {status} for an id that does not "
            "exist); what a real answer holds was not checked",
        )
    try:
        body = response.json()
    except ValueError:
        return ProbeOutcome(where, False, "answered with something that is not JSON")
    except RecursionError:
        return ProbeOutcome(where, False, "answered with JSON nested too deeply to read")
    ok, detail = _what_it_holds(capability, where, spec, body)
    return ProbeOutcome(where, ok, detail)


def probe_all(target: HttpTarget) -> list[ProbeOutcome]:
    """Every declared request of the profile, probed or said why not."""
    return [
        probe_request(target, capability, where, spec)
        for capability, where, spec in declared(target.profile.capabilities)
    ]


def not_probed(capabilities: dict[str, Any], why: str) -> list[ProbeOutcome]:
    """Every declared request, listed as not probed, with why."""
    return [
        ProbeOutcome(where, None, f"not probed: {why}") for _, where, _ in declared(capabilities)
    ]
