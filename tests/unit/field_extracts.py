"""Extracts in the shapes real records systems write, to measure `scan` without canaries on data
it was not built from: UK police records-management exports (Niche, Athena and Connect style
nominal and involvement lists), US CAD/RMS and NIBRS-style exports, wide CSV with a column set
per person, nested JSON, NIEM-like XML under other prefixes, free-text narratives, a workbook;
and clean extracts that must not alarm. Every person is invented.

Each row is marked "+" when it holds immigration-status data on a victim or witness (a finding
is due) or "-" when it holds none, or only on a suspect (a finding there is false).
`python -m tests.unit.field_extracts` prints recall and false findings on the whole corpus.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from firewall_conformance.detect.status import scan_status_path

SALT = b"field-extracts"


@dataclass(frozen=True)
class Extract:
    """One file: its name (whose extension says the format), its bytes, and the persons
    (record, person) holding status data on a victim or witness, which must be found."""

    name: str
    body: bytes
    due: frozenset[tuple[int, str]]


@dataclass
class Tally:
    """What a scan of the corpus made of it, person by person."""

    found: list[str] = field(default_factory=list)
    inconclusive: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    def line(self) -> str:
        due = len(self.found) + len(self.inconclusive) + len(self.missed)
        return (
            f"{due} persons due: {len(self.found)} found, {len(self.inconclusive)} roles "
            f"unknown, {len(self.missed)} missed; {len(self.false)} false findings"
        )


Row = tuple[str, ...]


def _table(text: str) -> tuple[Row, ...]:
    """Rows written one a line, the mark first and the cells apart by " | ", "~" for empty."""
    return tuple(
        (line[0], *(cell.strip().replace("~", "") for cell in line[1:].split("|")))
        for line in text.strip().splitlines()
    )


def _header(text: str) -> Row:
    return tuple(cell.strip() for cell in text.split("|"))


def _flat(
    name: str,
    header: Row,
    rows: Sequence[Row],
    delimiter: str = ",",
    persons: Mapping[int, str] | None = None,
) -> Extract:
    """A CSV export: each row's first cell is its mark, dropped from the file; the person due
    in a marked row is the whole record, or the part `persons` names for its line."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    due = set()
    for number, (mark, *cells) in enumerate(rows, start=2):
        writer.writerow(cells)
        if mark == "+":
            due.add((number, (persons or {}).get(number, f"record {number}")))
    return Extract(name, out.getvalue().encode("utf-8"), frozenset(due))


