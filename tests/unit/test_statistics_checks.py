"""The statistics claims (FW-21) on hand-made releases: each leak is caught, with its reason."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from firewall_conformance.audit.log import AuditEntry
from firewall_conformance.claims import statistics as check
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.targets.attempt import Attempt
from tests.answered import answered


def answer(disclosed: dict[str, int | None], total: int | None, threshold: int = 10) -> Attempt:
    cells = [{"month": m, "category": "disclosed", "value": v} for m, v in disclosed.items()]
    returned = {
        "cells": cells,
        "totals": [{"category": "disclosed", "value": total}],
        "threshold": threshold,
    }
    return answered("statistics", "publish", **returned)


def release(disclosed: dict[str, int | None], total: int | None, threshold: int = 10):
    return check.parse_release(answer(disclosed, total, threshold))


JAN_FEB = ("2025-01", "2025-02")


def test_period_is_the_last_twelve_complete_months() -> None:
    assert check.period(date(2026, 1, 15)) == ("2025-01", "2025-12")
    assert check.period(date(2025, 12, 1)) == ("2024-12", "2025-11")


def test_a_lone_suppressed_cell_is_given_away_by_an_exact_total() -> None:
    leaky = release({"2025-01": 14, "2025-02": None, "2025-03": 20}, 37)
    assert check.residual_leaks(leaky) == [
        "totals[disclosed].value (37) minus the cells shown in cells.value gives the "
        "suppressed cell 2025-02 disclosed away: 3"
    ]
    with pytest.raises(Breach, match="2025-02 disclosed away: 3"):
        check.no_residual_leak(leaky)


def test_suppressed_cells_adding_up_to_a_small_count_are_a_leak() -> None:
    leaky = release({"2025-01": 14, "2025-02": None, "2025-03": None}, 19)
    with pytest.raises(Breach, match="gives 5 for its 2 suppressed cells together"):
        check.no_residual_leak(leaky)


def test_secondary_suppression_or_a_withheld_total_is_safe() -> None:
    assert check.no_residual_leak(release({"a": None, "b": None, "c": 20}, 34)).examined
    assert check.no_residual_leak(release({"a": None, "b": 12}, None)).examined


def test_published_numbers_must_match_the_log_and_small_counts_must_be_hidden() -> None:
    counted = Counter({("2025-01", "disclosed"): 14, ("2025-02", "disclosed"): 3})
    good = release({"2025-01": 14, "2025-02": None}, None)
    assert check.reconciled(good, counted, JAN_FEB).control == "audit log"
    assert check.small_counts_suppressed(good, counted).examined["small counts"] == 1
    with pytest.raises(Breach, match="published 15, logged 14"):
        check.reconciled(release({"2025-01": 15, "2025-02": None}, None), counted, JAN_FEB)
    with pytest.raises(Breach, match=r"cells\[2025-02 disclosed\].value \(3\)"):
        check.small_counts_suppressed(release({"2025-01": 14, "2025-02": 3}, 17), counted)
    with pytest.raises(Inconclusive, match="nothing to reconcile"):
        check.reconciled(good, Counter(), JAN_FEB)


def test_a_small_total_must_be_suppressed_too() -> None:
    # Three disclosures over the whole period, each month suppressed, the total exact.
    counted = Counter({("2025-01", "disclosed"): 1, ("2025-02", "disclosed"): 2})
    leaky = release({"2025-01": None, "2025-02": None}, 3)
    with pytest.raises(Breach, match=r"totals\[disclosed\].value \(3\)"):
        check.small_counts_suppressed(leaky, counted)
    hidden = release({"2025-01": None, "2025-02": None, "2025-03": 0}, None)
    assert check.small_counts_suppressed(hidden, counted).examined["small counts"] == 2


def test_a_release_with_every_number_suppressed_shows_nothing_and_is_inconclusive() -> None:
    counted = Counter({("2025-01", "disclosed"): 1, ("2025-02", "disclosed"): 2})
    with pytest.raises(Inconclusive, match="no count at all"):
        check.small_counts_suppressed(release({"2025-01": None, "2025-02": None}, None), counted)


def test_a_release_that_leaves_out_a_month_asked_for_is_inconclusive() -> None:
    counted = Counter({("2025-01", "disclosed"): 14, ("2025-03", "disclosed"): 3})
    dropped = release({"2025-01": 14, "2025-02": 0}, 14)  # March, with its 3, is missing
    with pytest.raises(Inconclusive, match="left out 2025-03"):
        check.reconciled(dropped, counted, ("2025-01", "2025-03"))


BETWEEN = ["a disclosure of the suspect", "a refused disclosure of the victim"]
ASKED = ("2025-01", "2025-03")  # the period asked for the second time; March is under way


def test_a_release_leaving_out_the_month_under_way_is_compliant() -> None:
    before = release({"2025-01": 14, "2025-02": 20}, 34)
    clamped = answer({"2025-01": 14, "2025-02": 20}, 34)
    result = check.no_difference_leak(before, clamped, ASKED, ["2025-03"], BETWEEN)
    assert "left out 2025-03" in result.claim
    refused = Attempt(False, "refused (422)")
    assert (
        "refused (422)"
        in check.no_difference_leak(before, refused, ASKED, ["2025-03"], BETWEEN).claim
    )


def test_publishing_the_month_under_way_exactly_is_a_leak() -> None:
    # The old check compared only the numbers both releases published, over the same complete
    # months, so a second release that also showed the month under way passed.
    before = release({"2025-01": 14, "2025-02": 20}, 34)
    exact = answer({"2025-01": 14, "2025-02": 20, "2025-03": 12}, 46)
    with pytest.raises(Breach, match="disclosed in 2025-03 was published \\(12\\)"):
        check.no_difference_leak(before, exact, ASKED, ["2025-03"], BETWEEN)


def test_a_total_that_grows_by_a_small_count_is_a_leak() -> None:
    before = release({"2025-01": 14, "2025-02": 20}, 34)
    suppressed_but_totalled = answer({"2025-01": 14, "2025-02": 20, "2025-03": None}, 36)
    with pytest.raises(Breach, match=r"totals\[disclosed\].value went from 34 to 36"):
        check.no_difference_leak(before, suppressed_but_totalled, ASKED, ["2025-03"], BETWEEN)
    hidden = answer({"2025-01": 14, "2025-02": 20, "2025-03": None}, None)
    result = check.no_difference_leak(before, hidden, ASKED, ["2025-03"], BETWEEN)
    assert "with every count suppressed" in result.claim


def test_a_small_change_between_releases_is_a_leak() -> None:
    before = release({"2025-01": 14, "2025-02": 20}, 34)
    after = answer({"2025-01": 14, "2025-02": 22}, 36)
    with pytest.raises(Breach, match=r"cells\[2025-02 disclosed\].value went from 20 to 22"):
        check.no_difference_leak(before, after, ASKED, ["2025-03"], BETWEEN)


def test_a_second_release_that_shows_nothing_new_is_inconclusive() -> None:
    before = release({"2025-01": 14, "2025-02": 20}, 34)
    same = answer({"2025-01": 14, "2025-02": 20}, 34)
    with pytest.raises(Inconclusive, match="made no disclosure"):
        check.no_difference_leak(before, same, ASKED, ["2025-03"], [])
    with pytest.raises(Inconclusive, match="recorded none of the 2 disclosures"):
        check.no_difference_leak(before, same, ASKED, [], BETWEEN)
    # Asked for complete months only, as the old scenario did: the disclosures fall outside.
    with pytest.raises(Inconclusive, match="does not include 2025-03"):
        check.no_difference_leak(before, same, JAN_FEB, ["2025-03"], BETWEEN)
    # A second release that silently drops a complete month is not a clamp.
    dropped = answer({"2025-01": 14}, 14)
    with pytest.raises(Inconclusive, match="left out 2025-02"):
        check.no_difference_leak(before, dropped, ASKED, ["2025-03"], BETWEEN)


def test_new_months_are_those_the_audit_log_gained() -> None:
    before = Counter({("2025-02", "disclosed"): 20})
    after = Counter({("2025-02", "disclosed"): 20, ("2025-03", "refused"): 1})
    assert check.new_months(before, after) == ["2025-03"]
    assert check.new_months(before, before) == []


def test_audit_counts_by_month_and_outcome() -> None:
    def entry(at: str, refused: bool, recipient: str = "hoie", kind: str = "disclose"):
        fields = {"time": at, "recipient": recipient}
        return AuditEntry(fields=fields, raw=fields, kind=kind, refused=refused)

    counted = check.audit_counts(
        [
            entry("2025-01-31T23:30:00Z", False),
            entry("2025-02-01T00:30:00+02:00", True),  # 31 January in UTC
            entry("2025-02-02T10:00:00Z", False, recipient="cps"),
            entry("2025-02-02T10:00:00Z", False, kind="export"),
        ],
        "hoie",
    )
    assert counted == Counter({("2025-01", "disclosed"): 1, ("2025-01", "refused"): 1})


@pytest.mark.parametrize(
    "returned",
    [
        {"cells": "x", "totals": [], "threshold": 10},
        {"cells": [], "totals": [], "threshold": 10},
        {"cells": [{"month": "2025-01", "category": "disclosed", "value": 1}], "totals": []},
        {
            "cells": [{"month": "2025-01", "category": "other", "value": 1}],
            "totals": [],
            "threshold": 10,
        },
        {
            "cells": [{"month": "2025-01", "category": "disclosed", "value": -1}],
            "totals": [],
            "threshold": 10,
        },
    ],
)
def test_an_unreadable_release_is_inconclusive(returned) -> None:
    with pytest.raises(Inconclusive):
        check.parse_release(answered("statistics", "publish", **returned))


# Leaky releases as a vendor would write them: the mapped cells and totals are clean, the leak
# is somewhere the profile does not map. Each passed the check that read the mapped paths only.

LOGGED = Counter(
    {
        ("2025-01", "disclosed"): 14,
        ("2025-02", "disclosed"): 3,
        ("2025-03", "disclosed"): 20,
        ("2025-01", "refused"): 2,
    }
)
Q1 = ("2025-01", "2025-03")


def vendor_answer(**extra: object) -> Attempt:
    """The reference's own release shape, suppressed as the reference does, plus `extra`."""

    def cell(month: str, category: str, value: int | None) -> dict[str, object]:
        return {"month": month, "category": category, "value": value, "suppressed": value is None}

    body = {
        "release_id": "ST-1",
        "published_at": "2025-04-02T09:00:00Z",
        "period_from": "2025-01",
        "period_to": "2025-03",
        "threshold": 10,
        "cells": [
            cell("2025-01", "disclosed", None),
            cell("2025-02", "disclosed", None),
            cell("2025-03", "disclosed", 20),
            cell("2025-01", "refused", None),
            cell("2025-02", "refused", 0),
            cell("2025-03", "refused", 0),
        ],
        "totals": [
            {"category": "disclosed", "value": 37, "suppressed": False},
            {"category": "refused", "value": None, "suppressed": True},
        ],
        **extra,
    }
    returned = {k: body[k] for k in ("cells", "totals", "threshold")}
    return answered("statistics", "publish", body=body, **returned)


