"""NIEM-style XML rendering of an export: persons once each, roles pointing at them by
reference, as justice information exchanges are written.

Each person is an ``nc:Person`` with a ``structures:id``; each involvement is a role element
(``j:Victim``, ``j:Witness``, ``j:Subject`` for a suspect, ``j:Informant``) holding an
``nc:RoleOfPerson`` that refers to the person, inside the ``j:Case`` it belongs to. Status
data sits on the person (citizenship, immigration status, passport), where a reader who
follows the references finds it.
"""

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

NAMESPACES = {
    "exch": "https://exampleshire.example/ns/rms-extract/1.0/",
    "nc": "https://docs.oasis-open.org/niemopen/ns/model/niem-core/6.0/",
    "j": "https://docs.oasis-open.org/niemopen/ns/model/domains/justice/6.0/",
    "im": "https://docs.oasis-open.org/niemopen/ns/model/domains/immigration/6.0/",
    "structures": "https://docs.oasis-open.org/niemopen/ns/specification/structures/6.0/",
}
ROLE_ELEMENTS = {
    "victim": "j:Victim",
    "witness": "j:Witness",
    "suspect": "j:Subject",
    "informant": "j:Informant",
}
# (element path under nc:Person, export column); status data marked for the bundle profile.
PERSON_ELEMENTS = (
    (("nc:PersonName", "nc:PersonGivenName"), "given_name"),
    (("nc:PersonName", "nc:PersonSurName"), "family_name"),
    (("nc:PersonBirthDate", "nc:Date"), "date_of_birth"),
    (("nc:PersonCitizenshipText",), "nationality"),
    (("im:ImmigrationStatusCodeText",), "immigration_status"),
    (("nc:PersonPassportNumberText",), "passport_number"),
    (("im:HomeOfficeReferenceIdentification",), "home_office_reference"),
    (("nc:ContactTelephoneNumber",), "phone"),
    (("nc:ContactEmailID",), "email"),
    (("nc:LocationAddressFullText",), "address"),
)
SENSITIVE = (
    "PersonCitizenshipText",
    "ImmigrationStatusCodeText",
    "PersonPassportNumberText",
    "HomeOfficeReferenceIdentification",
)


def _element(path: tuple[str, ...], value: str, indent: str) -> str:
    opening = "".join(f"<{name}>" for name in path)
    closing = "".join(f"</{name}>" for name in reversed(path))
    return f"{indent}{opening}{escape(value)}{closing}\n"


def write_xml(path: Path, export_id: str, records: Iterable[Mapping[str, Any]]) -> None:
    """Write the records of one export (one per person and case involvement) as NIEM XML."""
    records = list(records)
    persons: dict[str, Mapping[str, Any]] = {}
    cases: dict[str, list[Mapping[str, Any]]] = {}
    for record in records:
        persons.setdefault(record["person_id"], record)
        cases.setdefault(record["case_id"], []).append(record)
    declarations = " ".join(f"xmlns:{p}={quoteattr(uri)}" for p, uri in NAMESPACES.items())
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(f"<exch:RmsExtract {declarations}>\n")
        out.write(
            f"  <exch:ExtractIdentification>{escape(export_id)}</exch:ExtractIdentification>\n"
        )
        for person_id, record in persons.items():
            out.write(f"  <nc:Person structures:id={quoteattr(person_id)}>\n")
            for element_path, column in PERSON_ELEMENTS:
                if record.get(column):
                    out.write(_element(element_path, str(record[column]), "    "))
            out.write("  </nc:Person>\n")
        for number, (case_id, involvements) in enumerate(cases.items(), start=1):
            first = involvements[0]
            out.write(f"  <j:Case structures:id={quoteattr(case_id)}>\n")
            out.write(
                _element(
                    ("nc:ActivityIdentification", "nc:IdentificationID"),
                    first["case_reference"],
                    "    ",
                )
            )
            out.write(_element(("nc:ActivityDescriptionText",), first["offence"], "    "))
            for index, involvement in enumerate(involvements, start=1):
                role = ROLE_ELEMENTS[involvement["role"]]
                out.write(f'    <{role} structures:id="R{number}-{index}">\n')
                out.write(
                    f"      <nc:RoleOfPerson structures:ref={quoteattr(involvement['person_id'])}/>\n"
                )
                out.write(f"    </{role}>\n")
            out.write("  </j:Case>\n")
        out.write("</exch:RmsExtract>\n")