# UK: Niche-style nominal involvement list, one row per person in an occurrence; the status is
# in the warning markers or the officer's remarks, columns whose names do not say so.
NICHE_HEADER = _header(
    "Occurrence Ref | Nominal ID | Surname | Forename(s) | DOB | Involvement Type | Warning Markers | Nominal Remarks"
)
NICHE_ROWS = _table(
    """
+ 41/88213/26 | N100 | ADEYEMI | Folake | 1991-02-03 | Victim | Overstayer | ~
+ 41/88213/26 | N101 | KOWAL | Pawel | 1985-07-30 | Injured Party | Illegal Entrant | ~
+ 41/88214/26 | N102 | HASSANI | Reza | 1979-11-12 | IP | ~ | Appeal rights exhausted - HO aware
+ 41/88214/26 | N103 | OKAFOR | Grace | 2001-01-09 | Aggrieved | ~ | In receipt of Section 95 support
+ 41/88215/26 | N104 | MBEKI | Thandi | 1996-04-21 | Complainant | NRPF | ~
+ 41/88215/26 | N105 | POPESCU | Ana | 1988-08-08 | Reporting Person | ~ | EUSS pre-settled status granted 2021
+ 41/88216/26 | N106 | RAHMAN | Shirin | 1990-06-15 | V1 | ~ | Has ILR
+ 41/88216/26 | N107 | DUONG | Minh | 1999-03-03 | W2 | ~ | Limited leave, expires 03/2027
+ 41/88217/26 | N108 | SALLEH | Aisha | 1994-12-01 | Witness | ~ | Subject to immigration control
+ 41/88217/26 | N109 | BERHANE | Selam | 2002-05-05 | Victim | ~ | Referred to IE by OIC
+ 41/88218/26 | N110 | NGUYEN | Lan | 1987-09-19 | Victim | ~ | HO Immigration Enforcement informed
+ 41/88218/26 | N111 | AZIZ | Karim | 1983-10-10 | Victim | Asylum Seeker | ~
+ 41/88219/26 | N112 | TESFAYE | Meron | 1997-02-14 | Injured Party | ~ | Granted refugee status 2019
+ 41/88219/26 | N113 | IONESCU | Mihai | 1980-01-25 | Victim | ~ | EUSS settled, Romanian national
+ 41/88220/26 | N114 | KHALIL | Omar | 1995-07-07 | Witness | ~ | Lives in contingency asylum accommodation
+ 41/88220/26 | N115 | SANTOS | Maria | 1992-03-30 | Victim | ~ | Overstaying since 2023 per partner
+ 41/88221/26 | N116 | BAKR | Hana | 1998-11-11 | Victim | ~ | Receiving NASS support
+ 41/88221/26 | N117 | OSEI | Kwame | 1986-06-06 | Witness | Appeal Rights Exhausted | ~
+ 41/88222/26 | N118 | LIU | Wen | 1993-09-09 | Victim | ~ | Has no leave to remain
+ 41/88222/26 | N119 | FARAH | Idil | 2000-10-20 | Complainant | ~ | Dependant on husband's spouse visa
- 41/88213/26 | N120 | GREAVES | Lee | 1975-05-05 | Suspect | Overstayer | Illegal entrant, arrested
- 41/88214/26 | N121 | COLE | Dean | 1970-04-04 | Victim | ~ | Works as an immigration officer at Heathrow
- 41/88215/26 | N122 | PRICE | Jo | 1968-08-18 | Witness | ~ | On annual leave until 14/12
- 41/88216/26 | N123 | WARD | Sam | 1977-07-17 | Victim | ~ | Paid with Visa debit card ending 4421
- 41/88217/26 | N124 | HOLT | Amy | 1989-09-29 | Victim | Vulnerable Adult; Mental Health | ~
- 41/88218/26 | N125 | BRAY | Tom | 1965-06-26 | Witness | ~ | Released on licence from HMP Pentonville
- 41/88219/26 | N126 | MOSS | Kim | 1982-02-22 | Victim | ~ | Home Office approved locks fitted by SNT
- 41/88220/26 | N127 | DALE | Ian | 1972-12-12 | Aggrieved | ~ | Right to remain silent explained
- 41/88221/26 | N128 | FROST | Eve | 1991-01-01 | Victim | ~ | Lives on Asylum Road SE15
- 41/88222/26 | N129 | KERR | Ray | 1960-03-13 | Suspect | ~ | Subject to immigration control, ARE
- 41/88223/26 | N130 | LYNCH | Pat | 1984-04-14 | Victim | ~ | Section 47 ABH, leave of court granted
- 41/88223/26 | N131 | SHAW | Bo | 1990-05-15 | Witness | ~ | Patient on Section 17 leave from ward
- 41/88224/26 | N132 | YATES | Liv | 1979-06-16 | Victim | ~ | Settled out of court with insurer
- 41/88224/26 | N133 | EATON | Ross | 1987-07-27 | Injured Party | ~ | Section 18 GBH, hospital informed
"""
)

# UK: an Athena/Connect-style person export whose column names carry the status: Home Office
# case references (CID, GWF), port references, NASS and ARC numbers, leave status.
ATHENA_HEADER = _header(
    "Person URN | Person Role | Family Name | Given Name | Home Office Reference | CID Number | GWF Ref | BRP No. | Port Ref | NASS Ref | ARC Number | Leave Status | Immigration Status"
)
_ATHENA_BLANK = ("",) * 9


def _athena(mark: str, urn: str, role: str, column: int, value: str) -> Row:
    cells = list(_ATHENA_BLANK)
    if column >= 0:
        cells[column] = value
    return (mark, urn, role, f"F{urn}", f"G{urn}", *cells)


