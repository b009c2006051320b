"""Every number in a statistics release, wherever the publisher put it (FW-21).

A release can hold more than the profile maps: a breakdown per nationality, station or role,
a list per month, a total per category, a number under a name nobody expected. Reading only
the mapped fields would let each of those through, so the whole answer is walked and every
number is judged by what it is, not by where the harness expected it.

A *count* is an integer (or a float or a string of digits with an integer value) that is not
a yes/no flag and is not named as something else: a dict key whose last word is one of
`NOT_COUNTS` (`threshold`, `release_id`, `year`, `month`, `page`, `version`, ...) holds no
count, nor does a list whose key is made only of such words (`months`, `years`). A negative
integer counts by its size: it is a change between counts, and a small change is a small
count. Numbers with a fraction (rates, shares) are seen but not judged.

A *table* is counts side by side: the values of one dict, the items of one list, or one field
across the rows of a list of dicts, taken over all rows and over the rows sharing one label
(one category, one month). A null or a suppression mark (`*`, `c`, `<10`, ...) where a table
has a count is a suppressed cell.

A *total* is a count under a key that says so (`total`, `all`, `sum`, `overall`, also inside a
`totals` list or dict) or in a row labelled so. It belongs to the nearest tables beside or
beneath it that carry its qualifiers and are split by nothing it does not name: `total` to
every whole table beside it, `disclosed_total` to `disclosed_by_month`, a `totals` row
labelled `disclosed` to the rows labelled `disclosed`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

NOT_COUNTS = frozenset(
    [
        "threshold",
        "id",
        "ids",
        "uuid",
        "key",
        "code",
        "ref",
        "year",
        "years",
        "quarter",
        "quarters",
        "month",
        "months",
        "week",
        "weeks",
        "day",
        "days",
        "date",
        "dates",
        "time",
        "hour",
        "minute",
        "second",
        "timestamp",
        "at",
        "from",
        "to",
        "start",
        "end",
        "since",
        "until",
        "period",
        "page",
        "pages",
        "size",
        "limit",
        "offset",
        "seq",
        "sequence",
        "index",
        "rank",
        "position",
        "order",
        "version",
        "level",
        "base",
        "precision",
        "decimals",
        "minimum",
        "min",
    ]
)
TOTAL_WORDS = frozenset({"total", "totals", "all", "sum", "overall", "grand"})
SUPPRESSION_MARKS = frozenset(
    {"*", "**", "c", "[c]", "x", "[x]", "..", "-", "suppressed", "withheld", "redacted"}
)
_DIGITS = re.compile(r"-?\d{1,12}")
_BELOW = re.compile(r"<\s*\d+")
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_MONTH = re.compile(r"\d{4}-\d{2}")


def words(name: str) -> frozenset[str]:
    """'disclosedTotal', 'disclosed_total' -> {'disclosed', 'total'}."""
    return frozenset(w.lower() for w in _WORD.findall(name))


def _head_word(name: str) -> str:
    found = _WORD.findall(name)
    return found[-1].lower() if found else ""


def names_no_count(key: str) -> bool:
    """Whether a dict key says its value is something other than a count."""
    return "threshold" in words(key) or _head_word(key) in NOT_COUNTS


def _is_total(name: str) -> bool:
    return bool(words(name) & TOTAL_WORDS)


def count_of(value: Any) -> int | None:
    """The count a value holds, or None when it holds none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return abs(value)
    if isinstance(value, float):
        return abs(int(value)) if math.isfinite(value) and value.is_integer() else None
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        return abs(int(value.strip()))
    return None


def is_number(value: Any) -> bool:
    return count_of(value) is not None or (isinstance(value, float) and not isinstance(value, bool))


def is_suppressed(value: Any) -> bool:
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    text = value.strip().lower()
    return text in SUPPRESSION_MARKS or bool(_BELOW.fullmatch(text))


@dataclass(frozen=True)
class Count:
    """One count in the release: where it is, its value, the names and row labels on its way
    (what it counts), and whether it is a total."""

    where: str
    value: int
    labels: tuple[str, ...]
    total: bool

    @property
    def scope(self) -> frozenset[str]:
        return frozenset().union(*(words(label) for label in self.labels))

    @property
    def months(self) -> list[str]:
        return [label for label in self.labels if _MONTH.fullmatch(label)]


@dataclass(frozen=True)
class _Total:
    count: Count
    qualifiers: frozenset[str]


