"""Deterministic synthetic background data, loaded once into a new database.

Without it, every export and search would contain only what a test planted, and a
detector that merely counted records could pass by accident. Everything here is
invented: names are built from made-up syllables, phone numbers come from Ofcom's
drama range (07700 900xxx), e-mail addresses use the reserved example.org domain,
and document numbers follow no real scheme.

Roles are mixed on purpose: pure suspects, pure victims and witnesses, informants,
persons with no case at all, and persons who are a suspect in one case and a victim
in another.
"""

import random
import sqlite3
from datetime import date, timedelta

from .known_cast import seed_known_cast
from .records import insert_case, insert_person
from .register import seed_register
from .statistics import seed_history, today_utc

SEED = 20201217  # "Safe to share?" was published on 17 December 2020.

RECIPIENTS = (
    ("cps", "Crown Prosecution Service", "prosecution"),
    ("hoie", "Home Office Immigration Enforcement", "immigration-enforcement"),
    ("mash", "Exampleshire Multi-Agency Safeguarding Hub", "safeguarding"),
    ("ons", "Office for National Statistics", "statistics"),
    # A partner that may use what it receives for its own purposes (not barred from onward
    # use), so free text reaches it only redacted (FW-10).
    ("excc", "Exampleshire County Council", "local-authority"),
)

# Mail domains of registered recipients (FW-17). Only the data-sharing partners are marked
# `partner`; immigration enforcement's police contact line is a registered recipient, not one.
MAIL_DOMAINS = (
    ("cps.example.gov.uk", "cps", 1),
    ("mash.exampleshire.example.gov.uk", "mash", 1),
    ("ie.homeoffice.example.gov.uk", "hoie", 0),
)

_ONSETS = ("Bra", "Cor", "Dela", "Ezr", "Fen", "Gal", "Hol", "Ist", "Jor", "Kes", "Lun", "Mar")
_GIVEN_ENDINGS = ("ina", "ek", "ova", "im", "elle", "an", "isa", "or", "eth", "ani")
_FAMILY_ENDINGS = ("ckworth", "vani", "stead", "orov", "enby", "wick", "adu", "mere", "ski")
_NATIONALITIES = (
    "British",
    "Irish",
    "Polish",
    "Romanian",
    "Nigerian",
    "Pakistani",
    "Brazilian",
    "Eritrean",
    "Albanian",
    "Vietnamese",
)
_STATUSES = (
    "British citizen",
    "settled status",
    "pre-settled status",
    "limited leave to remain",
    "student visa",
    "asylum claim pending",
    "no leave",
    "unknown",
)
_OFFENCES = (
    "Burglary (dwelling)",
    "Assault occasioning actual bodily harm",
    "Theft from the person",
    "Criminal damage",
    "Fraud by false representation",
    "Harassment",
    "Robbery",
    "Controlling or coercive behaviour",
    "Modern slavery",
    "Possession with intent to supply",
)
_STREETS = ("Quarrow Lane", "Tindle Road", "Hessock Street", "Marl Close", "Vennick Avenue")

PERSON_COUNT = 30
CASE_COUNT = 12


def seed_once(conn: sqlite3.Connection) -> None:
    """Load the recipient register and background data unless this database has them."""
    if conn.execute("PRAGMA user_version").fetchone()[0] != 0:
        return
    conn.executemany(
        "INSERT INTO recipients (recipient_id, name, recipient_class) VALUES (?, ?, ?)",
        RECIPIENTS,
    )
    conn.executemany(
        "INSERT INTO recipient_mail_domains (domain, recipient_id, partner) VALUES (?, ?, ?)",
        MAIL_DOMAINS,
    )
    _load_background(conn, random.Random(SEED))
    seed_known_cast(conn)  # the persons `reference export-personas` declares
    # a year of disclosures to immigration enforcement to publish statistics on (FW-21)
    seed_history(conn, today_utc(), random.Random(SEED + 21))
    seed_register(conn)  # approve (and certify) every recipient seeded above (FW-11, FW-12)
    conn.execute("PRAGMA user_version = 1")


def _load_background(conn: sqlite3.Connection, rng: random.Random) -> None:
    person_ids = [f"P-{rng.getrandbits(64):016x}" for _ in range(PERSON_COUNT)]
    for person_id in person_ids:
        insert_person(conn, person_id, _invented_person(rng))
    # Index bands give each kind of person on purpose, rather than by chance.
    suspects, dual, protected, informants = (
        person_ids[0:8],
        person_ids[8:11],
        person_ids[11:22],
        person_ids[22:26],
    )  # person_ids[26:] appear in no case at all
    for number in range(CASE_COUNT):
        involvements = [(suspects[number % len(suspects)], "suspect")]
        involvements += [(person_id, "victim") for person_id in rng.sample(protected, 1)]
        involvements += [
            (person_id, "witness") for person_id in rng.sample(protected, rng.randint(0, 2))
        ]
        if number % 4 == 0:
            involvements.append((rng.choice(informants), "informant"))
        if number < len(dual):
            involvements.append((dual[number], "suspect"))
        elif number < 2 * len(dual):
            involvements.append((dual[number - len(dual)], "victim"))
        insert_case(
            conn,
            case_id=f"C-{rng.getrandbits(64):016x}",
            reference=f"EXC/{2022 + number % 3}/{rng.randint(10000, 99999)}",
            offence=rng.choice(_OFFENCES),
            narrative="Report received; enquiries ongoing. Synthetic background case.",
            involvements=involvements,
        )


def _invented_person(rng: random.Random) -> dict[str, str]:
    given = rng.choice(_ONSETS) + rng.choice(_GIVEN_ENDINGS)
    family = rng.choice(_ONSETS) + rng.choice(_FAMILY_ENDINGS)
    born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 20000))
    return {
        "given_name": given,
        "family_name": family,
        "date_of_birth": born.isoformat(),
        "nationality": rng.choice(_NATIONALITIES),
        "immigration_status": rng.choice(_STATUSES),
        "passport_number": f"Z{rng.choice('KQX')}{rng.randint(0, 9_999_999):07d}",
        "home_office_reference": f"X{rng.randint(0, 9_999_999):07d}",
        "phone": f"07700 900{rng.randint(0, 999):03d}",
        "email": f"{given}.{family}@example.org".lower(),
        "address": f"{rng.randint(1, 180)} {rng.choice(_STREETS)}, Exampleton XE{rng.randint(1, 9)}",
    }
