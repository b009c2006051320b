"""Exports for comparing the Spark engine with the embedded one: every case where splitting a
file into line ranges could change a locator (CSV headers, quoted line breaks across split
boundaries, a byte-order mark, CRLF, blank lines, JSON escapes, gzip, a broken line), and a wide
export whose persons are column sets named by their roles."""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
from pathlib import Path

from firewall_conformance.detect.codes import VARIANTS as CODES
from firewall_conformance.detect.substitutions import VARIANTS as SUBSTITUTIONS
from firewall_conformance.detect.variants import forms
from firewall_conformance.persons.personas import Persona

COLUMNS = ["case", "role", "given_name", "family_name", "nationality", "visa_type", "note"]
ROLES = ["victim", "witness", "suspect", "informant", "X9"]
# Status stated in a value, and a Visa card that states none.
REMARKS = ["disclosed she is an asylum seeker", "paid with a Visa debit card", "NRPF"]


def _plant(rng: random.Random, cast: dict[str, Persona]) -> str:
    persona = rng.choice(list(cast.values()))
    attribute = rng.choice(["passport_number", "phone", "email", "family_name"])
    # The forms whose locators splitting could change; a number read out in words, a value
    # spelled out, codes and letter substitutions are matched as any other text, and drawing
    # them too would crowd out the forms checked for below.
    variants = [
        v
        for v in forms(attribute, getattr(persona, attribute))
        if v[0] not in ("read out", "spelled out") and v[0] not in CODES | SUBSTITUTIONS
    ]
    return f"ref {rng.choice(variants)[1]} checked"


def _row(rng: random.Random, cast: dict[str, Persona], n: int) -> dict[str, str]:
    return {
        "case": f"XC/{n:05d}",
        "role": rng.choice(ROLES),
        "given_name": rng.choice(["Ana", "Bo", "Chen", "Dáire"]),
        "family_name": rng.choice(["Ruiz", "Okafor", "Nowak"]),
        "nationality": rng.choice(["", "Eritrean", "n/a", "Syrian"]),
        "visa_type": rng.choice(["", "", "Tier 2"]),
        "note": _plant(rng, cast)
        if n % 7 == 0
        else rng.choice(["", "seen", "line one\nline two", *REMARKS]),
    }


def _csv_text(rows: list[dict[str, str]], newline: str = "\n") -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator=newline)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _wide_text(rows: list[dict[str, str]]) -> str:
    """One record a case and a column set per person, named by the person's role."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["case", "victim1_name", "victim1_nationality", "Witness 1 Visa", "suspect1_visa", "note"]
    )
    for one, other in zip(rows[::2], rows[1::2], strict=False):
        writer.writerow(
            [
                one["case"],
                one["family_name"],
                one["nationality"],
                other["visa_type"],
                one["visa_type"],
                other["note"],
            ]
        )
    return buffer.getvalue()


def _ndjson_text(rng: random.Random, rows: list[dict[str, str]]) -> str:
    lines = []
    for n, row in enumerate(rows):
        record = {"case": row["case"], "persons": [dict(row), {"role": "suspect", "name": "X"}]}
        if n % 13 == 0:
            record["summary"] = "one of them is an overstayer"  # whose, no one can tell
        line = json.dumps(record, ensure_ascii=n % 5 != 0)  # some lines carry \\u escapes
        lines.append(line + ("\n\n" if n % 11 == 0 else "\n"))
    return "".join(lines)


def write_exports(directory: Path, cast: dict[str, Persona], records: int = 400) -> list[Path]:
    """The comparison files, in the order to scan them."""
    rng = random.Random(2026)
    rows = [_row(rng, cast, n) for n in range(1, records + 1)]
    long_note = dict(rows[0], note="\n".join(f"part {i}" for i in range(records * 3)))
    files = {
        "people.csv": _csv_text(rows).encode("utf-8"),
        "bom-crlf.csv": b"\xef\xbb\xbf" + _csv_text(rows[: records // 2], "\r\n").encode("utf-8"),
        # One quoted field holds most of the file's lines, so every split boundary cuts it.
        "long-field.csv": _csv_text([rows[1], long_note, *rows[2:40]]).encode("utf-8"),
        "wide.csv": _wide_text(rows).encode("utf-8"),
        "people.ndjson": _ndjson_text(rng, rows).encode("utf-8"),
        "feed.ndjson.gz": gzip.compress(_ndjson_text(rng, rows[::2]).encode("utf-8")),
        "broken.ndjson": (_ndjson_text(rng, rows[:300]) + '{"case": \n').encode("utf-8"),
    }
    paths = []
    for name, data in files.items():
        path = directory / name
        path.write_bytes(data)
        paths.append(path)
    return paths
