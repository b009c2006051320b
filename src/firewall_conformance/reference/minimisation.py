"""Which fields of a person record each recipient is approved to receive (FW-09, FW-14).

The force decides, per recipient class, which fields each recipient needs; everything else
stays in the system. The prosecution service needs to identify and contact the people in a
case, and a person's nationality bears on a prosecution (trafficking and modern-slavery
defences, interpreters), but not their immigration status or document numbers. Immigration
enforcement, which only ever receives suspects, gets what identifies a person to it and
nothing about their contacts or home. Any other recipient gets only what identifies a person.

Bulk exports keep one layout for every recipient, with the fields a recipient is not
approved for left empty, so a recipient's loader never breaks and an empty column is plainly
empty. Disclosures send only the approved fields.
"""

from collections.abc import Mapping, Set
from typing import Any

IDENTITY = ("given_name", "family_name", "date_of_birth")

APPROVED_FIELDS: dict[str, tuple[str, ...]] = {
    "prosecution": (*IDENTITY, "nationality", "phone", "email", "address"),
    "immigration-enforcement": (
        *IDENTITY,
        "nationality",
        "passport_number",
        "home_office_reference",
    ),
}

# What every disclosed person record carries besides its approved fields: which record it is
# and the person's roles, which the recipient needs to read the rest.
RECORD_KEYS = ("person_id", "roles")


def approved_fields(recipient_class: str) -> frozenset[str]:
    """The person fields a recipient of this class is approved to receive."""
    return frozenset(APPROVED_FIELDS.get(recipient_class, IDENTITY))


def only(person: Mapping[str, Any], fields: Set[str]) -> dict[str, Any]:
    """A person record cut down to its id, roles and ``fields``; the rest is left out."""
    return {key: value for key, value in person.items() if key in RECORD_KEYS or key in fields}
