"""Finding and opening person records, by account: searches by every detail the target's
search accepts and by each detail typed alone into its search box (or every field where it has none), and records opened by the id as returned and by other spellings of it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import pytest
from pytest_bdd import then

from firewall_conformance.claims import PROTECTED_ROLES, existence
from firewall_conformance.claims import access as check
from firewall_conformance.model.evidence import ScenarioEvidence, ScenarioState, Tried
from firewall_conformance.run.pytest_hooks import RunSession
from firewall_conformance.targets.asking_again import (
    asked_twice,
    attempt_twice,
    from_another_client,
)
from firewall_conformance.targets.at_once import at_the_same_moment
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.base import Target
from firewall_conformance.targets.decoy_ids import no_one_holds, tried_until_unheld
from firewall_conformance.targets.id_variants import format_variants, id_variants, option_variants
from firewall_conformance.targets.search_fields import (
    TYPED_ALONE,
    by_name,
    name_spellings,
    search_value,
    typed_into,
)
from firewall_conformance.targets.ways_of_asking import Askings, format_askings
from steps.acts import ACCOUNT_ACTS, BOTH_ACCOUNTS
from steps.claims import RECEIVES, RECEIVES_NOTHING, on
from steps.vocabulary import ACCOUNTS, ROLES
from steps.wiring import Acts, naming, planted_case

TYPED_ALONE_CHANNEL = "search by one detail typed alone"
RESPELLED_CHANNEL = "open-record by another spelling of its number"
ASKED_OTHERWISE_CHANNEL = "search asked another way"
AT_ONCE_CHANNEL = "search at the same moment"
AT_THE_SAME_MOMENT = "at the same moment as another account's"
ANOTHER_CLIENT = r"(?P<other>, and once more from another kind of client)?"


@pytest.fixture
def respellings() -> list[Tried]:
    """Records the immigration officer tried to open by other spellings of their ids; kept
    apart from `state.tried`, as a spelling that names no record need not be logged."""
    return []


@dataclass
class AskedOtherwise:
    """The searches asked in other ways, and for each read (search, open-record) the options
    the system publishes for it (ways_of_asking.py), looked up once a scenario."""

    searches: check.AskedSearches
    published: dict[str, Askings]

    def askings(self, target: Target, capability: str) -> Askings:
        if capability not in self.published:
            self.published[capability] = target.published_askings(capability)
        return self.published[capability]


@pytest.fixture
def asked_otherwise() -> AskedOtherwise:
    return AskedOtherwise(check.AskedSearches(), {})


@pytest.fixture
def typed_alone() -> list[Tried]:
    """The immigration officer's searches by one detail typed into the search; kept apart
    from `state.tried`, as their claim needs no investigator to find anyone by them."""
    return []


@ACCOUNT_ACTS.phrase(
    rf"searches for {ROLES} by every detail the search accepts"
    rf"(?:, (?P<asking>asking again if refused|asking each search twice){ANOTHER_CLIENT})?"
)
def search(
    target: Target,
    state: ScenarioState,
    acts: Acts,
    account: str,
    roles: list[str],
    asking: str | None,
    other: str | None,
) -> None:
    """Every search is asked again if refused (asking_again.py), twice whatever the first
    answer where the sentence says so, and once more from another kind of client where it
    says so; each answer that counts is kept."""
    acts.made("search")
    for field in target.search_fields():
        for role in roles:
            persona, person_id = state.cast[role], state.person_id(role)
            value = search_value(persona, field)
            ask = partial(target.search_persons, account, value, field=field)
            answers = (
                asked_twice(ask) if asking == "asking each search twice" else [attempt_twice(ask)]
            )
            if other:
                other_client = target.as_another_client()
                answers.append(
                    from_another_client(
                        partial(other_client.search_persons, account, value, field=field)
                    )
                )
            state.tried += [
                Tried("search", persona, person_id, attempt, account=account, detail=field)
                for attempt in answers
            ]


@ACCOUNT_ACTS.phrase(
    rf"types each detail of {ROLES} on its own into the search, asking again if refused"
)
def immigration_officer_types_details(
    target: Target,
    state: ScenarioState,
    acts: Acts,
    account: str,
    roles: list[str],
    typed_alone: list[Tried],
) -> None:
    """Into the search box, or into every search field where there is no box (typed_into)."""
    acts.made(TYPED_ALONE_CHANNEL)
    for field in typed_into(target.search_fields()):
        for role in roles:
            persona, person_id = state.cast[role], state.person_id(role)
            for detail in TYPED_ALONE:
                value = persona.attributes()[detail]
                attempt = attempt_twice(partial(target.search_persons, account, value, field=field))
                typed_alone.append(
                    Tried("search", persona, person_id, attempt, account, detail=detail, into=field)
                )


@ACCOUNT_ACTS.phrase(
    rf"searches for {ROLES} by other spellings of their names, asking again if refused"
)
def search_respelled(
    target: Target, state: ScenarioState, acts: Acts, account: str, roles: list[str]
) -> None:
    """The search by name, with each name spelled as other clients send it (name_spellings);
    judged with the account's other searches."""
    acts.made("search")
    field = by_name(target.search_fields())
    for role in roles:
        persona, person_id = state.cast[role], state.person_id(role)
        for value in name_spellings(persona, field):
            attempt = attempt_twice(partial(target.search_persons, account, value, field=field))
            state.tried.append(
                Tried("search", persona, person_id, attempt, account, detail=field, searched=value)
            )