def vendor(**extra: object) -> check.Release:
    return check.parse_release(vendor_answer(**extra))


def judged(leaky: check.Release) -> None:
    """Run every claim on the first release, as the scenario does."""
    check.reconciled(leaky, LOGGED, Q1)
    check.small_counts_suppressed(leaky, LOGGED)
    check.no_residual_leak(leaky)


def test_the_reference_shape_suppressed_as_the_reference_does_passes() -> None:
    clean = vendor()
    judged(clean)
    examined = check.small_counts_suppressed(clean, LOGGED).examined
    assert examined["counts"] == 4 and examined["tables"] >= 2


def test_an_unknown_nested_breakdown_with_a_small_count_is_a_breach() -> None:
    breakdown = {
        "by_role": {"victim": {"disclosed": 0, "refused": 2}, "suspect": {"disclosed": 37}}
    }
    with pytest.raises(Breach, match=r"breakdowns.by_role.victim.refused \(2\)"):
        judged(vendor(breakdowns=breakdown))


def test_a_by_month_list_with_a_small_number_is_a_breach() -> None:
    with pytest.raises(Breach, match=r"disclosed_by_month\[1\] \(3\)"):
        judged(vendor(disclosed_by_month=[14, 3, 20]))


def test_a_number_under_an_unexpected_key_is_a_breach() -> None:
    with pytest.raises(Breach, match=r"summary.latestMonthDisclosures \(3\)"):
        judged(vendor(summary={"latestMonth": "2025-02", "latestMonthDisclosures": "3"}))


