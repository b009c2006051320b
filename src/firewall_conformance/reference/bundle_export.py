"""An export bundle from the reference system, as a force would hand one to an inspector.

The reference runs on a real socket and is used through its API like any client would: bulk
extracts for the prosecution service and for immigration enforcement (CSV and NDJSON, and a
third rendered as NIEM-style XML by the force's exchange gateway), a case-by-case disclosure,
a refused attempt, then the auditor's copy of the hash-chained log. A statistical return and
the bundle profile complete it. Faults are the reference's own switches, so a bundle shows
exactly what that fault lets through.
"""

import csv
import datetime as dt
import io
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import requests
import yaml

from .audit import GENESIS_HASH
from .faults import FAULTS
from .niem_xml import PERSON_ELEMENTS, ROLE_ELEMENTS, SENSITIVE, write_xml
from .seed import RECIPIENTS
from .server import ReferenceServer

# Faults whose effect shows in what was sent or logged; the rest concern what the live
# system refuses when asked, which no bundle records.
BUNDLE_FAULTS = ("FW-01", "FW-04")
TIMEOUT = 30
_LAWFUL = {"cps": ("prosecution", "Data Protection Act 2018 s.35(2)(b)")}
_RESTRICTED = {"hoie": ("crime-prevention", "Immigration and Asylum Act 1999 s.20")}
FLAT_FIELDS = {
    "person_id": "person_id",
    "role": "role",
    "sensitive": ["nationality", "immigration_status", "passport_number", "home_office_reference"],
    "free_text": ["offence"],
}


class BundleExportError(Exception):
    """The bundle could not be written; the message says why."""


def _api(server: ReferenceServer, user: str) -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    session.headers["Authorization"] = f"Bearer {server.tokens[user]}"
    return session


def _post(session: requests.Session, url: str, body: dict[str, Any]) -> requests.Response:
    response = session.post(url, json=body, timeout=TIMEOUT)
    if response.status_code >= 500 or response.status_code == 422:
        raise BundleExportError(
            f"the reference answered {response.status_code} to {url}: {response.text[:300]}"
        )
    return response


def _export(
    server: ReferenceServer,
    session: requests.Session,
    recipient: str,
    fmt: str,
    basis: tuple[str, str],
) -> tuple[str, bytes]:
    made = _post(
        session,
        f"{server.base_url}/api/v1/exports",
        {"recipient_id": recipient, "format": fmt, "purpose": basis[0], "legal_basis": basis[1]},
    )
    made.raise_for_status()
    export = made.json()
    file = session.get(f"{server.base_url}{export['file_path']}", timeout=TIMEOUT)
    file.raise_for_status()
    return export["export_id"], file.content


def _audit(server: ReferenceServer) -> list[dict[str, Any]]:
    session, entries = _api(server, "auditor"), []
    after: int | None = 0
    while after is not None:
        page = session.get(
            f"{server.base_url}/api/v1/audit",
            params={"after": after, "limit": 500},
            timeout=TIMEOUT,
        )
        page.raise_for_status()
        entries += page.json()["items"]
        after = page.json()["next_after"]
    return entries


def _rows(ndjson: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in ndjson.decode("utf-8").splitlines() if line.strip()]


def _recipient(recipient_id: str) -> dict[str, str]:
    name, recipient_class = next((n, c) for i, n, c in RECIPIENTS if i == recipient_id)
    return {"id": recipient_id, "name": name, "class": recipient_class}


def _filled(content: bytes, fmt: str) -> set[str]:
    """The fields an extract holds: every column of a CSV header, but only the fields some
    record fills in otherwise, as a recipient's layout leaves the fields it is not approved
    for empty (FW-09) and an empty value is left out of NDJSON and XML."""
    if fmt == "csv":
        return set(next(csv.reader(io.StringIO(content.decode("utf-8"))), []))
    return {column for row in _rows(content) for column, value in row.items() if value is not None}


def _extract_entry(
    path: str, recipient: str, fmt: str, reference: str, period: dict[str, str], filled: set[str]
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        **FLAT_FIELDS,
        "sensitive": [f for f in FLAT_FIELDS["sensitive"] if f in filled],
    }
    if fmt == "xml":
        elements = {path[-1].split(":")[1]: column for path, column in PERSON_ELEMENTS}
        fields = {
            "person": "Person",
            "roles": {role: [element.split(":")[1]] for role, element in ROLE_ELEMENTS.items()},
            "sensitive": [name for name in SENSITIVE if elements[name] in filled],
            "free_text": ["ActivityDescriptionText"],
        }
    return {
        "path": path,
        "recipient": _recipient(recipient),
        "period": period,
        "format": fmt,
        "reference": reference,
        "fields": fields,
    }


def _statistics(path: Path, rows: Iterable[dict[str, Any]], period: dict[str, str]) -> None:
    counts = Counter((row["offence"], row["role"]) for row in rows)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["period_from", "period_to", "offence", "role", "persons"])
        for (offence, role), count in sorted(counts.items()):
            writer.writerow([period["from"], period["to"], offence, role, count])


