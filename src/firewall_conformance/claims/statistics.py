"""Claims about published statistics on disclosures to immigration enforcement (FW-21).

A release holds cells (one month, one category: `disclosed` or `refused`, a count or null
where suppressed), totals per category over the period (a count or null where withheld) and
the system's threshold, the smallest count it publishes. The harness counts the same things
in the audit log it reads, and then looks at the release the way anyone holding it could.
The cells, totals and threshold are read where the profile maps them; every other number in
the answer (a breakdown nobody asked for, a total elsewhere, a count under an unexpected
name) is found by walking the whole answer (`release_numbers`), and judged too:

- every rule for one release holds for each release anyone may ask for: the twelve months,
  and each quarter of them. Suppression that is safe over a year can fail over a quarter,
  where the same small counts have fewer cells to hide among and a total must be withheld;
  a system may decline a quarter (nothing is published), not the year;
- a release must cover the months asked for, and each published number must equal the
  audit log's count;
- a count from 1 to the threshold minus one must not be published, anywhere in the release;
- a total anywhere in the release must add up: over a category and the period, to the
  audit log's count; as a table's total, to the cells of the table where all are shown;
- a total minus the cells shown of any table must not give a suppressed count away: not
  when one cell is suppressed (its value is the difference), nor when the suppressed cells add up to less
  than the threshold (a small count, only spread over cells);
- two releases compared must not give a small count away either. The second is asked for
  after the harness's own disclosures, for a period running into the month under way, in
  which those disclosures fall. A system may refuse that period or leave the month under
  way out; if it publishes that month, no count in it may be shown (it changes with every
  disclosure, so releases a day apart would give single disclosures away), no number
  published in both releases, wherever it is, may change by less than the threshold (the
  change is itself a small count), and the second release must keep every other rule too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from firewall_conformance.audit.log import AuditEntry
from firewall_conformance.claims import release_numbers
from firewall_conformance.claims.release_numbers import Count
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.model.results import Claim
from firewall_conformance.targets.answers import PublishedStatistics
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.wording.plural import agree, every, listing

CATEGORIES = ("disclosed", "refused")
Key = tuple[str, str]  # (month or "total", category)
Period = tuple[str, str]  # (first month, last month)


@dataclass(frozen=True)
class Release:
    """One published release: cell and total values by key (None where suppressed), and
    everything found by walking the whole answer."""

    cells: dict[Key, int | None]
    totals: dict[str, int | None]
    threshold: int
    found: release_numbers.Walk

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


def quarters(asked: Period) -> list[Period]:
    """The consecutive three-month periods that make up `asked` (a last, shorter one if the
    months do not divide evenly)."""
    months = months_between(*asked)
    return [(part[0], part[-1]) for part in (months[i : i + 3] for i in range(0, len(months), 3))]


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
    published = attempt.answer_as(PublishedStatistics)
    cells_raw, totals_raw, threshold = published.cells, published.totals, published.threshold
    if threshold < 2:
        raise Inconclusive(
            f"The published release gave no usable suppression threshold ({threshold!r})."
        )
    # A cell or total of another category is no reason to refuse the release: the walk of
    # the whole answer examines it with every other number the harness was not told about.
    cells: dict[Key, int | None] = {}
    for cell in cells_raw:
        if not isinstance(cell, dict):
            raise Inconclusive(f"The release held a cell the harness cannot read: {cell!r}.")
        if cell.get("category") in CATEGORIES:
            key = (str(cell.get("month")), cell["category"])
            cells[key] = _count(cell.get("value"), f"{key[1]} in {key[0]}")
    totals: dict[str, int | None] = {}
    for total in totals_raw:
        if not isinstance(total, dict):
            raise Inconclusive(f"The release held a total the harness cannot read: {total!r}.")
        if total.get("category") in CATEGORIES:
            totals[total["category"]] = _count(total.get("value"), f"{total['category']} in total")
    if not cells:
        raise Inconclusive("The published release held no cells; an empty release proves nothing.")
    body = attempt.body
    if body is None:
        body = {"cells": cells_raw, "totals": totals_raw, "threshold": threshold}
    return Release(cells, totals, threshold, release_numbers.walk(body))


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
    return {key: counted[key] for key in release.cells}


def _logged_totals(release: Release, counted: Counter[Key]) -> list[tuple[Count, int]]:
    """The totals anywhere in the release over one category and no one month, with the audit
    log's count of that category over the months of the release."""
    totals = []
    for count in release.found.counts:
        named = sorted(count.scope & set(CATEGORIES))
        if count.total and len(named) == 1 and not count.months:
            logged = sum(counted[(month, named[0])] for month in release.months())
            totals.append((count, logged))
    return totals


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


def each_release(
    releases: Sequence[tuple[Period, Release]], judge: Callable[[Release, Period], Claim]
) -> list[Claim]:
    """Judge every release on its own, so that a rule holds whichever period is asked for; a
    claim, a breach or a doubt names the release it is about."""
    if not releases:
        raise Inconclusive("No statistics were published.")
    checks = []
    for asked, release in releases:
        which = f"the release for {asked[0]} to {asked[1]}"
        try:
            found = judge(release, asked)
        except Breach as exc:
            raise Breach(f"In {which}: {exc}") from exc
        except Inconclusive as exc:
            raise Inconclusive(f"In {which}: {exc}") from exc
        checks.append(replace(found, claim=f"in {which}, {found.claim}"))
    return checks


def declined(refusals: Sequence[tuple[Period, Attempt]]) -> Claim:
    """The shorter periods the system declined to publish: nothing was published for them,
    so nothing could be given away there."""
    refused = [f"{p[0]} to {p[1]} ({a.status})" for p, a in refusals]
    return Claim(
        claim=f"the system declined to publish statistics for {listing(refused)}, so nothing "
        "is published for those periods",
        examined={"releases declined": len(refused)},
    )