@BOTH_ACCOUNTS.phrase(
    rf"search for {ROLES}, and for people who are not on record, in other formats and with "
    "each option the system's search offers, asking again if refused"
)
def search_asked_otherwise(
    run: RunSession,
    target: Target,
    state: ScenarioState,
    acts: Acts,
    roles: list[str],
    asked_otherwise: AskedOtherwise,
) -> None:
    """The search by name asked in other formats and with each option the system publishes
    for it, by each account, for the planted persons and for people not on record; an option
    that says whom to look for is given the planted detail it asks for in place of the name
    (a stranger's, where it is one of theirs)."""
    acts.made(ASKED_OTHERWISE_CHANNEL)
    field = by_name(target.search_fields())
    askings = [*format_askings(), *asked_otherwise.askings(target, "search").askings]
    case_id = planted_case(state).case_id
    people = [(state.cast[role], state.person_id(role)) for role in roles]
    strangers = [(p, "") for p in run.egress.not_on_record(existence.DECOYS_PER_SEARCH)]
    searches = asked_otherwise.searches
    for account, kept, others in (
        (ACCOUNTS["an investigator"], searches.control, searches.control_strangers),
        (ACCOUNTS["an immigration officer"], searches.officer, searches.officer_strangers),
    ):
        for asking in askings:
            detail = asking.detail or field
            for (persona, person_id), into in [
                *((p, kept) for p in people),
                *((p, others) for p in strangers if detail not in ("case", "person")),
            ]:
                known = {
                    **persona.attributes(),
                    field: search_value(persona, field),
                    "person": person_id,
                    "case": case_id,
                }
                text = known[detail]
                ask = partial(target.search_asked, account, asking, text, field)
                into.append(
                    Tried(
                        "search",
                        persona,
                        person_id,
                        attempt_twice(ask),
                        account,
                        detail=asking.name,
                        searched=text,
                        into=detail,
                    )
                )


@pytest.fixture
def at_once() -> list[Tried]:
    """Both accounts' searches made at the same moment (targets/at_once.py)."""
    return []


@BOTH_ACCOUNTS.phrase(rf"search for {ROLES} at the same moment, several times over")
def search_at_once(
    target: Target,
    state: ScenarioState,
    acts: Acts,
    roles: list[str],
    at_once: list[Tried],
) -> None:
    """The search by name for each person, by each account, as the profile makes it (every page
    read), every search of a round released together; every answer kept."""
    acts.made(AT_ONCE_CHANNEL)
    field = by_name(target.search_fields())
    asks = [
        (account, state.cast[role], state.person_id(role))
        for role in roles
        for account in (ACCOUNTS["an immigration officer"], ACCOUNTS["an investigator"])
    ]
    answers = at_the_same_moment(
        [
            partial(target.search_persons, account, search_value(persona, field), field=field)
            for account, persona, _ in asks
        ]
    )
    for round_ in answers:
        at_once += [
            Tried(
                "search",
                persona,
                person_id,
                attempt,
                account,
                detail=AT_THE_SAME_MOMENT,
                searched=search_value(persona, field),
            )
            for (account, persona, person_id), attempt in zip(asks, round_, strict=True)
        ]


@pytest.fixture
def not_on_record() -> list[Tried]:
    """The same searches made for people who are not on record (never planted): what an
    answer for someone nobody recorded looks like (claims/existence.py)."""
    return []


