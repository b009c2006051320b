"""Finding immigration-status data on victims and witnesses without canaries.

For data an inspector holds but did not plant: a field whose name marks immigration status
(see `vocabulary`), with a value that says something, on a person who holds a victim or a
witness role. Values are never reported: a finding shows the field, its locator, the value's
length and a salted hash (equal values hash alike within a run, nothing more).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree.ElementTree import Element

from firewall_conformance.detect.encoding import UTF8_BOM, sniff
from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.sources import Source, open_sources
from firewall_conformance.detect.structured import (
    Fields,
    element_fields,
    json_records,
    line_records,
    safe_iterparse,
)
from firewall_conformance.detect.vocabulary import Vocabulary, local_name, tokens, vocabulary

PROTECTED_ROLES = ("victim", "witness")
_ROLE_FIELDS = frozenset({"role", "roles", "involvement", "capacity", "roletype", "personrole"})
_INDEX = re.compile(r"\[\d+\]$")


@dataclass(frozen=True)
class StatusFinding:
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
        return asdict(self)


@dataclass
class StatusReport:
    source: str
    format: str = ""
    records: int = 0
    findings: list[StatusFinding] = field(default_factory=list)


def salted_hash(value: str, salt: bytes) -> str:
    return hashlib.sha256(salt + value.strip().casefold().encode("utf-8")).hexdigest()[:16]


def _protected_role(value: str) -> str | None:
    words = tokens(value)
    return next((r for r in PROTECTED_ROLES if r in words), None)


def _parent(locator: str) -> str:
    """'$.persons[0].role' -> '$.persons[0]'; a flat column -> '' (the whole record)."""
    for separator in (".", "/"):
        if separator in locator:
            return locator.rsplit(separator, 1)[0]
    return ""


def path_category(words: Vocabulary, locator: str, base: str) -> str | None:
    """The category of the innermost name below `base` that marks immigration data: a value in
    nc:PersonCitizenship/nc:CountryText is citizenship data, as is passport.number in JSON."""
    below = locator[len(base) :] if base and locator.startswith(base) else locator
    parts = [p for p in re.split(r"[./]", _INDEX.sub("", below)) if p and p != "$"]
    for part in reversed(parts):
        category = words.category(_INDEX.sub("", part))
        if category:
            return category
    return None


def record_findings(
    fields: Fields, source: str, record: int, salt: bytes, words: Vocabulary | None = None
) -> list[StatusFinding]:
    """Immigration fields under any part of one record that names a victim or witness role."""
    words = words or vocabulary()
    owners = []
    for locator, value in fields:
        if "".join(tokens(local_name(locator))) in _ROLE_FIELDS:
            role = _protected_role(value)
            if role:
                owners.append((_parent(locator), role))
    findings = []
    for parent, role in owners:
        for locator, value in fields:
            if parent and not (
                locator.startswith(parent + ".") or locator.startswith(parent + "/")
            ):
                continue
            category = path_category(words, locator, parent)
            if category and words.says_something(value):
                findings.append(
                    StatusFinding.of(
                        source,
                        record,
                        locator,
                        value,
                        category,
                        role,
                        parent or f"record {record}",
                        salt,
                    )
                )
    return findings


def _records(
    source: Source, stream: BinaryIO, fmt: str, encoding: str | None
) -> Iterator[tuple[int, Fields]]:
    if fmt == "json":
        return json_records(stream, source.label)
    head = stream.peek(64 * 1024)[: 64 * 1024]  # type: ignore[attr-defined]  # sources are buffered
    codec = sniff(head, encoding)
    if codec == "utf-8-sig":
        stream.read(len(UTF8_BOM))
        codec = "utf-8"
    return line_records(stream, fmt, codec, source.label)


def _xml_ids(element: Element) -> tuple[str | None, list[str]]:
    """An element's own id and the ids it refers to (NIEM structures:id/ref, s:id/ref, id/ref)."""
    own = next((v for k, v in element.attrib.items() if _bare(k) == "id"), None)
    refs = [v for k, v in element.attrib.items() if _bare(k) == "ref"]
    return own, refs


