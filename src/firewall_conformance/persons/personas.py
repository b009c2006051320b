"""Canary personas: synthetic people with per-run-unique values, planted in a role.

Their values carry no marker a system could pick them out by: a real given name, a family
name and street joined from parts of real surnames yet no listed surname (persons/name_lists.py), a
real town with a postcode of its area, and document numbers in each document's real format.
Only the contacts must stay where nobody real receives anything: by default e-mail at
example.org and phone numbers in Ofcom's ranges reserved for drama, or the inspector's own
domains and numbers (persons/planted_contacts.py). Within a run no two personas share a
value (recipients/ledger.py `fresh_cast`), so a later appearance of one in egress is attributable to this run.
"""

from __future__ import annotations

import dataclasses
import random
import secrets
import string
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from firewall_conformance.inputs.documents import load_yaml
from firewall_conformance.persons.name_lists import compound_name, given_names, places, towns
from firewall_conformance.persons.planted_contacts import PlantedContacts

if TYPE_CHECKING:
    from firewall_conformance.persons.value_formats import ValueFormat

ROLES = ("victim", "witness", "suspect")

_NATIONALITIES = ("Eritrean", "Albanian", "Brazilian", "Vietnamese", "Nigerian", "Ukrainian")
_STATUSES = ("overstayed visa", "asylum claim pending", "no leave to remain", "status unknown")

# Letters a postcode's last two characters may be (Royal Mail leaves out C, I, K, M, O and V).
_POSTCODE_UNIT = "ABDEFGHJLNPQRSTUWXYZ"

# Attributes unique to the run, so one hit attributes a record to the persona. A date of birth
# is shared with too many real people: it only supports attribution (detect/attribution.py).
IDENTIFYING = (
    "full_name",
    "family_name",
    "passport_number",
    "home_office_reference",
    "brp_number",
    "email",
    "phone",
    "address",
)
# Values many real people share: looked for, and named in a record something else attributes,
# but attributing nothing, alone or beside a date of birth or a case reference (a stranger of
# the same given name may stand beside either).
INCIDENTAL = ("given_name",)


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
    # The street's own name in an address the harness drew ("Birchton" of "4 Birchton Road"),
    # unique to the run like a family name; empty for anyone else's, whose street ("High
    # Street") is shared by thousands and no sign of one person.
    street: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def attributes(self) -> dict[str, str]:
        """Every planted value by attribute name, plus the full name."""
        values = asdict(self)
        del values["label"], values["role"], values["street"]
        return {**values, "full_name": self.full_name}


def _address(rng: random.Random, street: str) -> str:
    """A house on the street in a real town, with a postcode of the town's area in Royal
    Mail's shape ("LS7 3QX")."""
    town, area = rng.choice(list(towns().items()))
    postcode = (
        f"{area}{rng.randrange(1, 21)} {rng.randrange(10)}"
        f"{rng.choice(_POSTCODE_UNIT)}{rng.choice(_POSTCODE_UNIT)}"
    )
    return f"{rng.randrange(1, 200)} {street} {rng.choice(places()['street_kinds'])}, {town} {postcode}"


def make_persona(
    role: str,
    rng: random.Random,
    label: str | None = None,
    formats: Mapping[str, ValueFormat] | None = None,
    contacts: PlantedContacts | None = None,
) -> Persona:
    """One persona with values drawn from `rng` (pass a seeded one for reproducible tests);
    a detail given a format (the target's `planted_formats`, persons/value_formats.py) is drawn to
    fit it instead of the harness's own shape, and contacts where `contacts` (the profile's
    `planted_contacts`) put them."""
    contacts = contacts or PlantedContacts()
    given, family, street = rng.choice(given_names()), compound_name(rng), compound_name(rng)
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(40 * 365))
    persona = Persona(
        label=label or f"the {role}",
        role=role,
        given_name=given,
        family_name=family,
        date_of_birth=born.isoformat(),
        nationality=rng.choice(_NATIONALITIES),
        immigration_status=rng.choice(_STATUSES),
        # A UK passport number is nine digits.
        passport_number=f"{rng.randrange(10**8, 10**9)}",
        # A Home Office reference: the initial of the family name, then seven digits.
        home_office_reference=f"{family[0]}{rng.randrange(10**6, 10**7)}",
        # A BRP number: two letters, a digit or X, then six digits ("ZU1234567").
        brp_number=(
            f"Z{rng.choice(string.ascii_uppercase)}"
            f"{rng.choice(string.digits + 'X')}{rng.randrange(10**6):06d}"
        ),
        phone=contacts.phone(rng),
        email=contacts.email(rng, given, family),
        address=_address(rng, street),
        street=street,
    )
    # A case's format (its reference's) is the case's, not the person's.
    details = {f.name for f in dataclasses.fields(Persona)}
    fitted = {a: f.draw(rng) for a, f in (formats or {}).items() if a in details}
    return dataclasses.replace(persona, **fitted)


def load_personas(path: Path) -> list[Persona]:
    """Personas planted earlier (e.g. by a benchmark or another run), from a JSON file."""
    document = load_yaml(path, "personas")
    fields = {f.name for f in dataclasses.fields(Persona)}
    return [Persona(**{k: entry.get(k, "") for k in fields}) for entry in document]


def make_cast(rng: random.Random | None = None) -> dict[str, Persona]:
    """A victim, a witness and a suspect, unique to this call."""
    rng = rng or random.Random(secrets.randbits(64))
    return {role: make_persona(role, rng) for role in ROLES}
