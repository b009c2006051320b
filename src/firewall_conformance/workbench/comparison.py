"""Two runs side by side: which obligations changed verdict, and the reasons each run gave."""

from __future__ import annotations

from dataclasses import dataclass

from firewall_conformance.workbench.summaries import ObligationVerdict, RunSummary

ABSENT = "not in this run"


@dataclass(frozen=True)
class Change:
    id: str
    title: str
    before: str
    after: str
    reason_before: str
    reason_after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def compare(before: RunSummary, after: RunSummary) -> list[Change]:
    """Every obligation of either run, in the order the runs list them; one listed by only one
    run shows as absent from the other, never as unchanged."""
    first = {o.id: o for o in before.obligations}
    second = {o.id: o for o in after.obligations}
    order = list(first) + [i for i in second if i not in first]
    missing = ObligationVerdict("", "", ABSENT, "")
    changes = []
    for obligation_id in order:
        a, b = first.get(obligation_id, missing), second.get(obligation_id, missing)
        title = a.title or b.title
        changes.append(Change(obligation_id, title, a.verdict, b.verdict, a.reason, b.reason))
    return changes