def _bare(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _role_of(tag: str) -> str | None:
    """Role elements and role associations: j:Victim, nc:CrimeVictim, j:Witness,
    j:ActivityVictimAssociation... — not properties such as VictimSeeksProsecutionIndicator."""
    name = _bare(tag)
    for role in PROTECTED_ROLES:
        title = role.title()
        if name.endswith(title) or f"{title}Association" in name:
            return role
    return None


def _xml_links(source: Source) -> dict[str, str]:
    """Pass 1: the ids that belong to a victim or witness. A reference made inside a role
    element (or a role association) marks its target; same-as links carry the mark between
    copies of a person; marks follow references from marked elements, transitively."""
    roots: dict[str, str] = {}
    edges: dict[str, set[str]] = {}
    roles: list[str | None] = []
    holders: list[str | None] = []
    with source.open() as stream:
        for event, element in safe_iterparse(stream, source.label):
            if event == "end":
                roles.pop()
                holders.pop()
                if not roles:
                    element.clear()
                continue
            own, refs = _xml_ids(element)
            role = _role_of(element.tag) or (roles[-1] if roles else None)
            holder = own or (holders[-1] if holders else None)
            roles.append(role)
            holders.append(holder)
            if role and own:
                roots.setdefault(own, role)
            for ref in refs:
                if role:
                    roots.setdefault(ref, role)
                if holder and holder != ref:
                    edges.setdefault(holder, set()).add(ref)
                    if "sameas" in _bare(element.tag).lower():
                        edges.setdefault(ref, set()).add(holder)
    protected = dict(roots)
    frontier = list(roots)
    while frontier:
        current = frontier.pop()
        for linked in edges.get(current, ()):
            if linked not in protected:
                protected[linked] = protected[current]
                frontier.append(linked)
    return protected


def _xml_findings(source: Source, salt: bytes, words: Vocabulary) -> StatusReport:
    """Pass 2: immigration fields inside each outermost element that belongs to a victim or
    witness — a referenced person, a same-as copy, or a person written inside the role."""
    protected = _xml_links(source)
    report = StatusReport(source.label, "xml")
    stack: list[tuple[Element, str | None, str]] = []  # element, role it belongs to, person id
    for event, element in _iterparse_source(source):
        if event == "start":
            own, _ = _xml_ids(element)
            inherited = stack[-1][1] if stack else None
            role = inherited or (protected.get(own) if own else None) or _role_of(element.tag)
            person = stack[-1][2] if stack and inherited else (own or "inline")
            stack.append((element, role, person))
            if len(stack) == 2:
                report.records += 1
            continue
        _, role, person = stack.pop()
        if role and not (stack and stack[-1][1]):
            path = "/" + "/".join(_bare(e.tag) for e, _, _ in stack) + "/" + _bare(element.tag)
            for locator, value in element_fields(element, path, {}):
                category = path_category(words, locator, path.rsplit("/", 1)[0])
                if category and words.says_something(value):
                    report.findings.append(
                        StatusFinding.of(
                            source.label,
                            report.records,
                            locator,
                            value,
                            category,
                            role,
                            person,
                            salt,
                        )
                    )
        if len(stack) == 1:
            stack[0][0].remove(element)
    return report


def _iterparse_source(source: Source) -> Iterator[tuple[str, Element]]:
    with source.open() as stream:
        yield from safe_iterparse(stream, source.label)


def scan_status_path(
    path: Path, salt: bytes, fmt: str | None = None, encoding: str | None = None
) -> Iterable[StatusReport]:
    """Immigration-status fields on victims and witnesses in every stream of `path`."""
    words = vocabulary()
    for source in open_sources(path, fmt):
        if source.format is None:
            raise UnreadableExport(
                source.label, "format", "unknown format (name it: csv, ndjson, json or xml)"
            )
        if source.format == "xml":
            yield _xml_findings(source, salt, words)
            continue
        report = StatusReport(source.label, source.format)
        with source.open() as stream:
            for number, fields in _records(source, stream, source.format, encoding):
                report.records += 1
                report.findings += record_findings(fields, source.label, number, salt, words)
        yield report
