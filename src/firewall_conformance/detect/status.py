"""Finding immigration-status data on victims and witnesses without canaries.

For data an inspector holds but did not plant: a field whose name marks immigration status
(see `vocabulary`), with a value that says something, on a person who holds a victim or a
witness role. Values are never reported: a finding shows the field, its locator, the value's
length and a salted hash (equal values hash alike within a run, nothing more).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple, Protocol
from xml.etree.ElementTree import Element

from firewall_conformance.detect.embedded import embedded_fields
from firewall_conformance.detect.errors import UnreadableExport, WorkerDied
from firewall_conformance.detect.memo import NAMES_REMEMBERED
from firewall_conformance.detect.pairs import paired
from firewall_conformance.detect.role_words import role_words
from firewall_conformance.detect.roles import (
    COLUMN_ENDS,
    PROTECTED_ROLES,
    RoleLinker,
    bare,
    flat_roles,
    xml_ids,
)
from firewall_conformance.detect.shapes import flat_shape, under, value_plan
from firewall_conformance.detect.sources import Source, open_sources
from firewall_conformance.detect.spool import Spool
from firewall_conformance.detect.status_binding import (
    UNKNOWN_ROLE,
    beyond_names,
    rows_beyond_names,
)
from firewall_conformance.detect.status_lines import ChunkStatus, Judgements, chunk_statuses
from firewall_conformance.detect.status_values import status_values
from firewall_conformance.detect.structured import (
    Fields,
    element_fields,
    source_records,
    xml_events,
    xml_records,
)
from firewall_conformance.detect.vocabulary import Vocabulary, vocabulary
from firewall_conformance.detect.xmlhead import xml_stream

_INDEX = re.compile(r"\[\d+\]$")
_INDEXES = re.compile(r"\[\d+\]")


class StatusFinding(NamedTuple):
    """One immigration field on a victim or witness. A named tuple: millions of them may be
    made, sent back from worker processes and kept, and a tuple is the cheapest of those."""

    source: str
    record: int
    field: str
    category: str
    role: str
    person: str
    value_length: int
    value_hash: str

    @classmethod
    def of(
        cls,
        source: str,
        record: int,
        locator: str,
        value: str,
        category: str,
        role: str,
        person: str,
        salt: bytes,
    ) -> StatusFinding:
        """A finding that keeps the value's length and salted hash, never the value."""
        return cls(
            source,
            record,
            locator,
            category,
            role,
            person,
            len(value.strip()),
            salted_hash(value, salt),
        )

    def to_json(self) -> dict[str, Any]:
        return self._asdict()

    def shown(self) -> str:
        """Where it is and what it is, its value never shown."""
        return (
            f"{self.source} record {self.record}, {self.field} ({self.category}, "
            f"{self.value_length} characters, salted hash {self.value_hash})"
        )


def finding_spool(findings: Iterable[StatusFinding] = ()) -> Spool[StatusFinding]:
    """A spool that writes findings as plain tuples (`Spool`)."""
    return Spool(findings, kind=StatusFinding._make)


def whole_record(record: int) -> str:
    """The person a flat record is about when it names no part of itself (a CSV row)."""
    return f"record {record}"


def person_of(owner: str, record: int) -> str:
    """Who a part of a flat record is, by the part ('$.victims[0]'; a wide record's columns by
    their common start, 'victim1' of 'victim1_imm_status'), or the record itself when it names
    no part (a CSV row)."""
    return owner.rstrip(COLUMN_ENDS) or whole_record(record)