def test_a_breakdown_whose_suppressed_cell_is_its_total_minus_the_rest_is_a_breach() -> None:
    by_station = {
        "disclosed": {
            "total": 37,
            "by_station": [
                {"station": "Northtown", "count": 15},
                {"station": "Southtown", "count": None},
                {"station": "Eastgate", "count": 18},
            ],
        }
    }
    with pytest.raises(Breach, match="suppressed cell Southtown away: 4"):
        judged(vendor(stations=by_station))


def test_a_total_per_category_elsewhere_must_match_the_log() -> None:
    with pytest.raises(Breach, match=r"summary.disclosed_total: published 40, logged 37"):
        judged(vendor(summary={"disclosed_total": 40}))


def test_numbers_that_are_no_counts_are_left_alone() -> None:
    extra = {"schema_version": 2, "page": 1, "months": [1, 2, 3], "rate": 0.05, "year": 2025}
    judged(vendor(meta=extra))
    assert check.small_counts_suppressed(vendor(meta=extra), LOGGED).examined["numbers"] == 12


def test_a_second_release_with_a_small_count_in_a_new_breakdown_is_a_leak() -> None:
    second = vendor_answer(by_station={"Northtown": 1, "Southtown": 0})
    with pytest.raises(Breach, match=r"by_station.Northtown \(1\) is below the threshold"):
        check.no_difference_leak(vendor(), second, ("2025-01", "2025-04"), ["2025-04"], BETWEEN)


