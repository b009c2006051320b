"""Reading one extract of a bundle as its profile maps it: who is in it, in which role, and
which victims' and witnesses' status details it carries — without canaries.

Each file is read once, streaming. Reading also proves that the file matches its profile: a
mapped field that never occurs is a mismatch (the harness cannot run), while a file that
cannot be read at all (hostile or broken) is recorded and makes its claims inconclusive.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from firewall_conformance.detect.encoding import sniff
from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.identity import identity_keys
from firewall_conformance.detect.pairs import named_pairs
from firewall_conformance.detect.roles import (
    PROTECTED_ROLES,
    RoleLinker,
    bare,
    flat_roles,
    niem_role,
    reference_role,
    xml_ids,
)
from firewall_conformance.detect.sources import Source, open_sources
from firewall_conformance.detect.status import (
    Chosen,
    StatusFinding,
    path_category,
    xml_status_findings,
)
from firewall_conformance.detect.structured import (
    Fields,
    element_fields,
    source_records,
    xml_events,
)
from firewall_conformance.detect.vocabulary import Vocabulary, vocabulary
from firewall_conformance.offline.profile import Extract, FlatMapping, Period, XmlMapping

KEPT_FINDINGS = 50  # per file: enough to locate a breach, bounded however large the file
_INDEX = re.compile(r"\[\d+\]")


class BundleMismatch(Exception):
    """A bundle file that does not match its profile; names the file, the field and the key."""

    def __init__(self, extract: Extract, missing: dict[str, str], where: str) -> None:
        self.extract = extract
        shown = ", ".join(f"{name!r} (mapped as {key})" for name, key in missing.items())
        super().__init__(
            f"{extract.name}: {shown} {'is' if len(missing) == 1 else 'are'} not in {where} "
            f"(see {extract.where}.fields in the bundle profile)"
        )


@dataclass
class ExtractReading:
    """What one extract holds, as far as the obligations need to know."""

    extract: Extract
    records: int = 0
    role_records: int = 0  # records whose person holds a role the reader recognises
    bytes: int = 0
    roles: dict[str, set[str]] = field(default_factory=dict)
    unroled: int = 0  # records whose person holds no role the reader recognises
    identities: dict[str, set[str]] = field(default_factory=dict)  # person -> link keys
    protected_identity: set[str] = field(default_factory=set)  # victims' and witnesses' keys
    findings: list[StatusFinding] = field(default_factory=list)
    finding_count: int = 0
    unreadable: str | None = None
    log_period: Period | None = None  # what the bundle's audit log covers, if it has one

    def hold(self, person: str, roles: set[str]) -> None:
        self.roles.setdefault(person, set()).update(roles)

    def identify(self, person: str, keys: Iterable[str], roles: Iterable[str]) -> None:
        """Note the link keys of a person's identifying details, and of a victim's or witness's
        among the protected ones."""
        if keys:
            self.identities.setdefault(person, set()).update(keys)
            if PROTECTED_ROLES.intersection(roles):
                self.protected_identity.update(keys)

    def add(self, finding: StatusFinding) -> None:
        self.finding_count += 1
        if len(self.findings) < KEPT_FINDINGS:
            self.findings.append(finding)

    def take(self, record: FlatRecord, seen: set[str]) -> None:
        """Count one flat record in; `seen` collects the field names met so far."""
        self.records += 1
        self.role_records += bool(record.roles)
        self.unroled += not record.roles
        seen |= record.names
        if record.person:
            self.hold(record.person, set(record.roles))
        self.identify(record.person or f"record {record.number}", record.identity, record.roles)
        for finding in record.findings:
            self.add(finding)

    def merge(self, later: ExtractReading) -> None:
        """Add a reading of a later part of the same file (Spark reads a file split by split):
        the result is what reading the whole file at once gives, findings kept in record order
        and capped as one file's. An unreadable part ends the file, as it ends an embedded read."""
        if self.unreadable:
            return
        self.records += later.records
        self.role_records += later.role_records
        self.unroled += later.unroled
        self.bytes += later.bytes
        for person, roles in later.roles.items():
            self.hold(person, roles)
        for person, keys in later.identities.items():
            self.identities.setdefault(person, set()).update(keys)
        self.protected_identity |= later.protected_identity
        kept = sorted([*self.findings, *later.findings], key=lambda f: f.record)
        self.findings = kept[:KEPT_FINDINGS]
        self.finding_count += later.finding_count
        self.unreadable = later.unreadable

    @property
    def protected_persons(self) -> set[str]:
        return {p for p, roles in self.roles.items() if roles & PROTECTED_ROLES}

    @property
    def roles_unknown(self) -> bool:
        """Records, but none whose person holds a role the reader recognises: no one in it
        can be shown to be, or not to be, a victim or a witness."""
        return bool(self.records) and not self.role_records