ATHENA_ROWS: tuple[Row, ...] = (
    _athena("+", "P1", "Victim", 0, "B1234567"),
    _athena("+", "P2", "Witness", 1, "1234567"),
    _athena("+", "P3", "Victim", 2, "GWF012345678"),
    _athena("+", "P4", "Victim", 3, "ZU1234567"),
    _athena("+", "P5", "Injured Party", 4, "LHR/12345/26"),
    _athena("+", "P6", "Victim", 5, "NASS/0012345"),
    _athena("+", "P7", "Witness", 6, "ABC/12/3456789"),
    _athena("+", "P8", "Victim", 7, "Indefinite leave to remain"),
    _athena("+", "P9", "Complainant", 8, "Limited leave - spouse"),
    _athena("+", "P10", "Victim", 7, "Section 3C leave"),
    _athena("+", "P11", "Victim", 8, "Subject to immigration control"),
    _athena("-", "P12", "Suspect", 0, "B7654321"),
    _athena("-", "P13", "Suspect", 8, "Overstayer"),
    _athena("-", "P14", "Witness", 7, "Annual leave"),
    _athena("-", "P15", "Victim", 7, "Not on leave"),
    _athena("-", "P16", "Victim", -1, ""),
)

# UK: a Connect-style export whose abbreviated column names end in dots.
CONNECT_HEADER = _header("Occ. No. | Inv. Type | Surname | Imm. Status | Ctzn. | Natl. | POB")
CONNECT_ROWS = _table(
    """
+ 26/1 | Victim | PAIVA | Parolee | ~ | ~ | ~
+ 26/1 | Witness | OKON | ~ | Nigeria | ~ | ~
+ 26/1 | IP | SILVA | ~ | ~ | Brazilian | ~
+ 26/2 | Victim | TRAN | ~ | ~ | ~ | Hanoi
- 26/2 | Suspect | MARSH | Parolee | Nigeria | British | Leeds
- 26/2 | Victim | ASH | ~ | ~ | ~ | ~
"""
)

# UK: a wide export, one occurrence a row and a column set per person, as spreadsheets built from
# a records system's report are; each person is the columns their role begins.
WIDE_HEADER = _header(
    "occurrence_ref | victim1_name | victim1_imm_status | victim2_name | victim2_nationality | witness1_name | witness1_visa_type | suspect1_name | suspect1_immigration_status"
)
WIDE_ROWS = _table(
    """
+ 41/90001/26 | A Okoro | Overstayer | ~ | ~ | ~ | ~ | B Hale | ~
+ 41/90002/26 | C Diaz | ~ | D Perez | Honduran | ~ | ~ | ~ | ~
+ 41/90003/26 | E Li | ~ | ~ | ~ | F Wu | Student | ~ | ~
- 41/90004/26 | G Ross | ~ | ~ | ~ | H Kaye | ~ | J Boyd | Illegal entrant
"""
)

# US: a CAD/RMS person list with its agency's role codes and an officer's notes.
RMS_HEADER = _header("Incident # | Person Type | Last | First | DOB | Race | Sex | Notes")
RMS_ROWS = _table(
    """
+ 26-004411 | VIC | RAMOS | ELENA | 03/04/1990 | W | F | TPS holder (Honduras)
+ 26-004411 | WIT | CRUZ | JUAN | 11/12/1985 | W | M | In removal proceedings, NTA issued 2024
+ 26-004412 | RP | ORTIZ | ANA | 01/01/1992 | W | F | States she is undocumented
+ 26-004412 | COMP | VEGA | LUIS | 02/02/1980 | W | M | Notice to Appear served by ICE
+ 26-004413 | CW | SOTO | ROSA | 05/05/1988 | W | F | U visa cert requested (I-918 Supp B)
+ 26-004413 | V-1 | DIAZ | MARTA | 06/06/1995 | W | F | ICE detainer lodged on husband; she is a parolee
+ 26-004414 | VICTIM | NUNEZ | IRIS | 07/07/1999 | W | F | Has EAD, asylum pending
+ 26-004414 | W1 | LEON | RAUL | 08/08/1982 | W | M | LPR - green card holder
+ 26-004415 | VIC | ROJAS | LUZ | 09/09/1991 | W | F | No lawful status; entered without inspection
+ 26-004415 | VIC | MEZA | ALMA | 10/10/1994 | W | F | DACA recipient
+ 26-004416 | WIT | PENA | JOSE | 12/12/1978 | W | M | I-247A received from ERO
+ 26-004416 | VIC | LARA | SARA | 04/04/1997 | W | F | T visa applicant, trafficking case
+ 26-004417 | VIC | GIL | ROSA | 01/02/1993 | W | F | Alien registration number on file
+ 26-004417 | VIC | RUIZ | NOEL | 02/03/1994 | W | M | Undocumented
- 26-004411 | SUSP | HARRIS | CODY | 03/03/1975 | W | M | ICE detainer, removal proceedings
- 26-004412 | ARR | BAKER | TROY | 04/04/1970 | B | M | Undocumented, I-247A
- 26-004413 | VIC | HILL | DANA | 05/05/1960 | W | F | Slipped on ice on I-94 exit ramp
- 26-004414 | VIC | KING | BETH | 06/06/1977 | W | F | Visa card stolen from purse
- 26-004415 | WIT | WOOD | GARY | 07/07/1966 | W | M | A number of shots heard
- 26-004416 | VIC | COOK | JILL | 08/08/1983 | W | F | Ex on parole, removal of his property
- 26-004417 | VIC | REED | ERIN | 09/09/1986 | W | F | Green Card insurance for trip to France
"""
)