@BOTH_ACCOUNTS.phrase("make the same searches for people who are not on record")
def search_for_people_not_on_record(
    run: RunSession, target: Target, not_on_record: list[Tried]
) -> None:
    """By every field, those whose values strangers share too (claims/existence.py compares
    them where the investigator's answers allow); the officer's searches are made once more
    from another kind of client, as its searches for the planted persons are, so each answer
    is compared with the same client's."""
    fields = target.search_fields()
    decoys = run.egress.not_on_record(existence.DECOYS_PER_SEARCH)
    officer = ACCOUNTS["an immigration officer"]
    for account in (ACCOUNTS["an investigator"], officer):
        for field in fields:
            for decoy in decoys:
                value = search_value(decoy, field)
                attempt = attempt_twice(partial(target.search_persons, account, value, field=field))
                not_on_record.append(Tried("search", decoy, "", attempt, account, detail=field))
                if account == officer:
                    other = partial(
                        target.as_another_client().search_persons, account, value, field=field
                    )
                    answer = from_another_client(other)
                    not_on_record.append(Tried("search", decoy, "", answer, account, detail=field))


@BOTH_ACCOUNTS.phrase("try to open records by numbers of the same form that no one on record holds")
def open_numbers_no_one_holds(
    target: Target, state: ScenarioState, not_on_record: list[Tried]
) -> None:
    """For each record the immigration officer tried to open: numbers of its form, each
    first tried by the investigator, and by the officer only once the investigator could not
    open it, from its own client and once more from another kind (claims/existence.py judges
    what is left)."""
    investigator, officer = ACCOUNTS["an investigator"], ACCOUNTS["an immigration officer"]
    for tried in _own_client(state.tried_where(action="open-record", account=officer)):
        opened = partial(_opened_twice, target, investigator)
        for number, control in tried_until_unheld(
            opened, tried.person_id, existence.DECOYS_PER_SEARCH
        ):
            not_on_record.append(Tried("open-record", tried.persona, number, control, investigator))
            if no_one_holds(control):
                answers = [
                    _opened_twice(target, officer, number),
                    from_another_client(
                        partial(target.as_another_client().open_record, officer, number)
                    ),
                ]
                not_on_record += [
                    Tried("open-record", tried.persona, number, answer, officer)
                    for answer in answers
                ]


def _own_client(tried: list[Tried]) -> list[Tried]:
    """What was tried from the harness's own client: each record once, though it was opened
    once more from another kind of client."""
    return [t for t in tried if not t.attempt.client]


def _opened_twice(target: Target, account: str, number: str) -> Attempt:
    """Opening a record by `number` as `account`, asked again if refused."""
    return attempt_twice(partial(target.open_record, account, number))


@ACCOUNT_ACTS.phrase(
    rf"(?:opens|tries to open) the records of {ROLES}(?:, asking again if refused{ANOTHER_CLIENT})?"
)
def open_records(
    target: Target,
    state: ScenarioState,
    acts: Acts,
    account: str,
    roles: list[str],
    other: str | None,
) -> None:
    acts.made("open-record")
    for role in roles:
        person_id = state.person_id(role)
        answers = [attempt_twice(partial(target.open_record, account, person_id))]
        if other:
            again = partial(target.as_another_client().open_record, account, person_id)
            answers.append(from_another_client(again))
        state.tried += [
            Tried("open-record", state.cast[role], person_id, attempt, account=account)
            for attempt in answers
        ]


@ACCOUNT_ACTS.phrase(
    "tries to open those records by other spellings of their numbers, in other formats and "
    "with each option the system offers for opening a record, asking again if refused"
)
def respell(
    target: Target,
    state: ScenarioState,
    acts: Acts,
    account: str,
    respellings: list[Tried],
    not_on_record: list[Tried],
    asked_otherwise: AskedOtherwise,
) -> None:
    """The records this account tried to open, by other spellings of their numbers, in other
    formats and with each option the system publishes for opening a record; and the numbers no
    one holds it tried (if any), asked for the same ways, to compare answers with."""
    acts.made(RESPELLED_CHANNEL)
    options = asked_otherwise.askings(target, "open-record").askings
    unheld = [
        t
        for t in _own_client(existence.unheld(not_on_record))
        if t.account == account and not t.detail
    ]
    for kept, tried in [
        *(
            (respellings, t)
            for t in _own_client(state.tried_where(action="open-record", account=account))
        ),
        *((not_on_record, t) for t in unheld),
    ]:
        for variant in [
            *id_variants(tried.person_id),
            *format_variants(tried.person_id),
            *option_variants(tried.person_id, options),
        ]:
            attempt = attempt_twice(
                partial(
                    target.open_record_as_written,
                    account,
                    variant.path_text,
                    accept=variant.accept,
                    query=variant.query,
                )
            )
            kept.append(
                Tried(
                    "open-record",
                    tried.persona,
                    tried.person_id,
                    attempt,
                    account=account,
                    detail=variant.name,
                )
            )


