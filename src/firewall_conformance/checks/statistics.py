"""Claims about published statistics on disclosures to immigration enforcement (FW-21).

A release holds cells (one month, one category: `disclosed` or `refused`, a count or null
where suppressed), totals per category over the period (a count or null where withheld) and
the system's threshold, the smallest count it publishes. The harness counts the same things
in the audit log it reads, and then looks at the release the way anyone holding it could:

- a release must cover the months asked for, and each published number must equal the
  audit log's count;
- a count from 1 to the threshold minus one must not be published, whether a month's count
  or a total over the period;
- a total minus the cells shown must not give a suppressed count away: not when one cell
  is suppressed (its value is the difference), nor when the suppressed cells add up to less
  than the threshold (a small count, only spread over cells);
- two releases compared must not give a small count away either. The second is asked for
  after the harness's own disclosures, for a period running into the month under way, in
  which those disclosures fall. A system may refuse that period or leave the month under
  way out; if it publishes that month, no count in it may be shown (it changes with every
  disclosure, so releases a day apart would give single disclosures away), and no number
  published in both releases may change by less than the threshold (the change is itself a
  small count).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from firewall_conformance.auditlog import AuditEntry
from firewall_conformance.checks._wording import listing
from firewall_conformance.outcomes import Breach, Inconclusive
from firewall_conformance.results import Check
from firewall_conformance.targets.attempt import Attempt

CATEGORIES = ("disclosed", "refused")
Key = tuple[str, str]  # (month or "total", category)


@dataclass(frozen=True)
class Release:
    """One published release: cell and total values by key (None where suppressed)."""

    cells: dict[Key, int | None]
    totals: dict[str, int | None]
    threshold: int

    def numbers(self) -> dict[Key, int]:
        """Every number published, cells and totals, by key."""
        shown = {k: v for k, v in self.cells.items() if v is not None}
        shown.update({("total", c): v for c, v in self.totals.items() if v is not None})
        return shown

    def months(self) -> list[str]:
        return sorted({month for month, _ in self.cells})


def _month_name(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _month_index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def months_between(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` inclusive ('YYYY-MM')."""
    return [_month_name(i) for i in range(_month_index(first), _month_index(last) + 1)]


def this_month(today: date) -> str:
    return today.strftime("%Y-%m")


def period(today: date, months: int = 12) -> tuple[str, str]:
    """The last `months` complete months before `today`, as ('YYYY-MM', 'YYYY-MM')."""
    index = _month_index(this_month(today))
    return _month_name(index - months), _month_name(index - 1)