# US: NIBRS-style victim segment (victim sequence number, type I = individual) with a column
# the agency added.
NIBRS_HEADER = _header(
    "ORI | Incident Number | Segment | Victim Sequence Number | Type of Victim | Age | Sex | Resident Status | Immigration Status"
)
NIBRS_ROWS = _table(
    """
+ TX1234500 | 26-77 | V | 001 | I | 31 | F | R | Undocumented
+ TX1234500 | 26-77 | V | 002 | I | 27 | F | N | Parolee
- TX1234500 | 26-77 | V | 003 | I | 44 | M | R | ~
"""
)


def _niche_json() -> Extract:
    """A case with its involvements, as an RMS's JSON API returns it."""
    cases = [
        {
            "occurrenceRef": "41/91000/26",
            "involvements": [
                {
                    "involvementType": "Injured Party",
                    "person": {"surname": "ALI", "remarks": "NRPF condition on leave"},
                },
                {
                    "involvementType": "Suspect",
                    "person": {"surname": "HOOD", "remarks": "Overstayer"},
                },
                {
                    "involvementType": "Witness",
                    "person": {"surname": "BUI", "immigration": {"status": "Limited leave"}},
                },
                {
                    "involvementType": "IP",
                    "person": {"surname": "AMIN", "markers": ["Asylum Seeker", "Vulnerable"]},
                },
                {
                    "involvementType": "Victim",
                    "person": {"surname": "ROSS", "remarks": "Visa debit card taken"},
                },
            ],
        }
    ]
    due = {(1, "$[0].involvements[0]"), (1, "$[0].involvements[2]"), (1, "$[0].involvements[3]")}
    return Extract("niche_case.json", json.dumps(cases, indent=1).encode(), frozenset(due))


def _role_keyed_json() -> Extract:
    """A case whose persons are listed under keys naming their role, as many APIs write it."""
    case = {
        "caseNumber": "26-0099",
        "victims": [{"name": "Ada Moyo", "immigrationStatus": "TPS"}],
        "witnesses": [{"name": "Ben Sato", "notes": "Asylum seeker"}],
        "suspects": [{"name": "Cal Dorn", "immigrationStatus": "EWI"}],
    }
    due = {(1, "$.victims[0]"), (2, "$.witnesses[0]")}
    return Extract("case_by_role.json", json.dumps(case).encode(), frozenset(due))


