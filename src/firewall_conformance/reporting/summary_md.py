"""summary.md: one page a non-engineer can read."""

from __future__ import annotations

import re

from firewall_conformance.model.results import RunResult, Verdict
from firewall_conformance.obligations.jurisdictions import Jurisdiction, jurisdiction
from firewall_conformance.reporting.wording import (
    BASIS_MEANING,
    NOT_EXAMINED_MEANING,
    VERDICT_MEANING,
    counts,
    not_examined_note,
    run_meaning,
    source_title,
)
from firewall_conformance.wording.control_characters import visible

# What lets text in Markdown become HTML, a link or a new table cell.
_MARKUP = re.compile(r"([\\<>\[\]|])")


def _cell(text: str) -> str:
    """Text from a run (a target's words among it) shown as written: no HTML, link or table
    cell of its own, no control character, one line."""
    return _MARKUP.sub(r"\\\1", visible(text)).replace("\n", " ")


def _waived(result: RunResult) -> list[str]:
    """Waived obligations come before the table: they were not kept."""
    waived = [(o, o.waiver) for o in result.obligations if o.verdict is Verdict.WAIVED and o.waiver]
    if not waived:
        return []
    lines = ["**Waived, not compliant:**", ""]
    for o, w in waived:
        lines.append(
            f"- {o.obligation.id} {_cell(o.obligation.title)}: WAIVED (would be "
            f"{o.unwaived_verdict.value if o.unwaived_verdict else '?'}) under {_cell(w.reference)}, "
            f"approved by {_cell(w.approved_by)} until {w.expires.isoformat()}"
        )
    return [*lines, ""]


def _not_examined(result: RunResult) -> list[str]:
    """Per obligation, what its checks could not examine, so a verdict is not read as wider."""
    partial = [o for o in result.obligations if o.not_examined]
    if not partial:
        return []
    lines = ["", "## Not examined, and why", "", NOT_EXAMINED_MEANING, ""]
    for o in partial:
        lines.append(f"- {o.obligation.id} {_cell(o.obligation.title)} ({o.verdict.value}):")
        lines += [f"  - {_cell(item)}" for item in o.not_examined]
    return lines


def _jurisdiction(place: Jurisdiction) -> list[str]:
    lines = ["", f"## The {place.id} profile", "", _cell(place.standing), ""]
    lines += [f"- Caveat: {_cell(c)}" for c in place.caveats]
    lines += [f"- Source: [{s.title}]({s.url})" for s in place.sources]
    return lines


def render(result: RunResult) -> str:
    place = jurisdiction(result.jurisdiction)
    lines = [
        f"# Firewall conformance: {result.headline}",
        "",
        f"**{run_meaning(result)}** {_cell(result.reason)}",
        "",
        f"- Target: {_cell(str(result.target.get('name', 'unknown')))} "
        f"({_cell(str(result.target.get('base_url', '')))})",
        f"- Jurisdiction profile: {result.jurisdiction} ({place.name}); immigration "
        f"enforcement here means {place.restricted_recipient}",
        f"- Run {result.run_id}, {result.started_at} to {result.finished_at}, firewall-conformance {result.tool_version}",
        f"- Examined: {counts(result.examined.counts)}",
        f"- Test personas planted: {result.personas.get('planted', 0)}, removed and confirmed gone: {result.personas.get('removed', 0)}",
        "",
        *_waived(result),
        "| Obligation | Verdict | Basis | Why |",
        "|---|---|---|---|",
    ]
    for o in result.obligations:
        lines.append(
            f"| {o.obligation.id} {_cell(o.obligation.title)} | **{o.verdict.value}** "
            f"({VERDICT_MEANING[o.verdict]}) | {BASIS_MEANING[o.basis]} | "
            f"{_cell(o.reason + not_examined_note(o.not_examined))} |"
        )
    untested = [o for o in result.obligations if o.verdict is Verdict.NOT_TESTED]
    if untested:
        lines += ["", "## Not tested", ""]
        lines += [f"- {o.obligation.id}: {_cell(o.reason)}" for o in untested]
    lines += _not_examined(result)
    lines += _jurisdiction(place)
    if result.notes:
        lines += ["", "## Notes", ""] + [f"- {_cell(note)}" for note in result.notes]
    if result.waivers:
        lines += ["", "## Waivers in force", ""]
        lines += [
            f"- {w.obligation} {w.reference}: {_cell(w.justification)} Scope: {_cell(w.scope)}. "
            f"Approved by {_cell(w.approved_by)}, expires {w.expires.isoformat()}."
            for w in result.waivers
        ]
    lines += ["", "## Sources", ""]
    for o in result.obligations:
        links = "; ".join(
            f"[{source_title(s, result.jurisdiction)}]({s.url})"
            for s in o.obligation.sources_for(result.jurisdiction)
        )
        lines.append(f"- {o.obligation.id}: {links}")
    return "\n".join(lines) + "\n"