@dataclass
class StatusReport:
    """What one stream held. `names_roles`: whether a record (in XML, an element) names a
    person's role: with records but none of them, no one can be cleared as not a victim or
    witness, so the roles are unknown and nothing found proves nothing. `unbound`: status data
    whose person's role cannot be told (`status_binding`), which proves nothing either."""

    source: str
    format: str = ""
    records: int = 0
    findings: Spool[StatusFinding] = field(default_factory=lambda: finding_spool())
    names_roles: bool = False
    unbound: Spool[StatusFinding] = field(default_factory=lambda: finding_spool())

    def add_part(self, part: ChunkStatus) -> None:
        """One chunk's part of a CSV or NDJSON stream's report (`status_lines`)."""
        self.records += part.records
        self.names_roles = self.names_roles or part.names_roles
        self.add(part.findings)

    @property
    def roles_unknown(self) -> bool:
        return bool(self.records) and (not self.names_roles or bool(self.unbound))

    def add(self, found: Sequence[tuple[Any, ...]]) -> None:
        """Findings on victims and witnesses, and status data of a role unknown, kept apart;
        each a `StatusFinding` or the plain tuple of one."""
        unknown = [f for f in found if f[4] == UNKNOWN_ROLE]
        if unknown:
            found = [f for f in found if f[4] != UNKNOWN_ROLE]
            self.unbound.add_rows(unknown)
        self.findings.add_rows(found)


@lru_cache(maxsize=NAMES_REMEMBERED)
def salted_hash(value: str, salt: bytes) -> str:
    """Remembered: a status column's values repeat record after record."""
    return hashlib.sha256(salt + value.strip().casefold().encode("utf-8")).hexdigest()[:16]


def path_category(words: Vocabulary, locator: str, base: str) -> str | None:
    """The category of the innermost name below `base` that marks immigration data: a value in
    nc:PersonCitizenship/nc:CountryText is citizenship data, as is passport.number in JSON."""
    return words.remembered(("path", locator, base), lambda: _path_category(words, locator, base))


def _path_category(words: Vocabulary, locator: str, base: str) -> str | None:
    below = locator[len(base) :] if base and locator.startswith(base) else locator
    parts = [p for p in re.split(r"[./]", _INDEX.sub("", below)) if p and p != "$"]
    for part in reversed(parts):
        category = words.category(_INDEX.sub("", part))
        if category:
            return category
    if not locator.startswith(("$", "/")):
        # a CSV or sheet column's name may hold dots of its own ("Imm. Status"): read it whole
        return words.category(re.sub(r"[./]", " ", below))
    return None


def _first_protected(roles: set[str] | frozenset[str]) -> str | None:
    return min(roles & PROTECTED_ROLES, default=None)


@lru_cache(maxsize=NAMES_REMEMBERED)
def _protected(roles: frozenset[str]) -> str | None:
    """Remembered: a role column names the same few sets of roles record after record."""
    return _first_protected(roles)


def flat_status(
    fields: Fields,
    source: str,
    record: int,
    salt: bytes,
    words: Vocabulary,
    documents: bool = True,
) -> tuple[bool, list[StatusFinding]]:
    """One flat record (CSV, NDJSON, JSON, Parquet row), as every engine reads it: its
    name/value pairs and the documents kept in its text fields read as fields too; whether it
    names anyone's role, and the immigration fields under any part of it that names a victim or
    witness role. What its names say is worked out once per shape (`shapes`). `documents`
    False: the raw record holds no bracket, so no value can be a document to look into."""
    if documents:
        fields = fields + embedded_fields(fields)
    shape = flat_shape(fields, words)
    pairs = paired(fields, shape.pairs)
    held = flat_roles([fields[i] for i in shape.role_fields] + pairs)
    for owner, keyed in shape.keyed.items():
        held.setdefault(owner, set()).update(keyed)
    findings = []
    for owner, roles in held.items():
        role = _first_protected(roles)
        if role is None:
            continue
        person = person_of(owner, record)
        marked = [(*fields[i], kind) for i, kind in shape.marked(owner, words, path_category)]
        for locator, value in pairs:
            kind = path_category(words, locator, owner) if under(owner, locator) else None
            if kind:
                marked.append((locator, value, kind))
        for locator, value, kind in marked:
            if words.says_something(value):
                findings.append(
                    StatusFinding.of(source, record, locator, value, kind, role, person, salt)
                )
    for locator, value, kind, role, owner in beyond_names(
        fields, pairs, shape.pairs, held, words, path_category
    ):
        person = person_of(owner, record)
        findings.append(StatusFinding.of(source, record, locator, value, kind, role, person, salt))
    return bool(held), findings