def _us_json() -> Extract:
    """A US RMS's incident export as NDJSON, one involvement a line."""
    lines = [
        {"incidentNo": "26-1", "personRole": "VICTIM", "aNumber": "A987654321"},
        {"incidentNo": "26-1", "personRole": "WITNESS", "immigrationStatus": "TPS"},
        {"incidentNo": "26-1", "personRole": "SUSPECT", "immigrationStatus": "EWI"},
        {
            "incidentNo": "26-2",
            "personRole": "V2",
            "caseNotes": "Victim has a pending I-918 petition",
        },
        {
            "incidentNo": "26-2",
            "personRole": "W1",
            "caseNotes": "Overstaying their welcome at a cousin's",
        },
        {
            "incidentNo": "26-2",
            "personRole": "RP",
            "caseNotes": "Caller states she is undocumented",
        },
        {
            "incidentNo": "26-3",
            "personRole": "COMP",
            "caseNotes": "Wallet with Visa and Amex cards taken",
        },
        {
            "incidentNo": "26-3",
            "personRole": "VIC",
            "caseNotes": "Works for ICE Cream Co; reported to ice cream van driver",
        },
    ]
    body = "\n".join(json.dumps(line) for line in lines) + "\n"
    due = {(1, "$"), (2, "$"), (4, "$"), (6, "$")}
    return Extract("rms_involvements.ndjson", body.encode(), frozenset(due))


# Clean: a custody and victim-care extract whose words sound like status but are not, and
# status held only on suspects.
CLEAN_HEADER = _header("Custody Ref | Role | Name | Occupation | Notes")
CLEAN_ROWS = _table(
    """
- C1 | Detained Person | K Bell | Labourer | Subject to immigration control; IS91 served
- C2 | Suspect | L Hart | None | Appeal rights exhausted, referred to IE
- C3 | Victim | M Page | Immigration solicitor | Attacked leaving immigration tribunal where she works
- C4 | Witness | N Ford | Border Force officer | Off duty, on annual leave
- C5 | Victim | O Webb | Nurse | Visa debit card cloned; bank refunded
- C6 | Victim | P Lane | Retired | Leave to appeal granted to the defence
- C7 | Witness | Q Rowe | Prison officer | Prisoner on ROTL day release absconded
- C8 | Victim | R Snow | Driver | Black ice on the A40, lorry jack-knifed
- C9 | Victim | S Tate | Student | Overstaying her welcome at ex-partner's flat was the trigger
- C10 | Injured Party | T Vine | Chef | Home Office approved lock fitted; Section 95 of the Act n/a
- C11 | Victim | U Wolfe | Analyst | The loss is undocumented; no receipts
"""
)


NIEM_XML = """<?xml version="1.0" encoding="UTF-8"?>
<exch:IncidentReport xmlns:exch="http://example.org/exchange/1.0"
  xmlns:j="https://docs.oasis-open.org/niemopen/ns/model/domains/justice/6.0/"
  xmlns:nc="https://docs.oasis-open.org/niemopen/ns/model/niem-core/6.0/"
  xmlns:cx="http://example.org/county-extension/2.1"
  xmlns:s="https://docs.oasis-open.org/niemopen/ns/model/structures/6.0/">
  <nc:Person s:id="P1">
    <nc:PersonName><nc:PersonFullName>Ines Rivas</nc:PersonFullName></nc:PersonName>
    <cx:PersonImmigrationStatusText>Parolee</cx:PersonImmigrationStatusText>
  </nc:Person>
  <nc:Person s:id="P2">
    <nc:PersonName><nc:PersonFullName>Omar Haddad</nc:PersonFullName></nc:PersonName>
    <cx:PersonAlienNumberText>A123456789</cx:PersonAlienNumberText>
  </nc:Person>
  <nc:Person s:id="P3">
    <nc:PersonName><nc:PersonFullName>Kyle Dunn</nc:PersonFullName></nc:PersonName>
    <cx:PersonImmigrationStatusText>Undocumented</cx:PersonImmigrationStatusText>
  </nc:Person>
  <nc:Person s:id="P4">
    <nc:PersonName><nc:PersonFullName>Mia Sol</nc:PersonFullName></nc:PersonName>
    <nc:PersonDescriptionText>States she is an overstayer</nc:PersonDescriptionText>
  </nc:Person>
  <j:Victim><nc:RoleOfPerson s:ref="P1"/></j:Victim>
  <j:Witness><nc:RoleOfPerson s:ref="P2"/></j:Witness>
  <j:Subject><nc:RoleOfPerson s:ref="P3"/></j:Subject>
  <cx:Complainant><nc:RoleOfPerson s:ref="P4"/></cx:Complainant>
</exch:IncidentReport>
"""

