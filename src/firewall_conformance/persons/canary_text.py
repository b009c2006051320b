"""The made-up texts the harness records in a target: narratives, statements, addresses,
intelligence entries, e-mails, references and names of approvers.

Each carries unique pieces (a hex token, an invented place name, a reference) that the harness
looks for on their own, so whatever part of a text leaves the system is seen. None names the
harness: a system that could tell its records apart could keep the firewall for them alone.
The run's evidence names every planted case and person instead (run/cleanup.py).
"""

from __future__ import annotations

import random
import secrets
import string
from dataclasses import dataclass
from typing import Any

from firewall_conformance.persons.personas import Persona

_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"


def _rng(rng: random.Random | None) -> random.Random:
    return rng or random.Random(secrets.randbits(64))


def token(rng: random.Random | None = None) -> str:
    """A unique word to plant and look for (hex, so never an English word)."""
    return f"{_rng(rng).getrandbits(32):08X}"


def mark(rng: random.Random | None = None) -> str:
    """A reference as a form or a warrant has one: two letters and seven digits, unique enough
    to be looked for, and saying nothing of who made it."""
    r = _rng(rng)
    letters = "".join(r.choice(string.ascii_uppercase) for _ in range(2))
    return f"{letters}{r.randrange(10**7):07d}"


def place(rng: random.Random | None = None) -> str:
    """An invented place name, unique enough to be a marker."""
    r = _rng(rng)
    return "".join(r.choice(_CONSONANTS) + r.choice(_VOWELS) for _ in range(3)).title()


@dataclass(frozen=True)
class PlantedText:
    """A text the harness records, and the unique pieces of it it looks for, each on its own:
    every sentence carries one, so one sentence (or a summary naming the place) is seen."""

    kind: str
    what: str
    text: str
    pieces: tuple[str, ...]


def second_case_account(suspect_name: str, rng: random.Random | None = None) -> PlantedText:
    """The narrative of a second case, in which the suspect is the victim."""
    r = _rng(rng)
    stall, market = token(r), place(r)
    return PlantedText(
        "narrative",
        "the second case's account of what happened",
        f"{suspect_name} reported that their phone was snatched at stall {stall} at {market} "
        "market.",
        (stall, market),
    )


def statement_and_refuge(
    role: str, rng: random.Random | None = None
) -> tuple[PlantedText, PlantedText]:
    """What a victim or a witness gives in that role: a statement and a refuge address."""
    r = _rng(rng)
    street, tok, house, lane = place(r), token(r), place(r), place(r)
    return (
        PlantedText(
            "statement",
            f"the {role}'s statement",
            f"He hit me in the kitchen at {street} Close and I am afraid he will find me. "
            f"I want this statement ({tok}) kept from him.",
            (street, tok),
        ),
        PlantedText(
            "refuge-address",
            f"the {role}'s refuge address",
            f"Flat {r.randrange(1, 40)}, {house} House, {lane} Lane",
            (house, lane),
        ),
    )


def intelligence_entry(cast: dict[str, Persona], rng: random.Random | None = None) -> PlantedText:
    """An intelligence entry naming the victim in several ways, with their phone number and a
    remark on their immigration status; its one piece is where the suspect was seen, the part
    a partner agency may lawfully receive."""
    r = _rng(rng)
    victim, witness, suspect = (cast[role] for role in ("victim", "witness", "suspect"))
    seen_at = f"the {place(r)} Street car wash ({token(r)})"
    return PlantedText(
        "intelligence",
        "an intelligence entry on the case",
        f"{victim.family_name.upper()}, {victim.given_name} (phone {victim.phone}) called about "
        "the assault. She says she has overstayed her visa and is afraid to go to the police. "
        f"{witness.family_name} {witness.given_name} saw {suspect.full_name} at {seen_at} "
        "that night.",
        (seen_at,),
    )


def role_change_reason() -> str:
    return f"{mark()}: evidence of a counter-allegation"


def approver(title: str) -> str:
    """Who signed something off: a title, a made-up name and a reference (a collar number)."""
    return f"{title} {place()} ({mark()})"


def look_up_reason() -> str:
    return f"{mark()}: checking the victim's account of the assault"


def recipient_name() -> str:
    """A new recipient's name, as a partner agency's reads: a system could hold back only from
    recipients named after the harness."""
    return f"{place()} Community Safety Partnership"


# The basis records an exceptional disclosure may rest on: the words of the reference, and
# the title of who signs it off (None: nobody has yet).
BASES: dict[str, tuple[str, str | None]] = {
    "consent": ("Signed consent form {mark}", "Sergeant"),
    "warrant": ("Warrant {mark}, Exampleshire Magistrates' Court", "District Judge"),
    "safeguarding": ("Safeguarding concern {mark}, awaiting sign-off", None),
}


def basis_record(kind: str) -> tuple[str, str | None]:
    """A basis record's reference and who signed it off (None where nobody has)."""
    words, title = BASES[kind]
    return words.format(mark=mark()), approver(title) if title else None


def missing_record() -> str:
    """The id of a record no system holds."""
    return f"R-{token()}{token()}"


# Where an officer may quote a case reference: a gateway must record the mail wherever it is.
MAIL_PLACES = ("subject", "body")


@dataclass(frozen=True)
class Mail:
    place: str  # where the case reference is quoted
    subject: str
    text: str


def mails_quoting(reference: str, suspect: Persona) -> list[Mail]:
    """E-mails about the suspect, one quoting the case reference in its subject, one in its
    body."""
    about = (
        f"{suspect.full_name}, born {suspect.date_of_birth}, is the suspect and has been charged."
    )
    return [
        Mail("subject", f"Case {reference}: {suspect.full_name}", about),
        Mail("body", "Charging decision", f"Please see case {reference}. {about}"),
    ]


STOLEN_PHONE = "Theft from the person"


def crime_report(persona: Persona, document: str | None) -> dict[str, Any]:
    """What a member of the public gives when reporting a stolen phone."""
    return {
        **persona.attributes(),
        "identity_document": document,
        "offence": STOLEN_PHONE,
        "narrative": f"{persona.full_name} reports that their phone was snatched in the street.",
    }