def _normalised(locator: str) -> str:
    """'$.person.roles[0]' -> 'person.roles'; a CSV column stays as it is."""
    return _INDEX.sub("", locator.removeprefix("$.").removeprefix("$"))


def read_extract(extract: Extract, salt: bytes) -> ExtractReading:
    """Read `extract` once. Raises BundleMismatch; an unreadable file is recorded instead."""
    reading = ExtractReading(extract)
    if not extract.path.is_file():
        raise BundleMismatch(extract, {extract.name: "path"}, "the bundle")
    reading.bytes = extract.path.stat().st_size
    words = vocabulary()
    try:
        for source in open_sources(extract.path, extract.format):
            if source.canaries_only:
                continue
            if isinstance(extract.mapping, XmlMapping):
                _read_xml(source, extract, extract.mapping, reading, salt, words)
            else:
                _read_flat(source, extract, extract.mapping, reading, salt, words)
    except UnreadableExport as exc:
        reading.unreadable = str(exc)
    return reading


# -- CSV, NDJSON, JSON ---------------------------------------------------------------------


def _csv_header(source: Source, extract: Extract) -> list[str]:
    with source.open() as buffered:
        codec = sniff(buffered.peek(64 * 1024)[: 64 * 1024], extract.encoding)
        text = io.TextIOWrapper(buffered, encoding=codec, newline="", errors="replace")
        first = text.readline()
    return next(csv.reader([first]), [])


@dataclass(frozen=True)
class FlatRecord:
    """What one CSV or NDJSON record adds to its extract's reading."""

    number: int
    names: frozenset[str]  # every field name it holds, normalised
    person: str
    roles: frozenset[str]
    findings: tuple[StatusFinding, ...]
    identity: frozenset[str] = frozenset()  # link keys of its identifying details


def read_flat_record(
    mapping: FlatMapping,
    sensitive: frozenset[str],
    words: Vocabulary,
    salt: bytes,
    label: str,
    number: int,
    fields: Fields,
) -> FlatRecord:
    """One record of a flat extract, read as its mapping says: its person, their roles (in
    the role vocabulary's words and the profile's codes), the link keys of their identifying
    details and, for a victim or witness, the status details it carries (name/value pairs
    read as fields too). No I/O and no state, so the embedded reader and Spark's executors
    run this same function."""
    values: dict[str, str] = {}
    names: set[str] = set()
    for locator, value in fields:
        name = _normalised(locator)
        names.add(name)
        values.setdefault(name, value)
    identity = identity_keys(fields, salt)
    fields = fields + named_pairs(fields, words)
    held = flat_roles(
        fields,
        lambda locator: "" if _normalised(locator) == mapping.role else None,
        mapping.codes(),
    )
    roles = set().union(*held.values())
    person = values.get(mapping.person_id, "").strip()
    protected = sorted(roles & PROTECTED_ROLES)
    findings: list[StatusFinding] = []
    if protected:
        for locator, value in fields:
            name = _normalised(locator)
            category = (
                "mapped sensitive field" if name in sensitive else path_category(words, locator, "")
            )
            if category and words.says_something(value):
                findings.append(
                    StatusFinding.of(
                        label,
                        number,
                        locator,
                        value,
                        category,
                        protected[0],
                        person or f"record {number}",
                        salt,
                    )
                )
    return FlatRecord(number, frozenset(names), person, frozenset(roles), tuple(findings), identity)


def header_mismatch(source: Source, extract: Extract, mapping: FlatMapping) -> None:
    """Before reading a CSV extract: each mapped field must be a column of its header."""
    header = _csv_header(source, extract)
    missing = {n: k for n, k in mapping.named().items() if n not in header}
    if missing:
        raise BundleMismatch(extract, missing, "its header")


def flat_mismatch(extract: Extract, mapping: FlatMapping, seen: set[str]) -> None:
    """After every record of an NDJSON or JSON extract: each mapped field must have occurred."""
    missing = {n: k for n, k in mapping.named().items() if n not in seen}
    if missing:
        raise BundleMismatch(extract, missing, "any of its records")