def flat_rows_status(
    locators: tuple[str, ...],
    rows: Sequence[Sequence[Any]],
    records: Sequence[int],
    source: str,
    salt: bytes,
    words: Vocabulary,
) -> tuple[bool, list[tuple[Any, ...]]]:
    """Flat records of one shape that hold no document (the rows of a CSV chunk, the flat JSON
    objects of a batch without their null values), each given as its values in the order of
    `locators`, with its number: judged as `flat_status` judges each record's fields, but
    through the shape's plan (`shapes.value_plan`), reading only the values of the role fields
    and, under a part that names a victim or witness, of its marked fields; a single role field
    is read a column at a time. A shape with name/value pairs, whose names are values, is read
    field by field. The findings come as plain tuples, as `StatusFinding.of` makes them."""
    plan = value_plan(locators, words, path_category)
    if plan.paired:
        named, found = _field_by_field(locators, rows, records, source, salt, words)
        return named, list(map(tuple, found))
    reread = rows_beyond_names(locators, plan.roles, rows, words, path_category)
    if reread:
        return _partly_by_fields(locators, rows, records, source, salt, words, reread)
    named, protected = _protected_parts(plan.roles, rows)
    findings: list[tuple[Any, ...]] = []
    empty = words.empty_values
    for row, record, parts in zip(rows, records, protected, strict=True):
        for owner, role in parts:
            person = person_of(owner, record)
            for index, locator, kind in plan.marked[owner]:
                value = str(row[index])
                kept = value.strip()
                if kept.casefold() not in empty:
                    hashed = salted_hash(value, salt)
                    findings.append(
                        (source, record, locator, kind, role, person, len(kept), hashed)
                    )
    return named, findings


def _partly_by_fields(
    locators: tuple[str, ...],
    rows: Sequence[Sequence[Any]],
    records: Sequence[int],
    source: str,
    salt: bytes,
    words: Vocabulary,
    reread: list[int],
) -> tuple[bool, list[tuple[Any, ...]]]:
    """Rows judged by their fields where `status_binding` may find more than names show, the
    rest by their values; the findings in record order, as every other reader gives them."""
    chosen = set(reread)
    kept = [at for at in range(len(rows)) if at not in chosen]
    by_fields, fielded = _field_by_field(
        locators, [rows[at] for at in reread], [records[at] for at in reread], source, salt, words
    )
    by_values, valued = flat_rows_status(
        locators, [rows[at] for at in kept], [records[at] for at in kept], source, salt, words
    )
    found = sorted([*map(tuple, fielded), *valued], key=itemgetter(1))
    return by_fields or by_values, found


def _field_by_field(
    locators: tuple[str, ...],
    rows: Sequence[Sequence[Any]],
    records: Sequence[int],
    source: str,
    salt: bytes,
    words: Vocabulary,
) -> tuple[bool, list[StatusFinding]]:
    named, findings = False, []
    for row, record in zip(rows, records, strict=True):
        fields = list(zip(locators, map(str, row), strict=True))
        holds, found = flat_status(fields, source, record, salt, words, False)
        named = named or holds
        findings += found
    return named, findings


Parts = tuple[tuple[str, str], ...]  # (part, victim or witness role) of one record


@lru_cache(maxsize=NAMES_REMEMBERED)
def _role_parts(value: str, owner: str) -> tuple[bool, Parts]:
    """Whether a role field's value names any role, and the part it states the role of if that
    is a victim or witness role; remembered, as a role column's few values recur."""
    roles = role_words().named(value)
    role = _first_protected(roles)
    return bool(roles), ((owner, role),) if role else ()