@dataclass
class Table:
    """Counts side by side (None where suppressed) and the totals they add up to."""

    where: str
    cells: dict[str, int | None]
    names: frozenset[str] = frozenset()  # words of the keys from the total's level down
    split_by: frozenset[str] = frozenset()  # words of the label the rows share, if any
    totals: list[Count] = field(default_factory=list)

    def takes(self, total: _Total) -> bool:
        return self.split_by <= total.qualifiers <= self.names | self.split_by


@dataclass
class Walk:
    """What walking a release found: how many numbers, which of them are counts, the tables."""

    numbers: int = 0
    counts: list[Count] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def walk(body: Any) -> Walk:
    """Every number, count and table in a release body."""
    found = Walk()
    tables = _visit(body, "", (), False, found)
    found.tables = [t for t in tables if len(t.cells) > 1 or t.totals]
    return found


def _leaf(value: Any, where: str, labels: tuple[str, ...], total: bool, found: Walk) -> None:
    if is_number(value):
        found.numbers += 1
    n = count_of(value)
    if n is not None:
        found.counts.append(Count(where, n, labels, total))


def _visit(node: Any, where: str, labels: tuple[str, ...], total: bool, found: Walk) -> list[Table]:
    """Walk `node`; return its tables still without a total."""
    if isinstance(node, dict):
        return _visit_dict(node, where, labels, total, found)
    if isinstance(node, list):
        return _visit_list(node, where, labels, total, found)
    _leaf(node, where, labels, total, found)
    return []


def _visit_dict(
    node: dict[str, Any], where: str, labels: tuple[str, ...], total: bool, found: Walk
) -> list[Table]:
    pending: list[Table] = []
    totals: list[_Total] = []
    cells: dict[str, int | None] = {}
    for key, value in node.items():
        key = str(key)
        inner = f"{where}.{key}" if where else key
        if isinstance(value, dict | list):
            before = len(found.counts)
            tables = _visit(value, inner, (*labels, key), total or _is_total(key), found)
            if _is_total(key) and not total:
                totals += _totals_under(key, found.counts[before:], len(labels) + 1)
            else:
                pending += [_named(t, key) for t in tables]
        elif names_no_count(key):
            found.numbers += is_number(value)
        else:
            _leaf(value, inner, (*labels, key), total or _is_total(key), found)
            if _is_total(key) and count_of(value) is not None and not total:
                totals.append(_Total(found.counts[-1], words(key) - TOTAL_WORDS))
            elif count_of(value) is not None or is_suppressed(value):
                cells[key] = count_of(value)
    if len(cells) > 1 or (cells and totals):
        pending.append(Table(where, cells))
    return _attribute(pending, totals)


def _totals_under(key: str, counts: list[Count], depth: int) -> list[_Total]:
    """The totals held in a `totals` list or dict: each is qualified by the key's own words
    and by the names and labels beneath the key."""
    own = words(key) - TOTAL_WORDS
    return [
        _Total(c, own | frozenset().union(*(words(x) for x in c.labels[depth:])) - TOTAL_WORDS)
        for c in counts
    ]


def _named(table: Table, key: str) -> Table:
    table.names = table.names | words(key)
    return table


def _attribute(pending: list[Table], totals: list[_Total]) -> list[Table]:
    """Give each table still without a total the totals here that belong to it: a table
    takes its totals from the nearest level that has any for it."""
    for table in pending:
        if not table.totals:
            table.totals = [t.count for t in totals if table.takes(t)]
    return pending


def _visit_list(
    node: list[Any], where: str, labels: tuple[str, ...], total: bool, found: Walk
) -> list[Table]:
    rows = [item for item in node if isinstance(item, dict)]
    if rows and len(rows) == len(node):
        return _visit_rows(rows, where, labels, total, found)
    named_no_count = bool(labels) and words(labels[-1]) <= NOT_COUNTS  # `months: [1, 2]`
    pending: list[Table] = []
    cells: dict[str, int | None] = {}
    for index, item in enumerate(node):
        if isinstance(item, dict | list):
            pending += _visit(item, f"{where}[{index}]", labels, total, found)
        elif named_no_count:
            found.numbers += is_number(item)
        else:
            _leaf(item, f"{where}[{index}]", labels, total, found)
            if count_of(item) is not None or is_suppressed(item):
                cells[f"[{index}]"] = count_of(item)
    if len(cells) > 1:
        pending.append(Table(where, cells))
    return pending


def _row_labels(row: dict[str, Any]) -> dict[str, str]:
    """The fields that say what a row is about: text that is no count or mark, and numbers
    named as something else (`month: 3`)."""
    return {
        str(k): str(v)
        for k, v in row.items()
        if not isinstance(v, dict | list | bool)
        and v is not None
        and (
            names_no_count(str(k))
            or (count_of(v) is None and not is_suppressed(v) and not is_number(v))
        )
    }


