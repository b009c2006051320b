"""Contacts only the inspector can make safe (`planted_contacts:` in a profile).

By default a planted e-mail address is at example.org and a phone number in Ofcom's drama
ranges: nobody real receives at either, and a filter for test data can key on both. With a
domain and a range of numbers the inspector holds, the contacts carry no public marker and any
message a system sends to one reaches the inspector, never a real person.
"""

from __future__ import annotations

import random
import re

import pytest

from firewall_conformance.persons.personas import make_persona
from firewall_conformance.persons.planted_contacts import PlantedContacts, parse_contacts
from firewall_conformance.recipients.ledger import EgressLedger
from tests.unit.vendor_markers import marked

OWNED = {"email_domains": ["canaries.inspectorate.police.uk"], "phone_range": "020 3998 7xxx"}


def test_by_default_contacts_go_where_nobody_real_receives() -> None:
    persona = make_persona("victim", random.Random(5))
    assert persona.email.endswith("@example.org")
    assert marked("phone", persona.phone)


def test_with_the_inspector_s_contacts_no_value_is_marked() -> None:
    contacts, problems = parse_contacts(OWNED, "planted_contacts")
    assert problems == []
    ledger = EgressLedger(contacts=contacts)
    people = [p for _ in range(100) for p in ledger.fresh_cast().values()]
    for person in people:
        assert person.email.endswith("@canaries.inspectorate.police.uk")
        assert re.fullmatch(r"020 3998 7\d{3}", person.phone)
        found = [a for a, v in person.attributes().items() if marked(a, v)]
        assert found == [], (person, found)
    assert len({p.phone for p in people}) == len(people)


def test_each_owned_domain_is_used() -> None:
    contacts = PlantedContacts(email_domains=("a.police.uk", "b.police.uk"))
    rng = random.Random(1)
    domains = {
        make_persona("victim", rng, contacts=contacts).email.split("@")[1] for _ in range(40)
    }
    assert domains == {"a.police.uk", "b.police.uk"}


@pytest.mark.parametrize(
    ("section", "problem"),
    [
        ({"phone_range": "020 3998 71xx"}, "at least three"),
        ({"phone_range": "020 3998 7abc"}, "digits, spaces and x"),
        ({"email_domains": ["inspectorate"]}, "not a domain"),
        ({"email_domains": ["x@y.police.uk"]}, "not a domain"),
    ],
)
def test_contacts_that_cannot_be_safe_and_unique_are_refused(section, problem) -> None:
    _, problems = parse_contacts(section, "planted_contacts")
    assert len(problems) == 1 and problem in problems[0], problems
    assert problems[0].startswith("at planted_contacts.")
