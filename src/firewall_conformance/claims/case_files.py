"""Claims about case files sent to other agencies, changes of role, and the free text in them
(FW-06, FW-07, FW-10).

A case file is scanned whole, as the recipient would read it: every text value in it. What
the harness looks for in it is named by markers: for each thing (a case, a statement, an
address), the unique pieces of it the harness planted (a token, an invented place name, a
reference). Each piece is looked for on its own, so a statement that leaves truncated or
summarised is still caught by whichever piece survives. Pieces are compared word by word
after folding, so a change of letter case, spacing or punctuation on the way out does not hide
them, and a short id is not found inside a longer one. Status remarks are found with a short
list of phrases (`data/vocabulary/status_remarks.yaml`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from firewall_conformance.audit.log import AuditEntry
from firewall_conformance.claims._wording import located
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.normalise import fold_value
from firewall_conformance.detect.record import flatten_json
from firewall_conformance.detect.scan import scan_document
from firewall_conformance.inputs.documents import parse_yaml
from firewall_conformance.model.evidence import ScenarioEvidence
from firewall_conformance.model.outcomes import Breach, Inconclusive
from firewall_conformance.model.results import Claim
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.wording.plural import listing

# Planted values that point to a victim or witness on their own: the identifying ones, and
# their phone number and date of birth (which only support attribution elsewhere, but have
# no business in redacted text at all).
_ALSO_IDENTIFYING_HERE = frozenset({"phone", "date_of_birth"})


@dataclass
class CaseFileTry:
    """One case file the harness asked for, for a recipient class."""

    recipient: str
    attempt: Attempt
    said: str = ""  # the recipient as the scenario names it ("the prosecution service")

    @property
    def source(self) -> str:
        return f"the case file for {self.said or self.recipient.replace('-', ' ')}"


@cache
def status_remarks() -> tuple[re.Pattern[str], ...]:
    """The phrases that make text a remark about immigration status, as compiled patterns."""
    folder = resources.files("firewall_conformance.data.vocabulary")
    document = parse_yaml(
        folder.joinpath("status_remarks.yaml").read_text("utf-8"), "status_remarks.yaml"
    )
    return tuple(
        re.compile(rf"(?<!\w){phrase}(?!\w)", re.IGNORECASE) for phrase in document["remarks"]
    )


def remarks_in(texts: Iterable[str]) -> list[str]:
    """Every status remark found in `texts`, as it was written."""
    return [
        match.group(0) for text in texts for p in status_remarks() for match in p.finditer(text)
    ]


def texts_of(document: Any) -> list[str]:
    """Every text value in a JSON document."""
    return [value for _, value in flatten_json(document, "$")]


# What the harness looks for, by name ("the victim's statement") and the unique pieces of it,
# each looked for on its own. A plain string is one piece.
Markers = Mapping[str, str | Sequence[str]]

_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> str:
    """`text` as its folded words, space-separated and padded, for whole-word comparison."""
    folded = (fold_value(word) for word in _WORD.findall(unicodedata.normalize("NFC", text)))
    return f" {' '.join(word for word in folded if word)} "


def holds(document: Any, text: str) -> bool:
    """True when `text`'s words, folded, appear together and whole in one of the document's
    values, folded the same way."""
    wanted = _words(text)
    return bool(wanted.strip()) and any(wanted in _words(value) for value in texts_of(document))


def _pieces(marker: str | Sequence[str]) -> tuple[str, ...]:
    return (marker,) if isinstance(marker, str) else tuple(marker)


def _found(document: Any, markers: Markers) -> dict[str, list[str]]:
    """For each marked thing, the pieces of it the document holds."""
    return {
        name: [piece for piece in _pieces(marker) if holds(document, piece)]
        for name, marker in markers.items()
    }


def _prepared(tried: CaseFileTry) -> Any:
    if not tried.attempt.allowed:
        raise Inconclusive(
            f"The control failed: the system refused to prepare {tried.source}, so there was "
            "nothing to look in."
        )
    if not texts_of(tried.attempt.body):
        raise Inconclusive(f"{tried.source[0].upper()}{tried.source[1:]} was empty.")
    return tried.attempt.body


def carries(
    evidence: ScenarioEvidence,
    matcher: CanaryMatcher,
    tried: CaseFileTry,
    persona: str,
    markers: Markers,
) -> Claim:
    """Positive control: the file holds the persona (by the canary detector) and every piece
    of every marker, so each piece a later claim looks for is shown to be visible."""
    document = _prepared(tried)
    report = scan_document(matcher, document, tried.source)
    evidence.found(report.findings, tried.source)
    found = _found(document, markers)
    missing = [name for name, marker in markers.items() if len(found[name]) < len(_pieces(marker))]
    if persona not in report.personas_found():
        missing.insert(0, f"the details of {persona}")
    if missing:
        raise Inconclusive(
            f"The control failed: {tried.source} did not hold {listing(missing)}, so its not "
            "holding anything else would show nothing."
        )
    return Claim(
        claim=f"{tried.source} holds {listing([f'the details of {persona}', *markers])}",
        examined={"case files": 1, "bytes": report.bytes},
        control=f"{tried.recipient} recipient",
    )


def carries_none_of(tried: CaseFileTry, markers: Markers, what: str) -> Claim:
    """No piece of any marker is anywhere in the file: one surviving piece of a truncated or
    summarised text is enough for a breach."""
    document = _prepared(tried)
    pieces = [piece for marker in markers.values() for piece in _pieces(marker) if piece]
    if not pieces:
        raise Inconclusive(f"There was nothing of {what} to look for.")
    found = _found(document, markers)
    leaked = []
    for name, marker in markers.items():
        if len(found[name]) == len(_pieces(marker)):
            leaked.append(name)
        elif found[name]:
            quoted = listing([f"'{piece}'" for piece in found[name]])
            leaked.append(f"part of {name} ({quoted})")
    if leaked:
        raise Breach(f"{tried.source[0].upper()}{tried.source[1:]} holds {listing(leaked)}.")
    texts = texts_of(document)
    return Claim(
        claim=f"{tried.source} holds nothing of {what} ({listing(list(markers))}; "
        f"{len(pieces)} unique pieces looked for, each on its own)",
        examined={"case files": 1, "text values": len(texts), "bytes": sum(map(len, texts))},
    )


def entry_as_recorded(
    evidence: ScenarioEvidence, matcher: CanaryMatcher, tried: CaseFileTry, entry: str, who: str
) -> Claim:
    """Positive control for the redaction check: where free text may go unredacted, the entry
    arrives whole, the canary detector finds the person it names, and the status-remark
    detector finds its remark."""
    control = carries(evidence, matcher, tried, who, {"the intelligence entry": entry})
    if not remarks_in(texts_of(tried.attempt.body)):
        raise Inconclusive(
            f"The control failed: the status-remark detector found no remark in {tried.source}, "
            "which holds the planted remark, so finding none elsewhere would show nothing."
        )
    control.claim += ", and the detectors find its name and its status remark"
    return control


def redacted(
    evidence: ScenarioEvidence,
    matcher: CanaryMatcher,
    tried: CaseFileTry,
    protected: Sequence[str],
) -> Claim:
    """No identifier of a protected persona, in any variant, and no status remark, anywhere."""
    document = _prepared(tried)
    report = scan_document(matcher, document, tried.source)
    leaks = [
        f
        for f in report.findings
        if f.persona in protected and (f.identifying or f.attribute in _ALSO_IDENTIFYING_HERE)
    ]
    evidence.found(leaks, f"{tried.source}: victim and witness details")
    remarks = remarks_in(texts_of(document))
    problems = []
    if leaks:
        problems.append(
            f"details of {listing(sorted({f.persona for f in leaks}))} ({located(leaks)})"
        )
    if remarks:
        quoted = listing(sorted({f"'{r}'" for r in remarks}))
        problems.append(f"a remark on immigration status ({quoted})")
    if problems:
        raise Breach(f"{tried.source[0].upper()}{tried.source[1:]} holds {' and '.join(problems)}.")
    return Claim(
        claim=f"{tried.source} holds no detail of {' or '.join(protected)} in any form and "
        "no remark on immigration status",
        examined={"case files": 1, "bytes": report.bytes},
    )


def role_change_refused(attempt: Attempt, accepted_before: Sequence[Attempt]) -> Claim:
    """A change of role without an approver is refused. Depends on a change with an approver
    having been accepted first: otherwise the refusal could be of every change of role."""
    if attempt.allowed:
        raise Breach(
            "The system changed a victim's or a witness's role to suspect without anyone named "
            "as approving it."
        )
    if not accepted_before:
        raise Inconclusive(
            "No change of role with a reason and an approver was accepted first, so the refusal "
            "of one without an approver could not be told apart from a refusal of every change."
        )
    return Claim(
        claim="a change of role to suspect without an approver was refused, after one with a "
        "reason and an approver was accepted",
        examined={"role changes": 1 + len(accepted_before)},
    )


def role_change_logged(
    entries: Sequence[AuditEntry],
    attempt: Attempt,
    person_id: str,
    reason: str,
    approver: str,
    *,
    role: str,
) -> Claim:
    """The accepted change of a person's role (from `role` to suspect) has a log entry that
    gives its reason and its approver."""
    if not attempt.allowed:
        raise Inconclusive(
            f"The system refused a change of role from {role} to suspect even with a reason and "
            "an approver, so what happens after such a change could not be seen."
        )
    if not entries:
        raise Inconclusive("The audit log was empty.")
    about = [e for e in entries if not e.refused and e.mentions(person_id) and e.says(reason)]
    if not about:
        raise Breach(
            f"The audit log has no entry for the change of the {role}'s role that gives its reason."
        )
    if not any(e.says(approver) for e in about):
        raise Breach(
            f"The audit log's entry for the change of the {role}'s role does not name who approved it."
        )
    return Claim(
        claim=f"the change of the {role}'s role is in the audit log with its reason and its approver",
        examined={"log entries": len(entries), "role changes": 1},
    )
