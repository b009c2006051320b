"""The suite's claims, one form each, whatever the channel: who receives whose details, who
receives nothing about whom, what is refused or accepted, what the audit log records, what a
case file or a disclosure carries, what the register shows, what each referral carries, what
the published statistics give away, who is (still) found where, and what no answer holds.

"Receives" claims are about the act just made: the same sentence is checked on a search, an
opened record, a disclosure, an export, a feed or a fingerprint submission by the check that
fits that channel (RECEIVES, RECEIVES_NOTHING). The other forms take a phrase from their table.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytest_bdd import parsers, then

from steps.grammar import Handler, Phrase, Table
from steps.vocabulary import CONVERTERS, PARTY, ROLE, ROLES
from steps.wiring import Acts

# What "… receives …" and "… receives nothing about …" mean after each kind of act.
RECEIVES: dict[str, Handler] = {}
RECEIVES_NOTHING: dict[str, Handler] = {}

REFUSED = Table("Then … is refused")
ACCEPTED = Table("Then … is accepted")
LOGGED = Table("Then the audit log records …")
CARRIES = Table("Then the case file carries …")
SHOWN = Table("Then the register shows …")
DISCLOSURE_CARRIES = Table("Then the disclosure carries …")
EACH_REFERRAL = Table("Then each referral …")
PUBLISHED = Table("Then the published statistics …")
FOUND = Table("Then … is found … or are found …")
NONE = Table("Then no … or nothing …")


def on(channels: dict[str, Handler], *names: str) -> Callable[[Handler], Handler]:
    """Register what a claim means after acts of these channels."""

    def register(handler: Handler) -> Handler:
        for name in names:
            channels[name] = handler
        return handler

    return register


def _after_last_act(
    request: pytest.FixtureRequest,
    acts: Acts,
    channels: dict[str, Handler],
    claim: str,
    **words: object,
) -> None:
    Phrase(acts.meaning(channels, claim), words)(request)


@then(
    parsers.re(rf"{PARTY} receives (?:the {ROLE}'s details|the details of {ROLES})"),
    converters=CONVERTERS,
)
def receives(
    request: pytest.FixtureRequest,
    acts: Acts,
    party: str,
    role: str | None,
    roles: list[str] | None,
) -> None:
    _after_last_act(
        request, acts, RECEIVES, "receives the details", party=party, roles=roles or [role]
    )


@then(parsers.re(rf"{PARTY} receives nothing about {ROLES}"), converters=CONVERTERS)
def receives_nothing(
    request: pytest.FixtureRequest, acts: Acts, party: str, roles: list[str]
) -> None:
    _after_last_act(request, acts, RECEIVES_NOTHING, "receives nothing", party=party, roles=roles)


@then(parsers.re(r"(?P<what>.+) (?:is|are) refused"), converters={"what": REFUSED})
def refused(request: pytest.FixtureRequest, what: Phrase) -> None:
    what(request)


@then(parsers.re(r"(?P<what>.+) is accepted"), converters={"what": ACCEPTED})
def accepted(request: pytest.FixtureRequest, what: Phrase) -> None:
    what(request)


@then(parsers.re(r"the audit log records (?P<what>.+)"), converters={"what": LOGGED})
def logged(request: pytest.FixtureRequest, what: Phrase) -> None:
    what(request)


@then(parsers.re(r"the case file carries (?P<what>.+)"), converters={"what": CARRIES})
def carries(request: pytest.FixtureRequest, what: Phrase) -> None:
    what(request)


@then(parsers.re(r"the register shows (?P<what>.+)"), converters={"what": SHOWN})
def shown(request: pytest.FixtureRequest, what: Phrase) -> None:
    what(request)


@then(parsers.re(r"the disclosure carries (?P<what>.+)"), converters={"what": DISCLOSURE_CARRIES})
def disclosure_carries(request: pytest.FixtureRequest, what: Phrase) -> None:
    what(request)


@then(parsers.re(r"each referral (?P<what>.+)"), converters={"what": EACH_REFERRAL})
def each_referral(request: pytest.FixtureRequest, what: Phrase) -> None:
    what(request)


@then(parsers.re(r"the published statistics (?P<what>.+)"), converters={"what": PUBLISHED})
def published(request: pytest.FixtureRequest, what: Phrase) -> None:
    what(request)


@then(parsers.re(r"(?P<what>.+ (?:is|are) (?:still )?found\b.*)"), converters={"what": FOUND})
def found(request: pytest.FixtureRequest, what: Phrase) -> None:
    what(request)


@then(parsers.re(r"(?P<what>(?:no|nothing) .+)"), converters={"what": NONE})
def none_of(request: pytest.FixtureRequest, what: Phrase) -> None:
    what(request)
