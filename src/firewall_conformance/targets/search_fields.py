"""The details the harness can search for a person by, and the planted value it searches with.

A target's `search` capability declares which of these it accepts (profile `search.fields`);
an immigration-enforcement account is tried with every declared one, because a firewall that
holds for a search by full name may not hold for a search by family name alone or by phone.
The full-name search is also the search box: an officer types anything into it, and a system
may read what is typed as more than a name (a date, a number), so every detail is typed into
it on its own as well; where a target has no box, every detail goes into every field instead.
A name is also searched as an officer's client may send it other than as it was recorded (in
capitals, spaces around it, family name first): a firewall that compares the name exactly
while the search itself does not is open to every such spelling.
"""

from __future__ import annotations

from collections.abc import Sequence

from firewall_conformance.model.outcomes import CapabilityMissing
from firewall_conformance.persons.personas import Persona

SEARCH_FIELDS = (
    "full_name",
    "family_name",
    "given_name",
    "date_of_birth",
    "phone",
    "document_number",
)

# The search taking free text, as a search box does.
SEARCH_BOX = "full_name"

# A look-up "by name", in the order preferred: the whole name, else the family name alone.
BY_NAME = ("full_name", "family_name")

# What an officer may type into the search box on its own, by persona attribute: every detail
# a person is known by, whatever the target declares its search to accept.
TYPED_ALONE = (
    "family_name",
    "given_name",
    "date_of_birth",
    "phone",
    "passport_number",
    "home_office_reference",
    "brp_number",
    "email",
    "address",
)


def typed_into(declared: Sequence[str]) -> list[str]:
    """Where an officer types a detail on its own: the search box where the target has one;
    where it has none, every field its search accepts, since a system may match a field
    against more than its name says (a phone number typed as a family name, a date of birth
    typed as a document number)."""
    if SEARCH_BOX in declared:
        return [SEARCH_BOX]
    return [f for f in SEARCH_FIELDS if f in declared]


# The persona attribute each search field is filled from (a document number: the passport).
_ATTRIBUTE = {"document_number": "passport_number"}


def search_value(persona: Persona, field: str) -> str:
    """What the harness types into the target's search for `persona` by `field`."""
    return persona.attributes()[_ATTRIBUTE.get(field, field)]


def spoken(field: str) -> str:
    """'family_name' -> 'family name', for reasons an inspector reads."""
    return field.replace("_", " ")


def by_name(declared: Sequence[str]) -> str:
    """The field a look-up of a person "by name" searches by, of those the target's search
    declares; a search that takes no name leaves such a look-up NOT TESTED."""
    for field in BY_NAME:
        if field in declared:
            return field
    raise CapabilityMissing("search", "search.fields declares no search by name")


def name_spellings(persona: Persona, field: str) -> list[str]:
    """The value a search by `field` (a name) is made with, spelled as other clients send it:
    in capitals, in small letters, with spaces around it, and a full name family name first."""
    name = search_value(persona, field)
    spelled = [name.upper(), name.lower(), f" {name} "]
    if field == "full_name":
        spelled.append(f"{persona.family_name}, {persona.given_name}")
    return spelled