def _visit_rows(
    rows: list[dict[str, Any]], where: str, labels: tuple[str, ...], total: bool, found: Walk
) -> list[Table]:
    described = [_row_labels(row) for row in rows]
    names = [" ".join(d.values()) or f"[{i}]" for i, d in enumerate(described)]
    if len(set(names)) < len(names):
        names = [f"{n} [{i}]" for i, n in enumerate(names)]
    pending: list[Table] = []
    for row, row_labels, name in zip(rows, described, names, strict=True):
        is_total_row = any(_is_total(v) for v in row_labels.values())
        pending += _visit_dict(
            row, f"{where}[{name}]", (*labels, *row_labels.values()), total or is_total_row, found
        )
    columns = {
        k
        for row in rows
        for k, v in row.items()
        if not _is_total(k) and not names_no_count(k) and count_of(v) is not None
    }
    columns = {
        k
        for k in columns
        if all(
            k not in row or count_of(row[k]) is not None or is_suppressed(row[k]) for row in rows
        )
    }
    for column in sorted(columns):
        pending += _column_tables(rows, described, names, column, where)
    return pending


def _column_tables(
    rows: list[dict[str, Any]],
    described: list[dict[str, str]],
    names: list[str],
    column: str,
    where: str,
) -> list[Table]:
    """One column across the rows: over all rows (named also by the labels they all share),
    and over the rows sharing each label; a row labelled as a total is the total of the rows
    sharing its other labels."""
    entries = [
        (d, n, count_of(row[column]))
        for row, d, n in zip(rows, described, names, strict=True)
        if column in row
    ]
    plain = [(d, n, v) for d, n, v in entries if not any(_is_total(x) for x in d.values())]
    totals = [
        _Total(
            Count(f"{where}[{n}].{column}", v, tuple(d.values()), True),
            frozenset().union(*(words(x) for x in d.values())) - TOTAL_WORDS,
        )
        for d, n, v in entries
        if v is not None and any(_is_total(x) for x in d.values())
    ]
    shared = [
        d[k] for d, _, _ in plain[:1] for k in d if all(e.get(k) == d[k] for e, _, _ in plain)
    ]
    tables = [
        Table(
            f"{where}.{column}",
            {n: v for _, n, v in plain},
            frozenset().union(words(column), *(words(x) for x in shared)),
        )
    ]
    for label in sorted({k for d, _, _ in plain for k in d}):
        for value in sorted({d[label] for d, _, _ in plain if label in d}):
            group = {n: v for d, n, v in plain if d.get(label) == value}
            if 1 < len(group) < len(plain):
                tables.append(
                    Table(
                        f"{where}.{column} where {label} is {value}",
                        group,
                        words(column),
                        words(value),
                    )
                )
    return _attribute(tables, totals)


def small_counts(found: Walk, threshold: int) -> list[Count]:
    """Every count from 1 to the threshold minus one, wherever it is."""
    return [c for c in found.counts if 0 < c.value < threshold]


def residual_leaks(found: Walk, threshold: int) -> list[str]:
    """Where a total minus the cells shown of its table gives suppressed counts away: one
    suppressed cell (its value is the difference), or several adding up to less than the
    threshold (a small count, only spread over cells)."""
    leaks = []
    for table, total, hidden, residual in _differences(found):
        if len(hidden) == 1:
            leaks.append(
                f"{total.where} ({total.value}) minus the cells shown in {table.where} gives "
                f"the suppressed cell {hidden[0]} away: {residual}"
            )
        elif hidden and residual < threshold:
            leaks.append(
                f"{total.where} ({total.value}) minus the cells shown in {table.where} gives "
                f"{residual} for its {len(hidden)} suppressed cells together, below the threshold"
            )
    return leaks


def mismatches(found: Walk) -> list[str]:
    """Tables that do not add up to their totals: all cells shown and a different sum, or
    the cells shown already more than the total."""
    return [
        f"{table.where} adds up to {total.value - residual}"
        + (" or more" if hidden else "")
        + f", but {total.where} is {total.value}"
        for table, total, hidden, residual in _differences(found)
        if residual < 0 or (residual and not hidden)
    ]


def _differences(found: Walk) -> list[tuple[Table, Count, list[str], int]]:
    """Each table with each of its totals: the suppressed cells and the total minus the
    cells shown."""
    return [
        (
            table,
            total,
            [name for name, v in table.cells.items() if v is None],
            total.value - sum(v for v in table.cells.values() if v is not None),
        )
        for table in found.tables
        for total in table.totals
    ]