def _protected_parts(
    roles: tuple[tuple[int, str], ...], rows: Sequence[Sequence[Any]]
) -> tuple[bool, list[Parts]]:
    """Whether any row names a role, and for each row its parts that name a victim or witness,
    with the role (`flat_roles`: every role field of a part counts)."""
    if len(roles) == 1:
        [(at, owner)] = roles
        column = map(str, map(itemgetter(at), rows))
        found = list(map(_role_parts, column, repeat(owner)))
        return any(map(itemgetter(0), found)), list(map(itemgetter(1), found))
    named, protected = False, []
    for row in rows:
        held: dict[str, frozenset[str]] = {}
        for at, owner in roles:
            named_here = role_words().named(str(row[at]))
            if named_here:
                held[owner] = held.get(owner, frozenset()) | named_here
        named = named or bool(held)
        parts = [(owner, _protected(roles_)) for owner, roles_ in held.items()]
        protected.append(tuple((owner, role) for owner, role in parts if role))
    return named, protected


def _xml_links(source: Source, encoding: str | None) -> tuple[dict[str, set[str]], int]:
    """Pass 1: the roles that reach each id (`RoleLinker`), and how many elements name one."""
    linker = RoleLinker()
    depth = 0
    for event, element in xml_events(source, encoding):
        if event == "start":
            linker.start(element)
            depth += 1
            continue
        linker.end()
        depth -= 1
        if depth <= 1:
            element.clear()
    return linker.roles(), linker.named


class Chosen(NamedTuple):
    """A person element whose status details are reported: the record it is counted in, the
    victim or witness role it holds, and the person it is (its id, or 'inline')."""

    record: int
    role: str
    person: str


class PersonChooser(Protocol):
    """How a reader picks person elements in the second pass over a NIEM-style document: fed
    each element as it starts and ends, with the role `RoleLinker` says is in force there."""

    def start(self, element: Element, role: str | None) -> None: ...

    def end(self, element: Element, role: str | None) -> Chosen | None: ...


def xml_status_findings(
    source: Source,
    encoding: str | None,
    linker: RoleLinker,
    chooser: PersonChooser,
    salt: bytes,
    words: Vocabulary,
    sensitive: frozenset[str] = frozenset(),
) -> Iterator[StatusFinding]:
    """The second pass every reader of NIEM-style XML shares: the status details inside each
    person element `chooser` picks. A field named in `sensitive` (anywhere on its path) is one
    whatever its name says; one whose name says nothing is one when its value states status
    (`status_values`), as in a flat record; each record is released once read."""
    values = status_values()
    path: list[str] = []
    roles: list[str | None] = []
    root: Element | None = None
    for event, element in xml_events(source, encoding):
        if event == "start":
            root = element if root is None else root
            path.append(bare(element.tag))
            roles.append(linker.start(element))
            chooser.start(element, roles[-1])
            continue
        linker.end()
        chosen = chooser.end(element, roles.pop())
        if chosen is not None:
            base = "/" + "/".join(path)
            for locator, value in element_fields(element, base, {}):
                named = sensitive and {bare(_INDEXES.sub("", p)) for p in locator.split("/") if p}
                category = (
                    "mapped sensitive field"
                    if named and named & sensitive
                    else path_category(words, locator, base.rsplit("/", 1)[0])
                    or values.category(value)
                )
                if category and words.says_something(value):
                    yield StatusFinding.of(
                        source.label,
                        chosen.record,
                        locator,
                        value,
                        category,
                        chosen.role,
                        chosen.person,
                        salt,
                    )
        path.pop()
        if len(path) == 1 and root is not None:
            root.remove(element)


@dataclass
class _OutermostProtected:
    """`scan`'s choice: each outermost element that belongs to a victim or witness — a
    referenced person, a same-as copy, or a person written inside the role. Records are the
    children of the document element."""

    linked: dict[str, set[str]]
    records: int = 0
    # per open element: the role it belongs to, whether it is the outermost such, the person
    _stack: list[tuple[str | None, bool, str]] = field(default_factory=list)

    def start(self, element: Element, role: str | None) -> None:
        own, _ = xml_ids(element)
        inherited = self._stack[-1] if self._stack and self._stack[-1][0] else None
        if inherited is not None:
            self._stack.append((inherited[0], False, inherited[2]))
        else:
            mine = _first_protected(self.linked.get(own or "", set()) | {role or ""})
            self._stack.append((mine, mine is not None, own or "inline"))
        if len(self._stack) == 2:
            self.records += 1

    def end(self, element: Element, role: str | None) -> Chosen | None:
        belongs, outermost, person = self._stack.pop()
        return Chosen(self.records, belongs, person) if belongs and outermost else None


