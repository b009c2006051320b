"""Which scenarios and obligations a run takes up: its mode (a live system or an export
bundle) and its scope.

The rule: **the run's mode selects its scenarios.** Scenarios of a feature tagged `@bundle`
run only over an export bundle; every other scenario runs only against a live system. A
scenario of the other mode is left out of the run (deselected), never counted as NOT TESTED,
so a live run is not made inconclusive by scenarios only a bundle can answer, nor the other
way round. An obligation with no scenario in the run's mode is NOT TESTED, and for a bundle
the catalogue says why no bundle can answer it.

`--scope answerable` is the inspector's explicit, visible restriction: the run's verdict then
covers only the obligations the target can answer (every capability the catalogue lists for
the mode is provided). The others are still listed, NOT TESTED and marked out of scope, and
the summary states the restriction. In a read-only run, the target can answer only the
obligations every live scenario of which only reads (run/scenario_plan.py `@reads-only`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import pytest

from firewall_conformance.obligations.catalogue import Obligation
from firewall_conformance.wording.plural import count

if TYPE_CHECKING:
    from firewall_conformance.scenario_suite.consistency import ScenarioEntry

BUNDLE_MARKER = "bundle"
SCOPES = ("all", "answerable")


class ModeFilter:
    """Deselects the scenarios that belong to the other mode."""

    def __init__(self, offline: bool) -> None:
        self.offline = offline

    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        deselect(
            config,
            items,
            lambda item: (item.get_closest_marker(BUNDLE_MARKER) is not None) == self.offline,
        )


def deselect(
    config: pytest.Config, items: list[pytest.Item], keep: Callable[[pytest.Item], bool]
) -> int:
    """Leave out of the run the collected scenarios `keep` refuses, as pytest's own `-k`
    does (reported deselected, not skipped); how many were left out."""
    drop = [item for item in items if not keep(item)]
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = [item for item in items if keep(item)]
    return len(drop)


def needs(obligation: Obligation, offline: bool) -> tuple[str, ...]:
    """The capabilities an obligation's scenarios need in this mode; none when it has none."""
    return obligation.bundle_capabilities if offline else obligation.capabilities


def as_run(obligation: Obligation, offline: bool) -> Obligation:
    """The obligation as this mode reports it: over a bundle, NOT TESTED speaks of the bundle."""
    if not offline:
        return obligation
    return replace(obligation, not_tested_reason=obligation.bundle_reason)


@dataclass(frozen=True)
class Scope:
    """What this run covers: --obligation selects, --scope answerable restricts."""

    offline: bool
    restricted: bool
    selected: frozenset[str]
    answerable: frozenset[str]
    in_scope: tuple[str, ...]
    read_only: bool = False

    @classmethod
    def of(
        cls,
        scope: str,
        offline: bool,
        capabilities: frozenset[str],
        obligations: Iterable[Obligation],
        selected: Iterable[str],
        read_only_answerable: frozenset[str] | None = None,
    ) -> Scope:
        """`read_only_answerable`: in a read-only run, the obligations whose scenarios all
        only read; None when the run may write."""
        obligations = list(obligations)
        answerable = frozenset(
            o.id
            for o in obligations
            if needs(o, offline)
            and set(needs(o, offline)) <= capabilities
            and (read_only_answerable is None or o.id in read_only_answerable)
        )
        return cls(
            offline,
            scope == "answerable",
            frozenset(selected),
            answerable,
            tuple(o.id for o in obligations),
            read_only_answerable is not None,
        )

    def chosen(self) -> set[str] | None:
        """The obligations whose scenarios run; None for all of them."""
        ids = set(self.selected) if self.selected else None
        if self.restricted:
            ids = (ids if ids is not None else set(self.in_scope)) & self.answerable
        return ids

    def takes_up(self, scenario: ScenarioEntry) -> bool:
        """Whether the run takes up a scenario of the suite: one of its mode, of an obligation
        it chose. The one rule for every path, a target that is down included."""
        chosen = self.chosen()
        return scenario.bundle == self.offline and (
            chosen is None or bool(set(scenario.obligations) & chosen)
        )

    def counts(self, obligation_id: str) -> bool:
        """Whether an obligation's verdict counts towards the run's verdict: only what was
        selected (`--obligation`) and, under `--scope answerable`, can be answered."""
        chosen = self.chosen()
        return chosen is None or obligation_id in chosen

    def outside(self) -> list[str]:
        """The obligations the run's verdict does not cover, in catalogue order."""
        return [i for i in self.in_scope if not self.counts(i)]

    def not_run_reason(self, obligation: Obligation) -> str:
        """Why an obligation had no scenario in this run."""
        if self.selected and obligation.id not in self.selected:
            return "Not in this run's scope: not selected with --obligation."
        if self.offline and not obligation.bundle_capabilities:
            why = f"An export bundle cannot answer it: {obligation.bundle_reason}"
        elif self.offline:
            why = obligation.bundle_reason
        elif self.read_only:
            why = "A read-only run cannot test it: its scenarios write to the target."
        else:
            why = obligation.not_tested_reason
        if self.restricted and obligation.id not in self.answerable:
            return f"Outside this run's scope (--scope answerable). {why}"
        return why if self.offline else "No scenario for it was run."

    def statement(self) -> str:
        """The restriction, for the run's reason; empty when there is none."""
        if not self.restricted:
            outside = self.outside()
            return (
                f" The run was limited with --obligation to {', '.join(sorted(self.selected))}; "
                f"the verdict does not cover the {count(len(outside), 'other obligations')}."
                if outside
                else ""
            )
        left_out = [i for i in self.in_scope if i not in self.answerable]
        what = "this export bundle" if self.offline else "this target"
        kept = ", ".join(i for i in self.in_scope if i in self.answerable) or "none"
        return (
            f" The scope was restricted with --scope answerable to what {what} can answer "
            f"({kept}); the verdict does not cover "
            + (", ".join(left_out) if left_out else "anything else")
            + "."
        )
