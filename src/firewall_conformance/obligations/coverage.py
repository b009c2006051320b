"""The coverage table an inspector asks for before a run: each obligation with its basis,
sources, required capabilities and the scenarios that test it."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from firewall_conformance.obligations.catalogue import Catalogue, Source
from firewall_conformance.obligations.jurisdictions import Jurisdiction
from firewall_conformance.reporting.wording import source_title
from firewall_conformance.scenario_suite.consistency import SuiteInventory


def coverage(
    catalogue: Catalogue, inventory: SuiteInventory, jurisdiction: str
) -> list[dict[str, Any]]:
    """One entry per obligation in scope for `jurisdiction`, in catalogue order."""
    return [
        {
            "id": o.id,
            "title": o.title,
            "statement": o.statement,
            "basis": o.basis_for(jurisdiction),
            "severity": o.severity,
            "group": o.group,
            "profiles": list(o.profiles),
            "capabilities": list(o.capabilities),
            "not_tested_reason": o.not_tested_reason,
            "bundle": {
                "capabilities": list(o.bundle_capabilities),
                "not_tested_reason": o.bundle_reason,
            },
            "sources": [asdict(s) for s in o.sources_for(jurisdiction)],
            "scenarios": [
                {"name": s.name, "feature": s.file, "line": s.line}
                for s in inventory.covering(o.id)
            ],
        }
        for o in catalogue.in_scope(jurisdiction)
    ]


def markdown(entries: list[dict[str, Any]], place: Jurisdiction) -> str:
    """The table as Markdown, for a report or an inspection plan."""
    lines = [
        f"# Firewall obligations in scope for `{place.id}` ({place.name})",
        "",
        f"Immigration enforcement here means {place.restricted_recipient}. {place.standing}",
        "",
        *(f"- Caveat: {caveat}" for caveat in place.caveats),
        "",
        "| ID | Obligation | Basis | Severity | Needs | Scenarios | Sources |",
        "|---|---|---|---|---|---|---|",
    ]
    for e in entries:
        scenarios = "<br>".join(f"{s['name']} ({s['feature']}:{s['line']})" for s in e["scenarios"])
        sources = "<br>".join(
            f"[{source_title(Source(**s), place.id)}]({s['url']})" for s in e["sources"]
        )
        lines.append(
            f"| {e['id']} | **{e['title']}** {e['statement']} | {e['basis']} | {e['severity']} | "
            f"{', '.join(e['capabilities'])} | {scenarios} | {sources} |"
        )
    return "\n".join(line.replace("\n", " ") for line in lines) + "\n"
