"""The suite's acts, one form per kind of actor: what an officer does, what the force's
accounts (the investigator, the immigration officer) do, each or both, what the system and the
auditor do, and what is recorded. Each form reads its phrase from its table (steps/grammar.py);
an act that goes out of the system records its channel (Acts), which the claims after it are
about."""

from __future__ import annotations

import pytest
from pytest_bdd import parsers, when

from steps.grammar import Phrase, Table
from steps.vocabulary import ACCOUNT, CONVERTERS

OFFICER = Table("When an officer …")
ACCOUNT_ACTS = Table("When an investigator or an immigration officer …")
BOTH_ACCOUNTS = Table("When an investigator and an immigration officer …")
SYSTEM = Table("When the system …")
RECORDED = Table("When … is recorded … or are recorded …")
AUDITOR = Table("When the auditor …")


@when(parsers.re(r"an officer (?P<act>.+)"), converters={"act": OFFICER})
def officer_acts(request: pytest.FixtureRequest, act: Phrase) -> None:
    act(request)


@when(
    parsers.re(rf"{ACCOUNT} (?!and )(?P<act>.+)"),
    converters={**CONVERTERS, "act": ACCOUNT_ACTS},
)
def account_acts(request: pytest.FixtureRequest, account: str, act: Phrase) -> None:
    """The account is the act's first word: the same act may be made by either account."""
    act(request, account=account)


@when(
    parsers.re(r"an investigator and an immigration officer (?P<act>.+)"),
    converters={"act": BOTH_ACCOUNTS},
)
def both_accounts_act(request: pytest.FixtureRequest, act: Phrase) -> None:
    """The same act made by each account, so that their answers can be compared."""
    act(request)


@when(parsers.re(r"the system (?P<act>.+)"), converters={"act": SYSTEM})
def system_acts(request: pytest.FixtureRequest, act: Phrase) -> None:
    act(request)


@when(parsers.re(r"the auditor (?P<act>.+)"), converters={"act": AUDITOR})
def auditor_acts(request: pytest.FixtureRequest, act: Phrase) -> None:
    act(request)


@when(parsers.re(r"(?P<record>.+ (?:is|are) recorded\b.*)"), converters={"record": RECORDED})
def recorded(request: pytest.FixtureRequest, record: Phrase) -> None:
    record(request)
