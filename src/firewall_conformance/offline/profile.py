"""Bundle profiles: the YAML that says what each file in an export bundle is and how to read it.

An inspector is handed files, not an API. The profile names each file's recipient and class,
the period it covers, its format and which fields hold the person, the role and the status
data, so the same obligations can be checked on what the force actually sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from firewall_conformance.audit.log import ChainRule
from firewall_conformance.inputs.confinement import inside
from firewall_conformance.inputs.documents import InvalidDocument, load_yaml

DEFAULT_NAME = "bundle.yaml"
RESTRICTED_CLASS = "immigration-enforcement"


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def covers(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    def __str__(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


@dataclass(frozen=True)
class BundleRecipient:
    id: str
    recipient_class: str
    name: str

    @property
    def restricted(self) -> bool:
        return self.recipient_class == RESTRICTED_CLASS

    def describe(self) -> str:
        return f"{self.name or self.id} ({self.recipient_class})"


@dataclass(frozen=True)
class FlatMapping:
    """Column names (CSV) or dotted paths (NDJSON, JSON) within one record."""

    person_id: str
    role: str
    sensitive: tuple[str, ...]
    free_text: tuple[str, ...] = ()
    role_codes: tuple[tuple[str, str], ...] = ()  # the target's own role values, and their roles

    def codes(self) -> dict[str, str]:
        """The profile's role codes as the role vocabulary takes them (casefolded)."""
        return {code.casefold(): role for code, role in self.role_codes}

    def named(self) -> dict[str, str]:
        """Every mapped field with the profile key it was given under."""
        named = {self.person_id: "person_id", self.role: "role"}
        named.update({f: "sensitive" for f in self.sensitive})
        named.update({f: "free_text" for f in self.free_text})
        return named


@dataclass(frozen=True)
class XmlMapping:
    """NIEM-style linkage: role elements point at person elements by reference, or hold them.
    Names are local names (no namespace prefix)."""

    person: str
    roles: dict[str, tuple[str, ...]]
    sensitive: tuple[str, ...]
    free_text: tuple[str, ...] = ()

    def role_of(self, local: str) -> str | None:
        return next((role for role, names in self.roles.items() if local in names), None)

    def named(self) -> dict[str, str]:
        named = {self.person: "person"}
        named.update({n: f"roles.{role}" for role, names in self.roles.items() for n in names})
        named.update({n: "sensitive" for n in self.sensitive})
        named.update({n: "free_text" for n in self.free_text})
        return named


@dataclass(frozen=True)
class Extract:
    """One file a recipient was sent."""

    path: Path
    name: str
    recipient: BundleRecipient
    period: Period
    format: str
    mapping: FlatMapping | XmlMapping
    reference: str | None = None
    encoding: str | None = None
    where: str = "extracts"

    def describe(self) -> str:
        return f"{self.name} ({self.format}, sent to {self.recipient.describe()}, {self.period})"


@dataclass(frozen=True)
class AuditLogSpec:
    path: Path
    name: str
    format: str
    period: Period
    fields: dict[str, str]
    actions: dict[str, list[str]]
    refused_outcomes: tuple[str, ...]
    chain: ChainRule | None


@dataclass(frozen=True)
class StatisticsFile:
    path: Path
    name: str
    recipient: BundleRecipient
    format: str
    period: Period


@dataclass(frozen=True)
class BundleProfile:
    kind: ClassVar[str] = "offline"  # the adapter that opens it (targets/registry.py)
    source: str
    directory: Path
    name: str
    period: Period
    extracts: tuple[Extract, ...]
    audit_log: AuditLogSpec | None
    statistics: tuple[StatisticsFile, ...] = field(default=())

    def identity(self) -> dict[str, str]:
        """What may be said about the bundle in evidence."""
        return {
            "name": self.name,
            "base_url": self.directory.resolve().as_uri(),
            "profile": self.source,
            "period": str(self.period),
        }


def _date(value: Any, source: str, where: str) -> dt.date:
    try:
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise InvalidDocument(source, [f"at {where}: {value!r} is not a date"]) from exc


def _period(spec: dict[str, Any], source: str, where: str) -> Period:
    start = _date(spec["from"], source, f"{where}.from")
    end = _date(spec["to"], source, f"{where}.to")
    if end < start:
        raise InvalidDocument(source, [f"at {where}: the period ends before it starts"])
    return Period(start, end)


def _recipient(spec: dict[str, Any]) -> BundleRecipient:
    return BundleRecipient(spec["id"], spec["class"], spec.get("name", ""))


def _mapping(fmt: str, spec: dict[str, Any]) -> FlatMapping | XmlMapping:
    if fmt == "xml":
        return XmlMapping(
            person=spec["person"],
            roles={role: tuple(names) for role, names in spec["roles"].items()},
            sensitive=tuple(spec["sensitive"]),
            free_text=tuple(spec.get("free_text", ())),
        )
    return FlatMapping(
        person_id=spec["person_id"],
        role=spec["role"],
        sensitive=tuple(spec["sensitive"]),
        free_text=tuple(spec.get("free_text", ())),
        role_codes=tuple((str(code), role) for code, role in spec.get("role_codes", {}).items()),
    )


def load_bundle_profile(
    path: Path, directory: Path | None = None, *, allow_paths_outside: bool = False
) -> BundleProfile:
    """Load and validate a bundle profile; file paths are relative to `directory` (the bundle),
    which defaults to the profile's own folder, and must lie in it unless `allow_paths_outside`
    (inputs/confinement.py)."""
    document = load_yaml(path, "bundle")
    source = str(path)
    directory = directory or path.parent

    def _inside(relative: str, where: str) -> Path:
        return inside(
            directory,
            relative,
            source=source,
            key=where,
            allow_outside=allow_paths_outside,
            folder_name="the bundle",
        )

    extracts = []
    for index, spec in enumerate(document["extracts"]):
        where = f"extracts[{index}]"
        extracts.append(
            Extract(
                path=_inside(spec["path"], f"{where}.path"),
                name=spec["path"],
                recipient=_recipient(spec["recipient"]),
                period=_period(spec["period"], source, f"{where}.period"),
                format=spec["format"],
                mapping=_mapping(spec["format"], spec["fields"]),
                reference=spec.get("reference"),
                encoding=spec.get("encoding"),
                where=where,
            )
        )
    names = [e.name for e in extracts]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise InvalidDocument(source, [f"at extracts: file listed twice: {', '.join(twice)}"])
    log = document.get("audit_log")
    audit = None
    if log is not None:
        audit = AuditLogSpec(
            path=_inside(log["path"], "audit_log.path"),
            name=log["path"],
            format=log["format"],
            period=_period(log["period"], source, "audit_log.period"),
            fields=dict(log["fields"]),
            actions={kind: list(names) for kind, names in log["actions"].items()},
            refused_outcomes=tuple(log["refused_outcomes"]),
            chain=ChainRule.from_profile(log["hash_chain"]) if "hash_chain" in log else None,
        )
    statistics = tuple(
        StatisticsFile(
            path=_inside(spec["path"], f"statistics[{i}].path"),
            name=spec["path"],
            recipient=_recipient(spec["recipient"]),
            format=spec["format"],
            period=_period(spec["period"], source, f"statistics[{i}].period"),
        )
        for i, spec in enumerate(document.get("statistics", ()))
    )
    return BundleProfile(
        source=source,
        directory=directory,
        name=document["bundle"]["name"],
        period=_period(document["bundle"]["period"], source, "bundle.period"),
        extracts=tuple(extracts),
        audit_log=audit,
        statistics=statistics,
    )
