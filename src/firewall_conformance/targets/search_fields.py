"""The details the harness can search for a person by, and the planted value it searches with.

A target's `search` capability declares which of these it accepts (profile `search.fields`);
an immigration-enforcement account is tried with every declared one, because a firewall that
holds for a search by full name may not hold for a search by family name alone or by phone.
"""

from __future__ import annotations

from firewall_conformance.personas import Persona

SEARCH_FIELDS = (
    "full_name",
    "family_name",
    "given_name",
    "date_of_birth",
    "phone",
    "document_number",
)

# The persona attribute each search field is filled from (a document number: the passport).
_ATTRIBUTE = {"document_number": "passport_number"}


def search_value(persona: Persona, field: str) -> str:
    """What the harness types into the target's search for `persona` by `field`."""
    return persona.attributes()[_ATTRIBUTE.get(field, field)]


def spoken(field: str) -> str:
    """'family_name' -> 'family name', for reasons an inspector reads."""
    return field.replace("_", " ")