def _xml_findings(
    source: Source, salt: bytes, words: Vocabulary, encoding: str | None
) -> StatusReport:
    """Pass 2: immigration fields inside each outermost element that belongs to a victim or
    witness."""
    linked, named = _xml_links(source, encoding)
    chooser = _OutermostProtected(linked)
    report = StatusReport(source.label, "xml", names_roles=bool(named))
    report.findings = finding_spool(
        xml_status_findings(source, encoding, RoleLinker(), chooser, salt, words)
    )
    report.records = chooser.records
    _add_flat_xml(report, source, salt, words, encoding)
    return report


def _add_flat_xml(
    report: StatusReport, source: Source, salt: bytes, words: Vocabulary, encoding: str | None
) -> None:
    """Pass 3: each record read as a flat one, for plain XML that names a role in a field
    (`<role>victim</role>`) as CSV and JSON exports do; what pass 2 found already is kept once."""

    def key(f: StatusFinding) -> tuple[int, str, str, str]:
        return f.record, f.category, f.value_hash, _INDEXES.sub("", f.field)

    seen = {key(f) for f in report.findings}
    # Where elements name roles, pass 2 binds persons to them; a record read flat cannot.
    by_element = report.names_roles
    with source.open() as stream:
        for number, fields in xml_records(xml_stream(stream, encoding), source.label):
            named, found = flat_status(fields, source.label, number, salt, words)
            report.names_roles = report.names_roles or named
            for finding in found:
                if key(finding) not in seen and not (by_element and finding.role == UNKNOWN_ROLE):
                    seen.add(key(finding))
                    report.add([finding])


def every_record(
    source: Source, salt: bytes, words: Vocabulary, encoding: str | None
) -> StatusReport:
    """Each record parsed and judged in turn: JSON documents, and what the line reader could not
    read cleanly, so its error (or its odd reading) is the one every reader gives."""
    report = StatusReport(source.label, source.format or "")
    for number, fields in source_records(source, encoding):
        named, found = flat_status(fields, source.label, number, salt, words)
        report.records += 1
        report.names_roles = report.names_roles or named
        report.add(found)
    return report


def judgements() -> Judgements[StatusFinding]:
    """How status detection judges records, handed by reference to worker processes."""
    return Judgements(flat_status, flat_rows_status)


def _lines_report(
    source: Source, salt: bytes, words: Vocabulary, encoding: str | None, workers: int | None
) -> StatusReport:
    """CSV and NDJSON: only the records a literal search points at are judged (`status_lines`)."""
    report = StatusReport(source.label, source.format or "")
    try:
        for part in chunk_statuses(source, salt, encoding, judgements(), workers):
            report.add_part(part)
    except WorkerDied:
        raise
    except UnreadableExport:
        return every_record(source, salt, words, encoding)
    return report


def scan_status_path(
    path: Path,
    salt: bytes,
    fmt: str | None = None,
    encoding: str | None = None,
    workers: int | None = None,
) -> Iterable[StatusReport]:
    """Immigration-status fields on victims and witnesses in every stream of `path` (CSV and
    NDJSON read in chunks by `workers` processes, by default one per core up to four)."""
    for source in open_sources(path, fmt):
        if not source.canaries_only:
            yield source_status(source, salt, encoding, workers)


def source_status(
    source: Source, salt: bytes, encoding: str | None = None, workers: int | None = None
) -> StatusReport:
    """Status detection on one stream that is not for canaries only."""
    words = vocabulary()
    if source.format is None:
        raise UnreadableExport(
            source.label, "format", "unknown format (name it: csv, ndjson, json or xml)"
        )
    if source.format == "xml":
        return _xml_findings(source, salt, words, encoding)
    if source.format in ("csv", "ndjson"):
        return _lines_report(source, salt, words, encoding, workers)
    return every_record(source, salt, words, encoding)
