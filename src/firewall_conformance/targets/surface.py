"""The published API surface: what a target's OpenAPI document offers beyond what its profile maps.

A profile maps only the requests the harness needs, but immigration enforcement's account can
call anything the system serves. So the operations the document lists and the profile does not
map are listed, and the read-only ones (GET, HEAD) planned as probes: path parameters are filled
with the planted persons' and case's ids where the parameter names a person or a case, query
parameters with the planted detail their name asks for (query_fill.py), a search or suggestion
box with each detail typed in on its own; an operation that cannot be filled is left out with
the reason, never silently. Each probe naming a planted person is made again for people not on
record (strangers: unplanted personas, numbers no one holds), so an answer that shows no one
but differs for a person on record (claims/existence.py) is seen too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.persons.personas import Persona
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.decoy_ids import no_one_holds, tried_until_unheld
from firewall_conformance.targets.query_fill import QueryFill, QueryParameter, query_fills

READ_ONLY = ("GET", "HEAD")
_METHODS = ("get", "head", "post", "put", "patch", "delete", "options", "trace")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def template_key(method: str, path: str) -> tuple[str, str]:
    """A request's method and path with every placeholder made alike, so `/persons/{id}` in
    the document and `/persons/{person_id}` in the profile are the same operation."""
    return method.upper(), _PLACEHOLDER.sub("{}", path.rstrip("/") or "/")


@dataclass(frozen=True)
class Operation:
    """One operation of the published document and every query parameter it takes."""

    method: str
    path: str
    query: tuple[QueryParameter, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def required_query(self) -> tuple[str, ...]:
        """The query parameters it cannot be called without."""
        return tuple(p.name for p in self.query if p.required)

    @property
    def parameters(self) -> list[str]:
        return _PLACEHOLDER.findall(self.path)


@dataclass(frozen=True)
class Probe:
    """One read of an unmapped operation, its path filled and `query` its query parameters;
    `about` names the planted person or case whose id or detail filled it, `person` the
    person's label ("" for none) and `details` which of theirs ("person" for the id);
    `stranger` when that person is not on record."""

    operation: Operation
    path: str
    about: str
    query: tuple[tuple[str, str], ...] = ()
    person: str = ""
    stranger: bool = False
    details: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.operation.method} {self.path}"

    @property
    def asked(self) -> tuple[str, str]:
        """What was asked, whoever for: the same for a person's probe and a stranger's."""
        return self.operation.label, self.about.removeprefix(self.person)


@dataclass(frozen=True)
class Read:
    """A probe and the answer it got (any status), or why it got none (`attempt` is None)."""

    probe: Probe
    attempt: Attempt | None
    error: str = ""


@dataclass
class SurfacePlan:
    """What the document lists beyond the profile: the probes to make, every unmapped
    operation left out with why, and `unsearched`: the read-only ones taking query parameters
    the run could not fill (a search or suggestion box), whose answer to a victim's name typed
    in is not seen."""

    unmapped: list[Operation]
    probes: list[Probe]
    left_out: dict[str, str]
    unsearched: list[str] = field(default_factory=list)


def operations(document: Any) -> list[Operation]:
    """Every operation an OpenAPI (or Swagger) document lists; ValueError when it lists none
    or is not such a document."""
    paths = document.get("paths") if isinstance(document, dict) else None
    if not isinstance(paths, dict) or not ("openapi" in document or "swagger" in document):
        raise ValueError("it is not an OpenAPI document (no 'openapi' version and 'paths')")
    found = []
    for path, item in paths.items():
        if not isinstance(path, str) or not path.startswith("/") or not isinstance(item, dict):
            continue
        shared = item.get("parameters", [])
        for method in _METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                parameters = [*shared, *operation.get("parameters", [])]
                query = tuple(
                    QueryParameter.of(p)
                    for p in parameters
                    if isinstance(p, dict) and p.get("in") == "query" and "name" in p
                )
                found.append(Operation(method.upper(), path, query))
    if not found:
        raise ValueError("it lists no operations")
    return found


def declared_requests(capabilities: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """The method and path of every request a profile's capabilities declare, at any depth."""
    stack: list[Any] = [capabilities]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            if isinstance(current.get("method"), str) and isinstance(current.get("path"), str):
                yield current["method"], current["path"]
            stack.extend(current.values())
        elif isinstance(current, list):  # the steps of a multi-step request
            stack.extend(current)


def unmapped(published: Iterable[Operation], mapped: Iterable[tuple[str, str]]) -> list[Operation]:
    """The published operations no mapped request (method, path template) stands for. A path
    that is only a placeholder (a file the system names at run time) maps nothing known."""
    known = {template_key(m, p) for m, p in mapped if template_key(m, p)[1] != "{}"}
    return [op for op in published if template_key(op.method, op.path) not in known]


