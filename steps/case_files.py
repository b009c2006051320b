"""Case files for other agencies, a person's roles in more than one case, changes of role, and
free text recorded on a case."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from pytest_bdd import then

from firewall_conformance.claims import case_files as check
from firewall_conformance.model.evidence import ScenarioEvidence, ScenarioState
from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.persons import canary_text
from firewall_conformance.persons.case_planting import THEFT, plant
from firewall_conformance.run.pytest_hooks import RunSession
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.base import SeededCase, Target
from steps.acts import OFFICER
from steps.claims import CARRIES, REFUSED
from steps.set_up import PERSONS
from steps.vocabulary import RECIPIENT, RECIPIENT_WORDS, ROLE
from steps.wiring import planted_case


@dataclass
class CaseWork:
    """What the steps of one case-file scenario hand to each other."""

    files: list[check.CaseFileTry] = field(default_factory=list)
    second_case: SeededCase | None = None
    second_account: tuple[str, ...] = ()  # the unique pieces of the second case's account
    # What the person whose role changes gave before the change: description -> pieces.
    material: dict[str, tuple[str, ...]] = field(default_factory=dict)
    changed: str = ""  # the role of the person whose role was changed with an approver
    role_changes: list[Attempt] = field(default_factory=list)
    reason: str = ""
    approver: str = ""
    entry: str = ""
    entry_marker: str = ""

    def role_changes_made(self) -> list[Attempt]:
        assert self.role_changes, "a When step must change someone's role first"
        return self.role_changes

    def last_file(self, recipient: str) -> check.CaseFileTry:
        tried = [f for f in self.files if f.recipient == recipient]
        assert tried, f"a When step must prepare a case file for {recipient} first"
        return tried[-1]


@pytest.fixture
def case_work() -> CaseWork:
    return CaseWork()


def _carries(
    evidence: ScenarioEvidence,
    state: ScenarioState,
    file: check.CaseFileTry,
    who: str,
    markers: check.Markers,
) -> None:
    """The file carries `who`'s details, as the matcher finds them, and every marker."""
    evidence.record(check.carries(evidence, state.matcher, file, who, markers))


def _recorded(attempt: Attempt, what: str) -> None:
    if not attempt.allowed:
        raise Inconclusive(
            f"The system refused to record {what}, so the scenario could not be set up."
        )


# -- FW-06 --------------------------------------------------------------------------------


@PERSONS.phrase("the suspect is also recorded as the victim in a second case")
def suspect_is_victim_elsewhere(
    request: pytest.FixtureRequest,
    run: RunSession,
    target: Target,
    state: ScenarioState,
    case_work: CaseWork,
) -> None:
    account = canary_text.second_case_account(state.cast["suspect"].full_name)
    case_work.second_account = account.pieces
    second = plant(run, target, [], THEFT, account.text, request.addfinalizer)
    case_work.second_case = second
    _recorded(
        target.add_to_case(second.case_id, state.person_id("suspect"), "victim"),
        "the suspect as the victim in a second case",
    )


@OFFICER.phrase(rf"prepares the file of the case for {RECIPIENT}")
def prepare_case_file(
    target: Target, state: ScenarioState, case_work: CaseWork, recipient: str
) -> None:
    attempt = target.case_file(planted_case(state).case_id, target.recipient(recipient))
    case_work.files.append(check.CaseFileTry(recipient, attempt, RECIPIENT_WORDS[recipient]))


@CARRIES.phrase("the case and the suspect's details")
def carries_case(evidence: ScenarioEvidence, state: ScenarioState, case_work: CaseWork) -> None:
    reference = planted_case(state).reference
    markers = {"the case's reference": reference} if reference else {}
    _carries(evidence, state, case_work.last_file("prosecution"), "the suspect", markers)


@CARRIES.phrase("nothing from the second case")
def nothing_from_second_case(evidence: ScenarioEvidence, case_work: CaseWork) -> None:
    second = case_work.second_case
    assert second is not None, "a Given step must record the second case first"
    markers: dict[str, str | tuple[str, ...]] = {
        "the second case's record id": second.case_id,
        "the second case's account of what happened": case_work.second_account,
    }
    if second.reference:
        markers["the second case's reference"] = second.reference
    evidence.record(
        check.carries_none_of(case_work.last_file("prosecution"), markers, "the second case")
    )


# -- FW-07 --------------------------------------------------------------------------------


@PERSONS.phrase(rf"the {ROLE} has given a statement and a refuge address")
def protected_material(
    target: Target, state: ScenarioState, case_work: CaseWork, role: str
) -> None:
    person_id = state.person_id(role)
    for planted in canary_text.statement_and_refuge(role):
        _recorded(
            target.record_material(
                planted_case(state).case_id, person_id, planted.kind, planted.text
            ),
            planted.what,
        )
        case_work.material[planted.what] = planted.pieces


