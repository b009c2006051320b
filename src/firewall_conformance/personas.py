"""Canary personas: synthetic people with per-run-unique values, planted in a role.

Every value is invented and marked as such by construction (names from random syllables,
e-mail at example.org, phone numbers in Ofcom's ranges reserved for drama, which no real
subscriber holds), so a later appearance of a value in egress is attributable to this run and
never to a real person. Within a run no two personas share a value (egress.py `fresh_cast`).
"""

from __future__ import annotations

import dataclasses
import random
import re
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from firewall_conformance.documents import load_yaml

if TYPE_CHECKING:
    from firewall_conformance.value_formats import ValueFormat

ROLES = ("victim", "witness", "suspect")

_CONSONANTS = "bdfgklmnprstvzch"
_VOWELS = "aeiou"
_NATIONALITIES = ("Eritrean", "Albanian", "Brazilian", "Vietnamese", "Nigerian", "Ukrainian")
_STATUSES = ("overstayed visa", "asylum claim pending", "no leave to remain", "status unknown")

# Ofcom's numbers for drama (the prefix of the thousand numbers each range holds), never
# allocated to a subscriber. The mobile range (07700 900xxx) is left out: it is the one other
# synthetic data uses most (the reference system's background persons among it).
# The shape of an address the harness draws: its street is four random syllables, as unique to
# the run as a name. Any other address (a declared person's) may share its street with many.
_DRAWN_ADDRESS = re.compile(r"\d+ ([A-Z][a-z]{7}) Road, Exampleshire ZZ99 \dZZ")
_DRAMA_PHONES = ("01632 960", "020 7946 0", "0113 496 0", "0161 496 0", "0121 496 0")

# Attributes unique to the run, so one hit attributes a record to the persona. A date of birth
# is shared with too many real people: it only supports attribution (detect/attribution.py).
IDENTIFYING = (
    "full_name",
    "given_name",
    "family_name",
    "passport_number",
    "home_office_reference",
    "brp_number",
    "email",
    "phone",
    "address",
)


@dataclass(frozen=True)
class Persona:
    label: str
    role: str
    given_name: str
    family_name: str
    date_of_birth: str
    nationality: str
    immigration_status: str
    passport_number: str
    home_office_reference: str
    brp_number: str
    phone: str
    email: str
    address: str

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def attributes(self) -> dict[str, str]:
        """Every planted value by attribute name, plus the full name."""
        values = asdict(self)
        del values["label"], values["role"]
        return {**values, "full_name": self.full_name}


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS) for _ in range(syllables)).title()


def make_persona(
    role: str,
    rng: random.Random,
    label: str | None = None,
    formats: Mapping[str, ValueFormat] | None = None,
) -> Persona:
    """One persona with values drawn from `rng` (pass a seeded one for reproducible tests);
    a detail given a format (the target's `planted_formats`, value_formats.py) is drawn to
    fit it instead of the harness's own shape."""
    given, family = _word(rng, 4), _word(rng, 4)
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(40 * 365))
    persona = Persona(
        label=label or f"the {role}",
        role=role,
        given_name=given,
        family_name=family,
        date_of_birth=born.isoformat(),
        nationality=rng.choice(_NATIONALITIES),
        immigration_status=rng.choice(_STATUSES),
        passport_number=f"{rng.randrange(10**8, 10**9)}",
        home_office_reference=f"{rng.choice('BGKMR')}{rng.randrange(10**6, 10**7)}",
        brp_number=f"Z{rng.choice('RUX')}{rng.randrange(10**6, 10**7)}",
        phone=f"{rng.choice(_DRAMA_PHONES)}{rng.randrange(1000):03d}",
        email=f"{given.lower()}.{family.lower()}@example.org",
        # A street of four syllables: a planted address must not sit inside another one
        # ("12 Bako Road" inside "112 Bako Road") when both are folded and matched.
        address=f"{rng.randrange(1, 200)} {_word(rng, 4)} Road, Exampleshire ZZ99 {rng.randrange(10)}ZZ",
    )
    fitted = {attribute: f.draw(rng) for attribute, f in (formats or {}).items()}
    return dataclasses.replace(persona, **fitted)


def drawn_street(address: str) -> str | None:
    """The street of an address the harness drew; None for any other, whose street is no
    sign of one person."""
    drawn = _DRAWN_ADDRESS.fullmatch(address)
    return drawn.group(1) if drawn else None


def load_personas(path: Path) -> list[Persona]:
    """Personas planted earlier (e.g. by a benchmark or another run), from a JSON file."""
    document = load_yaml(path, "personas")
    fields = {f.name for f in dataclasses.fields(Persona)}
    return [Persona(**{k: entry.get(k, "") for k in fields}) for entry in document]


def make_cast(rng: random.Random | None = None) -> dict[str, Persona]:
    """A victim, a witness and a suspect, unique to this call."""
    rng = rng or random.Random(secrets.randbits(64))
    return {role: make_persona(role, rng) for role in ROLES}