# Free text: a long narrative per involvement, as an officer's statement summary reads.
NARRATIVE_HEADER = _header("URN | Role | Narrative")
NARRATIVE_ROWS = _table(
    """
+ 1 | IP | The IP stated she is an overstayer and fears her partner will tell the Home Office.
+ 2 | Victim | Victim disclosed she has been in the UK illegally since 2019.
+ 3 | Witness | W1 is an asylum seeker housed by Serco, currently ARE.
+ 4 | Victim | Aggrieved's leave expired last year; she has no status in the UK.
+ 5 | Victim | OIC has referred the IP to Immigration Enforcement.
+ 6 | Victim | Partner threatened to get her deported if she called police.
- 7 | Victim | The IP was on annual leave and returned to find the door forced.
- 8 | Witness | Witness works for Border Force at Dover as a clerk; gave statement.
- 9 | Victim | Victim's Visa card was used at three shops. Leave to appeal refused to defendant.
- 10 | Suspect | Suspect is an overstayer and was referred to Immigration Enforcement.
"""
)


def _workbook() -> Extract:
    """The Niche nominal list saved as a workbook, as analysts pass it on."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Nominals"
    sheet.append(NICHE_HEADER)
    due = set()
    for number, (mark, *cells) in enumerate(NICHE_ROWS[:12], start=2):
        sheet.append(cells)
        if mark == "+":
            due.add((number, f"record {number}"))
    data = io.BytesIO()
    book.save(data)
    return Extract("nominals.xlsx", data.getvalue(), frozenset(due))


def extracts() -> list[Extract]:
    """The whole corpus."""
    return [
        _flat("niche_nominals.csv", NICHE_HEADER, NICHE_ROWS),
        _flat("athena_persons.csv", ATHENA_HEADER, ATHENA_ROWS),
        _flat("connect_persons.csv", CONNECT_HEADER, CONNECT_ROWS),
        _flat(
            "occurrences_wide.csv",
            WIDE_HEADER,
            WIDE_ROWS,
            persons={2: "victim1", 3: "victim2", 4: "witness1"},
        ),
        _flat("rms_persons.tsv", RMS_HEADER, RMS_ROWS, delimiter="\t"),
        _flat("nibrs_victims.csv", NIBRS_HEADER, NIBRS_ROWS),
        _flat("narratives.csv", NARRATIVE_HEADER, NARRATIVE_ROWS),
        _niche_json(),
        Extract("incident.xml", NIEM_XML.encode(), frozenset({(1, "P1"), (2, "P2"), (4, "P4")})),
        _workbook(),
        _us_json(),
        _role_keyed_json(),
        _flat("custody_clean.csv", CLEAN_HEADER, CLEAN_ROWS),
    ]


def tally(folder: Path, corpus: Sequence[Extract] | None = None) -> Tally:
    """Write the corpus to `folder`, scan each file and sort every due person and finding."""
    result = Tally()
    for extract in corpus if corpus is not None else extracts():
        path = folder / extract.name
        path.write_bytes(extract.body)
        found: set[tuple[int, str]] = set()
        unbound: set[tuple[int, str]] = set()
        for report in scan_status_path(path, SALT, workers=1):
            found |= {(f.record, f.person) for f in report.findings}
            unbound |= {who for who in extract.due for f in report.unbound if f.record == who[0]}
            if report.records and not report.names_roles:
                unbound |= extract.due
        for who in sorted(extract.due):
            label = f"{extract.name} {who}"
            if who in found:
                result.found.append(label)
            elif who in unbound:
                result.inconclusive.append(label)
            else:
                result.missed.append(label)
        result.false += [f"{extract.name} {who}" for who in sorted(found - extract.due)]
    return result


def _report(result: Tally) -> Iterator[str]:
    yield result.line()
    for kind in ("inconclusive", "missed", "false"):
        for label in getattr(result, kind):
            yield f"  {kind}: {label}"


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        sys.stdout.write("\n".join(_report(tally(Path(folder)))) + "\n")