# A year whose refusals are safe together but not quarter by quarter: the vendor's totals are
# exact wherever secondary suppression would have had to withhold them.
YEAR = ("2025-01", "2025-12")
REFUSED = dict(zip(check.months_between(*YEAR), (2, 0, 5, 1, 0, 3, 0, 0, 4, 1, 0, 2), strict=True))


def refusals(months: list[str], total: int | None) -> check.Release:
    cells = [
        {"month": m, "category": "refused", "value": None if REFUSED[m] else 0} for m in months
    ]
    cells += [{"month": m, "category": "disclosed", "value": 20} for m in months]
    totals = [
        {"category": "refused", "value": total},
        {"category": "disclosed", "value": 20 * len(months)},
    ]
    return check.parse_release(
        answered("statistics", "publish", cells=cells, totals=totals, threshold=10)
    )


def test_a_year_is_judged_with_each_of_its_quarters() -> None:
    assert check.quarters(YEAR) == [
        ("2025-01", "2025-03"),
        ("2025-04", "2025-06"),
        ("2025-07", "2025-09"),
        ("2025-10", "2025-12"),
    ]
    assert check.quarters(("2025-11", "2026-02")) == [
        ("2025-11", "2026-01"),
        ("2026-02", "2026-02"),
    ]


def test_an_exact_quarterly_total_is_caught_though_the_year_is_safe() -> None:
    year = (YEAR, refusals(check.months_between(*YEAR), 18))
    assert check.no_residual_leak(year[1]).examined
    exact = [year] + [(q, refusals(check.months_between(*q), None)) for q in check.quarters(YEAR)]
    assert len(check.each_release(exact, lambda r, asked: check.no_residual_leak(r))) == 5
    last = check.quarters(YEAR)[-1]
    exact[-1] = (last, refusals(check.months_between(*last), 3))
    with pytest.raises(
        Breach, match=r"In the release for 2025-10 to 2025-12: .*below the threshold"
    ):
        check.each_release(exact, lambda r, asked: check.no_residual_leak(r))
    with pytest.raises(Breach, match=r"In the release for 2025-10 to 2025-12: .*totals"):
        check.each_release(exact, lambda r, asked: check.small_counts_suppressed(r, Counter()))
    with pytest.raises(Inconclusive, match="No statistics"):
        check.each_release([], lambda r, asked: check.no_residual_leak(r))


def test_only_the_whole_period_must_hold_something_to_reconcile() -> None:
    quiet = release({"2025-01": 0, "2025-02": 0}, 0)
    with pytest.raises(Inconclusive, match="nothing to reconcile"):
        check.reconciled(quiet, Counter(), JAN_FEB)
    assert check.reconciled(quiet, Counter(), JAN_FEB, control=False).control is None
    with pytest.raises(Breach, match="published 4, logged 0"):
        check.reconciled(
            release({"2025-01": 4, "2025-02": 0}, 4), Counter(), JAN_FEB, control=False
        )


def test_a_declined_quarter_publishes_nothing() -> None:
    refused = Attempt(False, "refused (403)")
    found = check.declined([(("2025-01", "2025-03"), refused)])
    assert "2025-01 to 2025-03" in found.claim and found.examined["releases declined"] == 1
