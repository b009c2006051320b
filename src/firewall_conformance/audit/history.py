"""The audit log as append-only evidence across every read of one run.

Each read of a log can be internally consistent (an unbroken hash chain) and still hide
something: an entry that vanishes between two reads, a log rewritten and re-chained from some
point on, entries renumbered. The harness keeps every entry it has seen, by position, and holds
each later read to it: an audit log may only grow.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from firewall_conformance.targets.templates import read
from firewall_conformance.wording.plural import count


def _canonical(entry: Mapping[str, Any]) -> str:
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


@dataclass
class AuditHistory:
    """Every entry seen on every read, and every way a later read departed from them."""

    sequence_field: Any = None  # a dotted path, or a field with a value map (templates.read)
    reads: int = 0
    seen: list[str] = field(default_factory=list)
    longest: int = 0
    first_length: int | None = None
    problems: list[str] = field(default_factory=list)
    # The canonical text of each entry object of the last read, by identity (the object is
    # kept so its id is not reused): a source that hands an entry it read before on again
    # (targets/http.py keeps the pages before its last one) is not written out again.
    _texts: dict[int, tuple[Mapping[str, Any], str]] = field(default_factory=dict, repr=False)

    def observe(self, entries: Sequence[Mapping[str, Any]], when: str) -> None:
        """Hold one whole read of the log (`when` says which, in plain words) to what earlier
        reads showed, then remember it."""
        self.reads += 1
        texts = [self._text(e) for e in entries]
        self._texts = {id(e): (e, t) for e, t in zip(entries, texts, strict=True)}
        if self.first_length is None:
            self.first_length = len(texts)
        present = set(texts)
        missing = [t for t in self.seen if t not in present]
        if missing:
            self.problems.append(
                f"{count(len(missing), 'entries')} seen on an earlier read had vanished from the log read "
                f"{when}"
            )
        changed = [
            i + 1 for i, (old, new) in enumerate(zip(self.seen, texts, strict=False)) if old != new
        ]
        if changed:
            shown = ", ".join(str(p) for p in changed[:5]) + (" …" if len(changed) > 5 else "")
            self.problems.append(
                f"the log read {when} differed from an earlier read at {len(changed)} "
                f"position(s) ({shown}): entries were changed, removed, renumbered or re-chained"
            )
        for problem in self._gaps(entries, when):
            if problem not in self.problems:
                self.problems.append(problem)
        if len(texts) >= len(self.seen):
            self.seen = texts
        self.longest = max(self.longest, len(texts))

    def _text(self, entry: Mapping[str, Any]) -> str:
        known = self._texts.get(id(entry))
        return known[1] if known is not None and known[0] is entry else _canonical(entry)

    def _gaps(self, entries: Sequence[Mapping[str, Any]], when: str) -> list[str]:
        """Sequence numbers must rise by one from entry to entry, where the log has them."""
        if not self.sequence_field:
            return []
        numbers = [read(e, self.sequence_field) for e in entries]
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in numbers):
            return []
        gaps = [
            f"{before} to {after}" for before, after in pairwise(numbers) if after != before + 1
        ]
        if not gaps:
            return []
        return [
            f"the log read {when} skips sequence numbers ({', '.join(gaps[:5])}"
            + (" …" if len(gaps) > 5 else "")
            + ")"
        ]