@CARRIES.phrase(rf"the {ROLE}'s statement and refuge address")
def carries_protected_material(
    evidence: ScenarioEvidence, state: ScenarioState, case_work: CaseWork, role: str
) -> None:
    file = case_work.last_file("prosecution")
    _carries(evidence, state, file, state.cast[role].label, case_work.material)


@OFFICER.phrase(
    rf"(?:changes|tries to change) the {ROLE}'s role to suspect"
    r"(?:, giving a reason and (?P<approved>who approved it)| without naming who approved it)"
)
def change_to_suspect(
    run: RunSession,
    target: Target,
    state: ScenarioState,
    case_work: CaseWork,
    role: str,
    approved: str | None,
) -> None:
    """A change with an approver named makes the person a suspect: from then on the run does
    not count them as protected."""
    case_work.reason = canary_text.role_change_reason()
    approver = canary_text.approver("Detective Sergeant") if approved else None
    attempt = target.change_role(
        planted_case(state).case_id,
        state.person_id(role),
        role,
        "suspect",
        case_work.reason,
        approver,
    )
    case_work.role_changes.append(attempt)
    if approver:
        case_work.approver, case_work.changed = approver, role
        if attempt.allowed:
            run.egress.set_aside(state.cast[role], "became a suspect")


@REFUSED.phrase("the change of role")
def change_refused(evidence: ScenarioEvidence, case_work: CaseWork) -> None:
    *earlier, last = case_work.role_changes_made()
    evidence.record(check.role_change_refused(last, [a for a in earlier if a.allowed]))


@then(
    "the change of role is accepted and the audit log records it with the reason and the approver"
)
def change_logged(
    evidence: ScenarioEvidence, target: Target, state: ScenarioState, case_work: CaseWork
) -> None:
    attempt = case_work.role_changes_made()[-1]
    entries = target.audit_log() if attempt.allowed else []
    evidence.record(
        check.role_change_logged(
            entries,
            attempt,
            state.person_id(case_work.changed),
            case_work.reason,
            case_work.approver,
            role=case_work.changed,
        )
    )


@CARRIES.phrase(rf"the former {ROLE}, now a suspect")
def carries_former_protected(
    evidence: ScenarioEvidence, state: ScenarioState, case_work: CaseWork, role: str
) -> None:
    file = case_work.last_file("immigration-enforcement")
    _carries(evidence, state, file, state.cast[role].label, {})


@CARRIES.phrase(rf"nothing of what they gave while they were a {ROLE}")
def nothing_from_protected_period(
    case_work: CaseWork, evidence: ScenarioEvidence, role: str
) -> None:
    evidence.record(
        check.carries_none_of(
            case_work.last_file("immigration-enforcement"),
            case_work.material,
            f"what the former {role} gave as a {role}",
        )
    )


# -- FW-10 --------------------------------------------------------------------------------


@PERSONS.phrase(
    "the victim is named in several ways in an intelligence entry on the case, with their "
    "phone number and a remark that they have overstayed their visa"
)
def intelligence_entry(target: Target, state: ScenarioState, case_work: CaseWork) -> None:
    entry = canary_text.intelligence_entry(state.cast)
    case_work.entry, (case_work.entry_marker,) = entry.text, entry.pieces
    _recorded(
        target.record_material(planted_case(state).case_id, None, entry.kind, entry.text),
        entry.what,
    )


@CARRIES.phrase("the intelligence entry as it was recorded")
def entry_as_recorded(
    evidence: ScenarioEvidence, state: ScenarioState, case_work: CaseWork
) -> None:
    evidence.record(
        check.entry_as_recorded(
            evidence,
            state.matcher,
            case_work.last_file("prosecution"),
            case_work.entry,
            "the victim",
        )
    )


@CARRIES.phrase("the intelligence entry's account of the suspect")
def carries_account(evidence: ScenarioEvidence, state: ScenarioState, case_work: CaseWork) -> None:
    marker = {"the intelligence entry's account of where the suspect was": case_work.entry_marker}
    _carries(evidence, state, case_work.last_file("local-authority"), "the suspect", marker)


@CARRIES.phrase(
    "nothing that identifies the victim or the witness, in any form, and no remark on "
    "immigration status"
)
def redacted(evidence: ScenarioEvidence, state: ScenarioState, case_work: CaseWork) -> None:
    evidence.record(
        check.redacted(
            evidence,
            state.matcher,
            case_work.last_file("local-authority"),
            [state.cast[r].label for r in ("victim", "witness")],
        )
    )
