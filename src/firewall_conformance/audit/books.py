"""The harness's own books: every act of the run the audit log must record, kept by the harness.

A log can verify from end to end and still leave out what it should hold: a push it never
wrote down, a disclosure re-chained away. Only the side that caused the acts can tell. So the
harness notes each disclosure, export and status check it asked for, each e-mail, referral,
exceptional disclosure and approval it made, each fingerprint check the system said it ran
(audit/logged_operations.py), refused ones too, each
asking apart (a refusal asked again is two attempts), and each outbound push its recorders
received, and at the end of the run reconciles them with the log one to one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from firewall_conformance.audit.log import AuditEntry
from firewall_conformance.recipients.ledger import Entry

# What an entry must say for each act, beyond what links it to the act: a disclosure by any
# channel says who, when, to whom, why and on what basis (FW-04); a referral or a check sent
# to immigration enforcement at least to whom and why; a step taken inside the force who and
# when.
_DISCLOSURE_FIELDS = ("actor", "time", "recipient", "purpose", "legal_basis")
_ACCEPTED_FIELDS = {
    "disclose": _DISCLOSURE_FIELDS,
    "export": _DISCLOSURE_FIELDS,
    "outbound-push": _DISCLOSURE_FIELDS,
    "mail": _DISCLOSURE_FIELDS,
    "exceptional-disclose": _DISCLOSURE_FIELDS,
    "ie-referral": ("actor", "time", "recipient", "purpose"),
    "biometric-check": ("actor", "time", "recipient", "purpose"),
    "status-check": ("actor", "time", "purpose"),
    "signposting": ("actor", "time"),
    "approve-recipient": ("actor", "time"),
}
_REFUSED_FIELDS = ("actor", "time")
# The shortest value of a push that may link it to its entry (not a flag or a role code).
_MIN_LINK_CHARS = 4
_MAX_BODY_WORDS = 2000


@dataclass(frozen=True)
class Act:
    """One act of the run. An entry records it when it is of `kind` with the same outcome and
    names every one of `names_all` and, when `names_any` is given, at least one of them (a push
    is known only by what it carried). `recipient` is the id the entry must give, if any.
    `uncertain` says why the system's answer did not show whether it did the act at all: its
    entry is looked for, but none found is not a breach."""

    kind: str
    label: str
    refused: bool
    recipient: str | None = None
    names_all: tuple[str, ...] = ()
    names_any: tuple[str, ...] = ()
    scenario: str = ""
    uncertain: str = ""

    def linked(self, entry: AuditEntry) -> bool:
        return (
            entry.kind == self.kind
            and entry.refused == self.refused
            and all(entry.mentions(n) for n in self.names_all)
            and (not self.names_any or any(entry.mentions(n) for n in self.names_any))
        )

    def recorded_by(self, entry: AuditEntry) -> bool:
        """Linked, and to the right recipient."""
        return self.linked(entry) and (
            self.recipient is None or str(entry.get("recipient") or "") == self.recipient
        )

    def unsaid(self, entry: AuditEntry) -> list[str]:
        """The fields `entry` leaves empty that a record of this act must give."""
        wanted = _REFUSED_FIELDS if self.refused else _ACCEPTED_FIELDS.get(self.kind, ())
        return [name.replace("_", " ") for name in wanted if not entry.get(name)]

    def summary(self) -> dict[str, object]:
        """The act for the evidence; what a push carried is withheld, as its body is."""
        return {
            "kind": self.kind,
            "act": self.label,
            "outcome": "refused" if self.refused else "accepted",
            "recipient": self.recipient,
            "names": list(self.names_all),
            "known by values it carried": len(self.names_any),
            "scenario": self.scenario,
        }

    @property
    def specific(self) -> bool:
        """Whether only a record of this very act can name what it names."""
        return bool(self.names_all) and not self.names_any


@dataclass
class Reconciliation:
    """The books held to the log: acts with no entry, with an entry that names another
    recipient or leaves something out, and acts with more than one entry."""

    acts: int = 0
    entries: int = 0
    missing: list[Act] = field(default_factory=list)
    misdirected: list[tuple[Act, AuditEntry]] = field(default_factory=list)
    incomplete: list[tuple[Act, list[str]]] = field(default_factory=list)
    repeated: list[Act] = field(default_factory=list)


@dataclass
class HarnessBooks:
    """Every act the run caused that the log must record, in the order they happened."""

    acts: list[Act] = field(default_factory=list)

    def note(self, act: Act) -> None:
        self.acts.append(act)


def pushes_received(entries: Iterable[Entry], recipient_id: Callable[[str], str]) -> list[Act]:
    """An act for every outbound push the run's recorders received, known by the values its
    body carried (a push's own id, the ids of the records in it); a body that is not JSON by
    its words. A push whose body carried nothing to know it by has no `names_any` and cannot
    be linked (see `unlinkable`)."""
    acts = []
    for entry in entries:
        received = entry.received
        if received.kind != "push":
            continue
        acts.append(
            Act(
                "outbound-push",
                received.channel,
                refused=False,
                recipient=recipient_id(received.recipient_class),
                names_any=tuple(dict.fromkeys(_link_values(received.fields))),
                scenario=entry.scenario,
            )
        )
    return acts


def unlinkable(act: Act) -> bool:
    """A push known by nothing it carried: no entry could be shown to be its own."""
    return act.kind == "outbound-push" and not act.names_any


def _link_values(fields: Iterable[tuple[str, str]]) -> Iterable[str]:
    for place, text in fields:
        if place.startswith("$") and len(text) >= _MIN_LINK_CHARS:
            yield text
        elif place == "body":
            yield from re.findall(rf"[\w-]{{{_MIN_LINK_CHARS},}}", text)[:_MAX_BODY_WORDS]


def reconcile(acts: Sequence[Act], entries: Sequence[AuditEntry]) -> Reconciliation:
    """Pair each act with its own entry, one to one (a maximum matching, so one entry never
    stands for two acts), first with entries naming the act's recipient, then with any linked
    entry, which then misnames the recipient."""
    result = Reconciliation(acts=len(acts), entries=len(entries))
    taken: dict[int, int] = {}
    _match(acts, entries, range(len(acts)), taken, lambda a, e: a.recorded_by(e))
    unpaired = [i for i in range(len(acts)) if i not in taken.values()]
    _match(acts, entries, unpaired, taken, lambda a, e: a.linked(e))
    by_act = {a: e for e, a in taken.items()}
    for index, act in enumerate(acts):
        if index not in by_act:
            result.missing.append(act)
            continue
        entry = entries[by_act[index]]
        if not act.recorded_by(entry):
            result.misdirected.append((act, entry))
        elif unsaid := act.unsaid(entry):
            result.incomplete.append((act, unsaid))
    left = [e for i, e in enumerate(entries) if i not in taken]
    result.repeated = [
        act for act in acts if act.specific and any(act.recorded_by(e) for e in left)
    ]
    return result


def _match(
    acts: Sequence[Act],
    entries: Sequence[AuditEntry],
    which: Sequence[int],
    taken: dict[int, int],
    fits: Callable[[Act, AuditEntry], bool],
) -> None:
    """Augmenting paths (Kuhn's algorithm) over the acts in `which`; `taken` maps entry index to
    act index and grows. The sizes here are hundreds at most."""
    options = {i: [j for j, e in enumerate(entries) if fits(acts[i], e)] for i in which}

    def place(i: int, visited: set[int]) -> bool:
        for j in options.get(i, []):
            if j in visited:
                continue
            visited.add(j)
            holder = taken.get(j)
            if holder is None or (holder in options and place(holder, visited)):
                taken[j] = i
                return True
        return False

    for i in which:
        place(i, set())