def _tamper(entries: list[dict[str, Any]]) -> None:
    """Edit one disclosure's purpose after the fact, leaving its hash as it was."""
    target = next(
        e for e in entries[len(entries) // 2 :] if e["action"] in ("export", "disclosure")
    )
    target["purpose"] = "immigration-enforcement"


def export_bundle(
    directory: Path,
    faults: Iterable[str] = (),
    tamper_log: bool = False,
    today: dt.date | None = None,
) -> Path:
    """Write a bundle into `directory` (created; must be empty) and return its profile's path."""
    faults = list(faults)
    invisible = [f for f in faults if f not in BUNDLE_FAULTS]
    unknown = [f for f in invisible if f not in FAULTS]
    if unknown:
        raise BundleExportError(
            f"unknown fault id(s) {', '.join(unknown)}; known: {', '.join(FAULTS)}"
        )
    if invisible:
        raise BundleExportError(
            f"{', '.join(invisible)} cannot show in a bundle (it concerns what the live system "
            f"refuses when asked); faults a bundle can show: {', '.join(BUNDLE_FAULTS)}"
        )
    if directory.exists() and any(directory.iterdir()):
        raise BundleExportError(f"{directory} is not empty")
    today = today or dt.datetime.now(dt.UTC).date()
    day = {"from": today.isoformat(), "to": today.isoformat()}
    period = {"from": (today - dt.timedelta(days=30)).isoformat(), "to": today.isoformat()}
    for folder in ("exports", "audit", "statistics"):
        (directory / folder).mkdir(parents=True, exist_ok=True)
    extracts, lawful_rows = [], []
    with ReferenceServer(faults=faults) as server:
        officer = _api(server, "officer")
        for recipient, basis in {**_LAWFUL, **_RESTRICTED}.items():
            for fmt in ("csv", "ndjson", "xml"):
                export_id, content = _export(
                    server, officer, recipient, "ndjson" if fmt == "xml" else fmt, basis
                )
                name = f"exports/{recipient}-{export_id}.{fmt}"
                if fmt == "xml":
                    write_xml(directory / name, export_id, _rows(content))
                else:
                    (directory / name).write_bytes(content)
                if fmt == "ndjson" and recipient in _LAWFUL:
                    lawful_rows = _rows(content)
                filled = _filled(content, "ndjson" if fmt == "xml" else fmt)
                extracts.append(_extract_entry(name, recipient, fmt, export_id, day, filled))
        suspect = next(r["person_id"] for r in lawful_rows if r["role"] == "suspect")
        victim = next(r["person_id"] for r in lawful_rows if r["role"] == "victim")
        for person, recipient, basis in (
            (suspect, "cps", _LAWFUL["cps"]),
            (victim, "hoie", _RESTRICTED["hoie"]),
        ):
            _post(
                officer,
                f"{server.base_url}/api/v1/disclosures",
                {
                    "person_ids": [person],
                    "recipient_id": recipient,
                    "purpose": basis[0],
                    "legal_basis": basis[1],
                },
            )
        entries = _audit(server)
    if tamper_log:
        _tamper(entries)
    with (directory / "audit" / "audit-log.ndjson").open("w", encoding="utf-8") as out:
        for entry in entries:
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")
    _statistics(directory / "statistics" / "persons-by-offence.csv", lawful_rows, period)
    profile = {
        "bundle_version": 1,
        "bundle": {
            "name": "Exampleshire Constabulary RMS: extracts and audit log",
            "produced_by": "firewall-conformance reference export-bundle"
            + (f" (faults: {', '.join(faults)})" if faults else "")
            + (" (audit log tampered)" if tamper_log else ""),
            "period": period,
        },
        "extracts": extracts,
        "audit_log": {
            "path": "audit/audit-log.ndjson",
            "format": "ndjson",
            "period": period,
            "fields": {
                "sequence": "seq",
                "time": "at",
                "actor": "actor",
                "action": "action",
                "outcome": "outcome",
                "object": "object",
                "recipient": "recipient_id",
                "purpose": "purpose",
                "legal_basis": "legal_basis",
            },
            "actions": {
                "disclose": ["disclosure"],
                "export": ["export"],
                "status-check": ["status-check"],
            },
            "refused_outcomes": ["refused", "denied"],
            "hash_chain": {
                "algorithm": "sha256",
                "hash_field": "hash",
                "previous_field": "prev_hash",
                "genesis": GENESIS_HASH,
                "covers": "entry-without-hash",
            },
        },
        "statistics": [
            {
                "path": "statistics/persons-by-offence.csv",
                "recipient": _recipient("ons"),
                "format": "csv",
                "period": period,
            }
        ],
    }
    path = directory / "bundle.yaml"
    header = (
        "# Bundle profile: what each file is and how to read it. Checked against\n"
        "# src/firewall_conformance/data/schemas/bundle.schema.json.\n"
    )
    path.write_text(
        header + yaml.safe_dump(profile, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return path