def _count(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Inconclusive(f"The release gave {value!r} as the count for {where}.")
    return value


def parse_release(attempt: Attempt) -> Release:
    """The release in the target's answer; anything malformed is Inconclusive, never clean."""
    if not attempt.allowed:
        raise Inconclusive(f"The system refused to publish its statistics ({attempt.status}).")
    cells_raw = attempt.returned.get("cells")
    totals_raw = attempt.returned.get("totals")
    threshold = attempt.returned.get("threshold")
    if not isinstance(cells_raw, list) or not isinstance(totals_raw, list):
        raise Inconclusive("The published release did not list its cells and totals.")
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 2:
        raise Inconclusive(
            f"The published release gave no usable suppression threshold ({threshold!r})."
        )
    cells: dict[Key, int | None] = {}
    for cell in cells_raw:
        if not isinstance(cell, dict) or cell.get("category") not in CATEGORIES:
            raise Inconclusive(f"The release held a cell the harness cannot read: {cell!r}.")
        key = (str(cell.get("month")), cell["category"])
        cells[key] = _count(cell.get("value"), f"{key[1]} in {key[0]}")
    totals: dict[str, int | None] = {}
    for total in totals_raw:
        if not isinstance(total, dict) or total.get("category") not in CATEGORIES:
            raise Inconclusive(f"The release held a total the harness cannot read: {total!r}.")
        totals[total["category"]] = _count(total.get("value"), f"{total['category']} in total")
    if not cells:
        raise Inconclusive("The published release held no cells; an empty release proves nothing.")
    return Release(cells, totals, threshold)


def _month(value: Any) -> str | None:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m")


def audit_counts(entries: Iterable[AuditEntry], recipient_id: str) -> Counter[Key]:
    """Disclosures to the immigration-enforcement recipient in the audit log, by month and
    category (refused attempts as `refused`), with totals per category over all months."""
    counted: Counter[Key] = Counter()
    for entry in entries:
        if entry.kind != "disclose" or str(entry.get("recipient")) != recipient_id:
            continue
        month = _month(entry.get("time"))
        if month is not None:
            counted[(month, "refused" if entry.refused else "disclosed")] += 1
    return counted


def _expected(release: Release, counted: Counter[Key]) -> dict[Key, int]:
    expected = {key: counted[key] for key in release.cells}
    for category in release.totals:
        expected[("total", category)] = sum(
            counted[(m, category)] for m in release.months() if (m, category) in release.cells
        )
    return expected


def _name(key: Key) -> str:
    month, category = key
    return f"{category} in {month}" if month != "total" else f"{category} over the period"


def _covers(release: Release, asked: tuple[str, str], due: Sequence[str]) -> None:
    """A release that leaves out complete months of the period asked for cannot be judged:
    the months it left out may hold exactly the small counts the claims are about."""
    missing = [m for m in due if m not in release.months()]
    if missing:
        raise Inconclusive(
            f"The release asked for {asked[0]} to {asked[1]} left out "
            f"{listing(missing[:4])}"
            + (f" and {len(missing) - 4} more months" if len(missing) > 4 else "")
            + ", so what it shows could not be checked against the audit log for the period."
        )


def reconciled(release: Release, counted: Counter[Key], asked: tuple[str, str]) -> Check:
    """Positive control and claim: the release covers every month asked for, every published
    number equals the audit log's count, and the audit log holds something to count in the
    period."""
    _covers(release, asked, months_between(*asked))
    expected = _expected(release, counted)
    if not any(expected[k] for k in release.cells):
        raise Inconclusive(
            "The audit log holds no disclosure to immigration enforcement in the period of the "
            "release, so there was nothing to reconcile and no small count to protect."
        )
    numbers = release.numbers()
    wrong = [
        f"{_name(k)}: published {v}, logged {expected[k]}"
        for k, v in numbers.items()
        if v != expected[k]
    ]
    if wrong:
        raise Breach(
            "Published statistics on disclosures to immigration enforcement do not match the "
            f"audit log: {listing(wrong[:4])}"
            + (f" and {len(wrong) - 4} more" if len(wrong) > 4 else "")
            + "."
        )
    return Check(
        claim=f"all {len(numbers)} published numbers ({release.months()[0]} to "
        f"{release.months()[-1]}) equal the audit log's counts, "
        f"{sum(expected[k] for k in release.cells)} disclosures and refusals in all",
        examined={
            "published numbers": len(numbers),
            "audit entries counted": sum(counted.values()),
        },
        control="audit log",
    )


def small_counts_suppressed(release: Release, counted: Counter[Key]) -> Check:
    """No count from 1 to the threshold minus one is published, a month's or a total."""
    expected = _expected(release, counted)
    numbers = {**release.cells, **{("total", c): v for c, v in release.totals.items()}}
    small = [k for k in numbers if 0 < expected[k] < release.threshold]
    shown = [f"{_name(k)} ({numbers[k]})" for k in small if numbers[k] is not None]
    if shown:
        raise Breach(
            f"Counts below the threshold of {release.threshold} were published: "
            f"{listing(shown[:4])}."
        )
    return Check(
        claim=f"all {len(small)} counts below the threshold of {release.threshold} were suppressed",
        examined={
            "cells": len(release.cells),
            "totals": len(release.totals),
            "small counts": len(small),
        },
    )


def residual_leaks(release: Release) -> list[str]:
    """Where a total minus the cells shown gives suppressed counts away, in plain English."""
    leaks = []
    for category, total in release.totals.items():
        if total is None:
            continue
        cells = {k: v for k, v in release.cells.items() if k[1] == category}
        hidden = [k for k, v in cells.items() if v is None]
        residual = total - sum(v for v in cells.values() if v is not None)
        if len(hidden) == 1:
            leaks.append(
                f"the {category} total ({total}) minus the months shown gives the suppressed "
                f"count for {hidden[0][0]}: {residual}"
            )
        elif hidden and residual < release.threshold:
            leaks.append(
                f"the {category} total ({total}) minus the months shown gives {residual} for "
                f"the {len(hidden)} suppressed months together, below the threshold"
            )
    return leaks


def no_residual_leak(release: Release) -> Check:
    """No total gives a suppressed count away."""
    leaks = residual_leaks(release)
    if leaks:
        raise Breach(f"A suppressed count can be worked out from the release: {listing(leaks)}.")
    withheld = [c for c, v in release.totals.items() if v is None]
    hidden = sum(1 for v in release.cells.values() if v is None)
    return Check(
        claim=f"no suppressed count ({hidden} cells) can be worked out from the totals"
        + (f"; the {listing(withheld)} total was withheld" if withheld else ""),
        examined={"totals": len(release.totals), "suppressed cells": hidden},
    )


def new_months(before: Counter[Key], after: Counter[Key]) -> list[str]:
    """The months of the disclosures and refusals the audit log gained between two reads."""
    return sorted({month for (month, _), n in (after - before).items() if n > 0})


def no_difference_leak(
    first: Release,
    second: Attempt,
    asked: tuple[str, str],
    logged: Sequence[str],
    made: Sequence[str],
) -> Check:
    """Comparing a release made before the harness's disclosures (`made`) with one asked for
    after them (`second`, for the period `asked`, which runs into the month under way) gives
    no small count away. `logged` are the months in which the audit log recorded them.

    The system may refuse the second period or leave the month under way out of it. If it
    publishes that month, no count in it may be shown, and no number published in both
    releases may change by less than the threshold."""
    if not made:
        raise Inconclusive(
            "The harness made no disclosure to immigration enforcement between the two "
            "releases, so comparing them shows nothing."
        )
    if not logged:
        raise Inconclusive(
            f"The audit log recorded none of the {len(made)} disclosures the harness made "
            "between the two releases, so the harness cannot tell which month they fall in."
        )
    outside = [m for m in logged if not asked[0] <= m <= asked[1]]
    if outside:
        raise Inconclusive(
            f"The second release was asked for {asked[0]} to {asked[1]}, which does not "
            f"include {listing(outside)}, when the disclosures made between the releases were "
            "logged; comparing the releases would show nothing about them."
        )
    between = f"after {listing(made)} (logged in {listing(logged)})"
    if not second.allowed:
        return Check(
            claim=f"asked for its statistics up to {asked[1]}, the month under way, {between}, "
            f"the system refused ({second.status}); it had published the complete months just "
            "before, so only releases of complete months can be compared",
            examined={"releases": 2, "disclosures between them": len(made)},
        )
    release = parse_release(second)
    _covers(release, asked, [m for m in months_between(*asked) if m < logged[0]])
    covered = [m for m in logged if m in release.months()]
    shown_new = [
        f"{_name(k)} was published ({v}) while the month is still under way, so a release "
        "made after one more disclosure gives it away"
        for k, v in sorted(release.cells.items())
        if k[0] in covered and v is not None
    ]
    before, after = first.numbers(), release.numbers()
    threshold = min(first.threshold, release.threshold)
    common = before.keys() & after.keys()
    changed = {k: after[k] - before[k] for k in common if after[k] != before[k]}
    small = [
        f"{_name(k)} went from {before[k]} to {after[k]}"
        for k, change in sorted(changed.items())
        if 0 < abs(change) < threshold
    ]
    leaks = [*shown_new, *small, *residual_leaks(release)]
    if leaks:
        raise Breach(
            "Comparing a release made before some disclosures with one made after them gives "
            f"a count below the threshold away: {listing(leaks[:4])}."
        )
    held = (
        f"the system published {listing(covered)}, in which they fall, with every count suppressed"
        if covered
        else f"the system left out {listing(logged)}, the month under way in which they fall, "
        "and published the complete months only"
    )
    return Check(
        claim=f"asked for its statistics up to {asked[1]} {between}, {held}; "
        f"{len(changed)} of the {len(common)} numbers published in both releases changed, "
        f"none by less than {threshold}",
        examined={
            "published numbers compared": len(common),
            "disclosures between the releases": len(made),
        },
    )
