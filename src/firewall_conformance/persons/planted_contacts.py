"""Where a planted e-mail address or phone number may point: somewhere no real person receives.

A system under test may send a message to a planted contact, so one must never be a real
person's. By default e-mail goes to example.org (reserved by RFC 2606) and phone numbers lie in
Ofcom's ranges for drama, which no subscriber holds; both are public, so a system built to
recognise test data can key on them. Only the inspector can close that: a profile's
`planted_contacts` gives e-mail domains they own and a range of numbers they hold, and every
message to one reaches the inspector.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Ofcom's numbers for drama (the prefix of the thousand numbers each range holds), never
# allocated to a subscriber. The mobile range (07700 900xxx) is left out: it is the one other
# synthetic data uses most (the reference system's background persons among it).
DRAMA_PHONES = ("01632 960", "020 7946 0", "0113 496 0", "0161 496 0", "0121 496 0")
RESERVED_DOMAIN = "example.org"
FREE_DIGIT = "x"
# A range must hold a number for every person a run plants (about a hundred) with room to
# spare, so each gets one of its own.
MIN_FREE_DIGITS = 3
_DOMAIN = re.compile(r"(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
_RANGE = re.compile(r"\+?[0-9 x]+")


@dataclass(frozen=True)
class PlantedContacts:
    """The e-mail domains and phone range planted contacts are drawn in (None: the drama
    ranges)."""

    email_domains: tuple[str, ...] = (RESERVED_DOMAIN,)
    phone_range: str | None = None

    def email(self, rng: random.Random, given: str, family: str) -> str:
        return f"{given.lower()}.{family.lower()}@{rng.choice(self.email_domains)}"

    def phone(self, rng: random.Random) -> str:
        if self.phone_range is None:
            return f"{rng.choice(DRAMA_PHONES)}{rng.randrange(1000):03d}"
        return "".join(
            rng.choice("0123456789") if char == FREE_DIGIT else char for char in self.phone_range
        )


def parse_contacts(section: Mapping[str, Any], where: str) -> tuple[PlantedContacts, list[str]]:
    """A profile's `planted_contacts`, and a problem by key path for each part refused."""
    problems = []
    domains = tuple(d.lower() for d in section.get("email_domains", ()))
    for n, domain in enumerate(domains):
        if not _DOMAIN.fullmatch(domain):
            problems.append(
                f"at {where}.email_domains[{n}]: {domain[:80]!r} is not a domain name "
                "(such as canaries.inspectorate.police.uk)"
            )
    phone_range = section.get("phone_range")
    if phone_range is not None:
        if not _RANGE.fullmatch(phone_range):
            problems.append(
                f"at {where}.phone_range: only digits, spaces and x (a digit drawn for each "
                "person, as in '020 3998 7xxx') may be given"
            )
        elif phone_range.count(FREE_DIGIT) < MIN_FREE_DIGITS:
            problems.append(
                f"at {where}.phone_range: it must hold at least three x (a thousand numbers) "
                "so that every person a run plants gets a number of their own"
            )
    contacts = PlantedContacts(domains or (RESERVED_DOMAIN,), phone_range)
    return contacts, problems