@on(RECEIVES, "search")
def found_by_search(
    evidence: ScenarioEvidence, state: ScenarioState, party: str, roles: list[str]
) -> None:
    naming(roles, tuple(state.cast), "receives the details")
    evidence.record(
        check.found_by_search(evidence, state.tried_where(action="search", account=party))
    )


@on(RECEIVES_NOTHING, "search")
def not_found_by_search(
    evidence: ScenarioEvidence, state: ScenarioState, target: Target, party: str, roles: list[str]
) -> None:
    naming(roles, PROTECTED_ROLES, "receives nothing")
    evidence.record(
        check.not_found_by_search(
            evidence,
            state.matcher,
            state.tried_where(action="search", account="investigator"),
            state.tried_where(action="search", account=party),
            target.search_fields(),
        )
    )


@then(
    "the immigration officer's answers do not show whether the victim or the witness is on record"
)
def answers_show_nothing_of_existence(
    evidence: ScenarioEvidence, state: ScenarioState, not_on_record: list[Tried]
) -> None:
    """Judges each kind of look-up the scenario made for people or numbers not on record."""
    judges = {
        "search": existence.answers_tell_nothing,
        "open-record": existence.openings_tell_nothing,
    }
    for action in dict.fromkeys(t.action for t in not_on_record):
        evidence.record(
            judges[action](
                evidence,
                state.tried_where(action=action, account="investigator"),
                state.tried_where(action=action, account="immigration_officer"),
                [t for t in not_on_record if t.action == action],
            )
        )


@on(RECEIVES_NOTHING, TYPED_ALONE_CHANNEL)
def not_found_by_one_detail(
    evidence: ScenarioEvidence,
    state: ScenarioState,
    target: Target,
    typed_alone: list[Tried],
    party: str,
    roles: list[str],
) -> None:
    naming(roles, PROTECTED_ROLES, "receives nothing")
    evidence.record(
        check.not_found_by_one_detail(
            evidence,
            state.matcher,
            state.tried_where(action="search", account="investigator"),
            [t for t in typed_alone if t.account == party],
            target.search_fields(),
        )
    )


@on(RECEIVES, "open-record")
def opened(evidence: ScenarioEvidence, state: ScenarioState, party: str, roles: list[str]) -> None:
    naming(roles, PROTECTED_ROLES, "receives the details")
    reads = state.tried_where(action="open-record", account=party)
    evidence.record(check.opened(evidence, state.matcher, reads))


@on(RECEIVES_NOTHING, "open-record")
def stayed_closed(
    evidence: ScenarioEvidence, state: ScenarioState, party: str, roles: list[str]
) -> None:
    naming(roles, PROTECTED_ROLES, "receives nothing")
    reads = state.tried_where(action="open-record", account=party)
    evidence.record(check.stayed_closed(evidence, state.matcher, reads))


@on(RECEIVES_NOTHING, AT_ONCE_CHANNEL)
def at_once_finds_nothing(
    evidence: ScenarioEvidence,
    state: ScenarioState,
    at_once: list[Tried],
    party: str,
    roles: list[str],
) -> None:
    naming(roles, PROTECTED_ROLES, "receives nothing")
    evidence.record(
        check.at_once_finds_nothing(
            evidence,
            state.matcher,
            [t for t in at_once if t.account == party],
            [t for t in at_once if t.account == "investigator"],
        )
    )


@on(RECEIVES_NOTHING, ASKED_OTHERWISE_CHANNEL)
def asked_otherwise_finds_nothing(
    evidence: ScenarioEvidence,
    state: ScenarioState,
    asked_otherwise: AskedOtherwise,
    party: str,
    roles: list[str],
) -> None:
    naming(roles, PROTECTED_ROLES, "receives nothing")
    assert party == "immigration_officer", "the search asked another way is judged for them"
    evidence.record(
        check.asked_otherwise_finds_nothing(
            evidence, state.matcher, asked_otherwise.searches, asked_otherwise.published["search"]
        )
    )


@on(RECEIVES_NOTHING, RESPELLED_CHANNEL)
def respellings_refused(
    evidence: ScenarioEvidence,
    state: ScenarioState,
    respellings: list[Tried],
    not_on_record: list[Tried],
    asked_otherwise: AskedOtherwise,
    party: str,
    roles: list[str],
) -> None:
    """Judged against the same spellings of numbers no one holds where the scenario tried
    such numbers."""
    naming(roles, PROTECTED_ROLES, "receives nothing")
    tried = [t for t in respellings if t.account == party]
    published = asked_otherwise.published.get("open-record")
    evidence.record(check.respellings_stay_closed(evidence, state.matcher, tried, published))
    if any(t.action == "open-record" and t.detail for t in not_on_record):
        evidence.record(existence.respellings_tell_nothing(evidence, tried, not_on_record))
