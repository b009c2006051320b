"""One planted person with fixed values, for tests that must choose the family name: no value
of hers meets the others' test text by chance (her given name is too short to scramble, her
e-mail address is at a domain no test writes)."""

from __future__ import annotations

from dataclasses import replace

from firewall_conformance.persons.personas import Persona

_BASE = Persona(
    label="the victim",
    role="victim",
    given_name="Qiu",
    family_name="",
    date_of_birth="1971-03-04",
    nationality="Eritrean",
    immigration_status="status unknown",
    passport_number="531902648",
    home_office_reference="H5730291",
    brp_number="ZQ9407316",
    phone="07700 900318",
    email="qx.zv@mail.invalid",
    address="",
)


def person(family_name: str) -> Persona:
    """The victim, called `family_name` (in title case)."""
    return replace(_BASE, family_name=family_name.title())
