"""A hostile bundle that disguises the victims and witnesses it sent to immigration enforcement
(issue 19, attack 1): another role word, a blank role or a false one, and new person ids. The
reference's FW-01 fault puts witnesses into those extracts; each disguise must still end in a
BREACH, or INCONCLUSIVE where nothing links the person to anyone, never COMPLIANT."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from tests.acceptance.conftest import QUICK, cli


@pytest.fixture(scope="module")
def leaking_bundle(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("leaking") / "bundle"
    result = cli("reference", "export-bundle", str(directory), "--reference-fault", "FW-01")
    assert result.code == 0, result.stderr
    return directory


def _new_id(person_id: str) -> str:
    return "Q-" + person_id.removeprefix("P-")[::-1]


def _disguise(bundle: Path, copy: Path, role: str, element: str, rename: bool) -> Path:
    """The extracts for immigration enforcement, with each witness's role word replaced, every
    person id changed and (with `rename`) the witnesses' names changed too."""
    shutil.copytree(bundle, copy)
    for path in (copy / "exports").glob("hoie-*"):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".csv":
            rows = list(csv.DictReader(io.StringIO(text)))
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            for row in rows:
                if row["role"] == "witness":
                    row["role"] = role
                    row["given_name"] = "Zed" if rename else row["given_name"]
                row["person_id"] = _new_id(row["person_id"])
                writer.writerow(row)
            text = out.getvalue()
        elif path.suffix == ".ndjson":
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
            for record in records:
                if record["role"] == "witness":
                    record["role"] = role
                    record["given_name"] = "Zed" if rename else record["given_name"]
                record["person_id"] = _new_id(record["person_id"])
            text = "".join(json.dumps(r) + "\n" for r in records)
        else:
            witnesses = set(
                re.findall(r'<j:Witness[^>]*>\s*<nc:RoleOfPerson structures:ref="([^"]+)"', text)
            )
            text = text.replace("j:Witness", f"j:{element}")
            for person in witnesses if rename else ():
                text = re.sub(
                    rf'(structures:id="{person}">\s*<nc:PersonName><nc:PersonGivenName>)[^<]*',
                    r"\g<1>Zed",
                    text,
                )
            text = re.sub(r"P-([0-9a-f]+)", lambda m: _new_id(m.group()), text)
        path.write_text(text, encoding="utf-8")
    return copy


@pytest.mark.parametrize(
    ("role", "element", "rename", "verdict", "said"),
    [
        ("complainant", "Complainant", False, "BREACH", "victim or witness"),
        ("injured party", "InjuredParty", True, "BREACH", "status details"),
        ("", "Party", False, "BREACH", "matched by name and date of birth"),
        ("suspect", "Subject", False, "BREACH", "matched by name and date of birth"),
        ("", "Party", True, "INCONCLUSIVE", "no role the reader recognises"),
    ],
    ids=["complainant", "injured-party-renamed", "blank-role", "false-role", "blank-role-renamed"],
)
def test_disguised_victims_and_witnesses_are_never_compliant(
    leaking_bundle, tmp_path, role, element, rename, verdict, said
):
    bundle = _disguise(leaking_bundle, tmp_path / "bundle", role, element, rename)
    result = cli(
        "run", "--bundle", str(bundle), "--scope", "answerable", *QUICK, reports=tmp_path / "r"
    )
    assert result.verdicts["FW-01"] == verdict, result.stdout + result.stderr
    reason = next(o["reason"] for o in result.summary["obligations"] if o["id"] == "FW-01")
    assert said in reason