def _read_flat(
    source: Source,
    extract: Extract,
    mapping: FlatMapping,
    reading: ExtractReading,
    salt: bytes,
    words: Vocabulary,
) -> None:
    seen: set[str] = set()
    if extract.format == "csv":
        header_mismatch(source, extract, mapping)
    sensitive = frozenset(mapping.sensitive)
    for number, fields in source_records(source, extract.encoding):
        reading.take(
            read_flat_record(mapping, sensitive, words, salt, source.label, number, fields), seen
        )
    if extract.format != "csv" and reading.records:
        flat_mismatch(extract, mapping, seen)


# -- NIEM-style XML ------------------------------------------------------------------------


def _linker(mapping: XmlMapping) -> RoleLinker:
    """Role linkage as the profile names roles; a reference to a mapped role element
    ('VictimReference' when 'Victim' is mapped), or an element the role vocabulary names
    ('Complainant', 'InjuredPartyReference'), gives that role too."""
    names = {name: role for role, listed in mapping.roles.items() for name in listed}
    return RoleLinker(
        lambda local: mapping.role_of(local) or reference_role(local, names) or niem_role(local)
    )


def _xml_index(
    source: Source, extract: Extract, mapping: XmlMapping, reading: ExtractReading, salt: bytes
) -> None:
    """Pass 1: persons present, and the roles that reach them (`RoleLinker`: by reference,
    by holding them, through role elements and same-as copies); every mapped element name
    must occur."""
    seen: set[str] = set()
    linker = _linker(mapping)
    persons: dict[str, set[str]] = {}  # by id
    inline: dict[str, set[str]] = {}  # persons without an id, written inside their role
    keys: dict[str, frozenset[str]] = {}
    open_persons: list[str] = []
    depth = 0
    root: Element | None = None
    for event, element in xml_events(source, extract.encoding):
        if event == "end":
            linker.end()
            depth -= 1
            if bare(element.tag) == mapping.person:
                keys[open_persons.pop()] = identity_keys(element_fields(element, "", {}), salt)
            if depth == 1 and root is not None:
                root.remove(element)
            continue
        depth += 1
        if root is None:
            root = element
        local = bare(element.tag)
        seen.add(local)
        role = linker.start(element)
        if local == mapping.person:
            reading.records += 1
            own, _ = xml_ids(element)
            label = own or f"person {reading.records} (no id)"
            (persons if own else inline).setdefault(label, set()).update({role} if role else set())
            open_persons.append(label)
    linked = linker.roles()
    held_by: dict[str, set[str]] = {}
    for person, named in persons.items():
        held = named | linked.get(person, set())
        reading.hold(person, held)
        reading.role_records += bool(held)
        held_by[person] = held
    held_by.update(inline)
    reading.unroled += sum(not held for held in held_by.values())
    for person, found in keys.items():
        reading.identify(person, found, held_by.get(person, set()))
    # Role elements are checked as a group: an extract for immigration enforcement rightly
    # holds no victim element at all, but one that names no role of any kind is misread.
    roles = {n: k for n, k in mapping.named().items() if k.startswith("roles.")}
    missing = {n: k for n, k in mapping.named().items() if n not in seen and n not in roles}
    if not seen & roles.keys():
        missing.update(roles)
    if missing:
        raise BundleMismatch(extract, missing, "the document")


@dataclass
class _MappedPersons:
    """Bundle reading's choice: each element the profile maps as a person, counted as a record,
    whose id a victim or witness role reaches (pass 1) or that is written inside such a role."""

    person: str
    roles: dict[str, set[str]]
    number: int = 0

    def start(self, element: Element, role: str | None) -> None:
        """Nothing to note as an element starts: a person is chosen as it ends."""

    def end(self, element: Element, role: str | None) -> Chosen | None:
        if bare(element.tag) != self.person:
            return None
        self.number += 1
        own, _ = xml_ids(element)
        held = self.roles.get(own or "", set()) | ({role} if role else set())
        chosen = sorted(held & PROTECTED_ROLES)
        return Chosen(self.number, chosen[0], own or "inline") if chosen else None


def _read_xml(
    source: Source,
    extract: Extract,
    mapping: XmlMapping,
    reading: ExtractReading,
    salt: bytes,
    words: Vocabulary,
) -> None:
    """Pass 2: status details inside each person element that a victim or witness role
    points at (or holds)."""
    _xml_index(source, extract, mapping, reading, salt)
    chooser = _MappedPersons(mapping.person, reading.roles)
    sensitive = frozenset(mapping.sensitive)
    for finding in xml_status_findings(
        source, extract.encoding, _linker(mapping), chooser, salt, words, sensitive
    ):
        reading.add(finding)
