"""Finding immigration-status data on victims and witnesses without canaries.

For data an inspector holds but did not plant: a field whose name marks immigration status
(see `vocabulary`), with a value that says something, on a person who holds a victim or a
witness role. Values are never reported: a finding shows the field, its locator, the value's
length and a salted hash (equal values hash alike within a run, nothing more).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.roles import (
    PROTECTED_ROLES,
    RoleLinker,
    bare,
    flat_roles,
    xml_ids,
)
from firewall_conformance.detect.sources import Source, open_sources
from firewall_conformance.detect.structured import (
    Fields,
    element_fields,
    source_records,
    xml_events,
)
from firewall_conformance.detect.vocabulary import Vocabulary, vocabulary

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
    """What one stream held. `roles_named` counts the records (in XML, the elements) that name
    a person's role: with records but none of them, no one can be cleared as not a victim or
    witness, so the roles are unknown and nothing found proves nothing."""

    source: str
    format: str = ""
    records: int = 0
    findings: list[StatusFinding] = field(default_factory=list)
    roles_named: int = 0

    @property
    def roles_unknown(self) -> bool:
        return bool(self.records) and not self.roles_named


def salted_hash(value: str, salt: bytes) -> str:
    return hashlib.sha256(salt + value.strip().casefold().encode("utf-8")).hexdigest()[:16]


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


def _first_protected(roles: set[str]) -> str | None:
    return min(roles & PROTECTED_ROLES, default=None)


def record_findings(
    fields: Fields,
    source: str,
    record: int,
    salt: bytes,
    words: Vocabulary | None = None,
    roles: dict[str, set[str]] | None = None,
) -> list[StatusFinding]:
    """Immigration fields under any part of one record that names a victim or witness role
    (`roles`: that record's `flat_roles`, when the caller has them already)."""
    words = words or vocabulary()
    findings = []
    for owner, held in (flat_roles(fields) if roles is None else roles).items():
        role = _first_protected(held)
        if role is None:
            continue
        for locator, value in fields:
            if owner and not (locator.startswith(owner + ".") or locator.startswith(owner + "/")):
                continue
            category = path_category(words, locator, owner)
            if category and words.says_something(value):
                findings.append(
                    StatusFinding.of(
                        source,
                        record,
                        locator,
                        value,
                        category,
                        role,
                        owner or f"record {record}",
                        salt,
                    )
                )
    return findings


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


def _xml_findings(
    source: Source, salt: bytes, words: Vocabulary, encoding: str | None
) -> StatusReport:
    """Pass 2: immigration fields inside each outermost element that belongs to a victim or
    witness — a referenced person, a same-as copy, or a person written inside the role."""
    linked, named = _xml_links(source, encoding)
    report = StatusReport(source.label, "xml", roles_named=named)
    linker = RoleLinker()
    stack: list[tuple[Element, str | None, str]] = []  # element, role it belongs to, person id
    for event, element in xml_events(source, encoding):
        if event == "start":
            own, _ = xml_ids(element)
            inline = linker.start(element)
            inherited = stack[-1][1] if stack else None
            role = inherited or _first_protected(linked.get(own or "", set()) | {inline or ""})
            person = stack[-1][2] if stack and inherited else (own or "inline")
            stack.append((element, role, person))
            if len(stack) == 2:
                report.records += 1
            continue
        linker.end()
        _, role, person = stack.pop()
        if role and not (stack and stack[-1][1]):
            path = "/" + "/".join(bare(e.tag) for e, _, _ in stack) + "/" + bare(element.tag)
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
            yield _xml_findings(source, salt, words, encoding)
            continue
        report = StatusReport(source.label, source.format)
        for number, fields in source_records(source, encoding):
            held = flat_roles(fields)
            report.records += 1
            report.roles_named += bool(held)
            report.findings += record_findings(fields, source.label, number, salt, words, held)
        yield report