def reconciled(
    release: Release, counted: Counter[Key], asked: tuple[str, str], *, control: bool = True
) -> Claim:
    """Claim, and positive control unless `control` is False: the release covers every month
    asked for, every published cell and every total over a category, wherever it is, equals
    the audit log's count, every table adds up to its totals, and (the control) the audit log
    holds something to count in the period. A shorter period judged beside a controlled one
    may hold nothing: its numbers must then all be nothing."""
    _covers(release, asked, months_between(*asked))
    expected = _expected(release, counted)
    if control and not any(expected.values()):
        raise Inconclusive(
            "The audit log holds no disclosure to immigration enforcement in the period of the "
            "release, so there was nothing to reconcile and no small count to protect."
        )
    cells = {k: v for k, v in release.cells.items() if v is not None}
    totals = _logged_totals(release, counted)
    wrong = [
        f"{_name(k)}: published {v}, logged {expected[k]}"
        for k, v in cells.items()
        if v != expected[k]
    ]
    wrong += [f"{c.where}: published {c.value}, logged {n}" for c, n in totals if c.value != n]
    wrong += release_numbers.mismatches(release.found)
    if wrong:
        raise Breach(
            "Published statistics on disclosures to immigration enforcement do not match the "
            f"audit log: {listing(wrong[:4])}"
            + (f" and {len(wrong) - 4} more" if len(wrong) > 4 else "")
            + "."
        )
    return Claim(
        claim=f"{every(len(cells), 'published cells')} and {len(totals)} {agree(len(totals), 'total', 'totals')} "
        f"({release.months()[0]} to {release.months()[-1]}) equal the audit log's counts, "
        f"{sum(expected.values())} disclosures and refusals in all, and every table adds up "
        "to its totals",
        examined={
            "published numbers": len(cells) + len(totals),
            "numbers in the release": release.found.numbers,
            "audit entries counted": sum(counted.values()),
        },
        control="audit log" if control else None,
    )


def small_counts_suppressed(release: Release, counted: Counter[Key]) -> Claim:
    """No count from 1 to the threshold minus one is published anywhere in the release, and
    no cell the audit log counts that small is published at all."""
    found = release.found
    if not found.counts:
        raise Inconclusive(
            f"The release published no count at all ({found.numbers} numbers in it), so "
            "whether small counts are suppressed could not be seen."
        )
    expected = _expected(release, counted)
    small = [k for k in release.cells if 0 < expected[k] < release.threshold]
    shown = [
        f"{c.where} ({c.value})" for c in release_numbers.small_counts(found, release.threshold)
    ]
    shown += [
        f"{_name(k)} (published {published}, logged {expected[k]})"
        for k in small
        if (published := release.cells[k]) is not None and published >= release.threshold
    ]
    if shown:
        raise Breach(
            f"Counts below the threshold of {release.threshold} were published: "
            f"{listing(shown[:4])}"
            + (f" and {len(shown) - 4} more" if len(shown) > 4 else "")
            + "."
        )
    return Claim(
        claim=f"none of the {len(found.counts)} counts in the release is below the threshold "
        f"of {release.threshold}, and {every(len(small), 'cells')} the audit log counts below it "
        f"{agree(len(small), 'was', 'were')} suppressed",
        examined={
            "numbers": found.numbers,
            "counts": len(found.counts),
            "tables": len(found.tables),
            "small counts": len(small),
        },
    )


def residual_leaks(release: Release) -> list[str]:
    """Where a total minus the cells shown of any table gives suppressed counts away."""
    return release_numbers.residual_leaks(release.found, release.threshold)


def no_residual_leak(release: Release) -> Claim:
    """No total gives a suppressed count away."""
    leaks = residual_leaks(release)
    if leaks:
        raise Breach(f"A suppressed count can be worked out from the release: {listing(leaks)}.")
    tables = release.found.tables
    withheld = [c for c, v in release.totals.items() if v is None]
    hidden = sum(1 for t in tables for v in t.cells.values() if v is None)
    totalled = [t for t in tables if t.totals]
    return Claim(
        claim=f"no suppressed count ({hidden} suppressed cells in {len(tables)} tables) can be "
        f"worked out from the totals of the {len(totalled)} tables that have one"
        + (f"; the {listing(withheld)} total was withheld" if withheld else ""),
        examined={
            "tables": len(tables),
            "totals": sum(len(t.totals) for t in tables),
            "suppressed cells": hidden,
        },
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
) -> Claim:
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
        return Claim(
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
    before = {c.where: c.value for c in first.found.counts}
    after = {c.where: c.value for c in release.found.counts}
    threshold = min(first.threshold, release.threshold)
    common = before.keys() & after.keys()
    changed = {k: after[k] - before[k] for k in common if after[k] != before[k]}
    small = [
        f"{k} went from {before[k]} to {after[k]}"
        for k, change in sorted(changed.items())
        if 0 < abs(change) < threshold
    ]
    small_now = [
        f"{c.where} ({c.value}) is below the threshold"
        for c in release_numbers.small_counts(release.found, release.threshold)
    ]
    leaks = [*shown_new, *small, *small_now, *residual_leaks(release)]
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
    return Claim(
        claim=f"asked for its statistics up to {asked[1]} {between}, {held}; "
        f"{len(changed)} of the {len(common)} numbers published in both releases changed, "
        f"none by less than {threshold}",
        examined={
            "published numbers compared": len(common),
            "disclosures between the releases": len(made),
        },
    )