def _kind(operation: Operation, parameter: str) -> str | None:
    """'person' or 'case' when a path parameter names one (`person_id`, or `id` after
    `/persons/`); None when the run has nothing planted to fill it with."""
    words = parameter.lower()
    if words in ("id", "uuid", "key", "ref"):
        before = operation.path.split("{" + parameter + "}", 1)[0].rstrip("/")
        words = before.rsplit("/", 1)[-1].lower()
    for kind in ("person", "case"):
        if kind in words:
            return kind
    return None


@dataclass(frozen=True)
class Strangers:
    """People not on record, by label: an id no one holds ("" where none was confirmed, and
    then no path naming a person is read for them) and the details typed in for them."""

    ids: Mapping[str, str] = field(default_factory=dict)
    details: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def strangers(
    people: Sequence[Persona], person_id: str, open_record: Callable[[str], Attempt] | None
) -> Strangers:
    """These people not on record, each with a number of the form of `person_id` (a planted
    person's) that the investigator's `open_record` could not open; none where the target
    cannot open a record (None) or none was confirmed, and then no path naming a person is
    read for them."""
    numbers: list[str] = []
    if open_record is not None:
        try:
            tried = tried_until_unheld(open_record, person_id, len(people))
        except Inconclusive:  # an answer the profile does not describe: no number confirmed
            tried = []
        numbers = [number for number, answer in tried if no_one_holds(answer)]
    unheld = [*numbers, *[""] * len(people)]
    return Strangers(
        {p.label: number for p, number in zip(people, unheld, strict=False)},
        {p.label: p.attributes() for p in people},
    )


def plan(
    published: Iterable[Operation],
    mapped: Iterable[tuple[str, str]],
    person_ids: Mapping[str, str],
    case_id: str,
    details: Mapping[str, Mapping[str, str]] | None = None,
    strangers: Strangers | None = None,
) -> SurfacePlan:
    """The probes of every read-only unmapped operation, once per planted person (by label) where
    a path names a person, and once per planted person and detail (`details`, by label) where
    it takes query parameters, and the same for each of `strangers` where a probe names a
    person; every operation left out with why."""
    missing = unmapped(published, mapped)
    others = strangers or Strangers()
    probes: list[Probe] = []
    left_out: dict[str, str] = {}
    unsearched: list[str] = []
    for operation in missing:
        if operation.method not in READ_ONLY:
            left_out[operation.label] = "it would write to the system, so it is not probed"
            continue
        kinds = {p: _kind(operation, p) for p in operation.parameters}
        unknown = [p for p, kind in kinds.items() if kind is None]
        if unknown:
            left_out[operation.label] = (
                f"the run planted nothing to fill its {', '.join(unknown)} with"
            )
            continue
        fills = query_fills(operation.query, person_ids, case_id, details or {})
        if isinstance(fills, str):
            unsearched.append(operation.label)
            left_out[operation.label] = fills
            continue
        probes += _probes(operation, kinds, fills, person_ids, case_id)
        if others.ids:
            theirs = query_fills(operation.query, others.ids, case_id, others.details)
            if not isinstance(theirs, str):
                found = _probes(operation, kinds, theirs, others.ids, case_id)
                probes += [replace(p, stranger=True) for p in found if p.person]
    return SurfacePlan(missing, probes, left_out, unsearched)


def _probes(
    operation: Operation,
    kinds: Mapping[str, str | None],
    fills: Iterable[QueryFill],
    person_ids: Mapping[str, str],
    case_id: str,
) -> list[Probe]:
    """The probes of one operation for each filling of its query; a path naming a person is
    read for each person with an id."""
    probes = []
    for fill in fills:
        named = "person" in kinds.values()
        if fill.person or not named:
            about = fill.about or ("the case" if kinds else "no planted id")
            persons = [(fill.person, about, person_ids.get(fill.person, ""))]
        else:
            persons = [(label, label, pid) for label, pid in person_ids.items()]
        details = (*fill.details, *(["person"] if named else []))
        for person, about, person_id in persons:
            if named and not person_id:
                continue
            filled = {
                name: {"person": person_id, "case": case_id}[str(kind)]
                for name, kind in kinds.items()
            }
            path = _fill(operation.path, filled)
            probes.append(Probe(operation, path, about, fill.query, person, details=details))
    return probes


def _fill(path: str, values: Mapping[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: quote(values[m.group(1)], safe=""), path)


def read_all(
    probes: Iterable[Probe], read: Callable[[str, Mapping[str, str]], Attempt]
) -> list[Read]:
    """Make every probe; one that errs or times out is kept with why, so it is listed as not
    examined rather than taken for an empty answer."""
    reads = []
    for probe in probes:
        try:
            reads.append(Read(probe, read(probe.path, dict(probe.query))))
        except Inconclusive as exc:
            reads.append(Read(probe, None, str(exc)))
    return reads
