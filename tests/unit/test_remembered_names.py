"""What is worked out from field names and role words is remembered, within a bound, and
remembering changes no finding."""

import csv
import json
import random
from dataclasses import replace

import pytest

import firewall_conformance.detect.vocabulary as vocabulary_module
from firewall_conformance.detect.memo import NAMES_REMEMBERED
from firewall_conformance.detect.role_words import role_words
from firewall_conformance.detect.sources import open_sources
from firewall_conformance.detect.status import flat_status, scan_status_path
from firewall_conformance.detect.status_binding import UNKNOWN_ROLE
from firewall_conformance.detect.structured import source_records
from firewall_conformance.detect.vocabulary import vocabulary

SALT = b"remembered"


def _people(count):
    rng = random.Random(4)
    roles = ["victim", "witness", "suspect", "Victim; witness", "injured party", "V", ""]
    return [
        {
            "id": str(i),
            "role": rng.choice(roles),
            "nationality": rng.choice(["Eritrean", "British", "", "unknown"]),
            "passport_no": str(rng.randrange(10**8, 10**9)),
            "immigration_status": rng.choice(["overstayer", "n/a", "settled"]),
            "country_of_birth": rng.choice(["Syria", "UK"]),
            "residence": "Exampleton",
        }
        for i in range(count)
    ]


def _write(tmp_path, people):
    ndjson = tmp_path / "people.ndjson"
    nested = [
        {
            "case": p["id"],
            "persons": [p, {"role": "suspect", "visa_type": "student"}],
            "attributes": [{"key": "immigration_status", "value": p["immigration_status"]}],
        }
        for p in people
    ]
    ndjson.write_text("".join(json.dumps(r) + "\n" for r in nested), encoding="utf-8")
    flat = tmp_path / "people.csv"
    with flat.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(people[0]))
        writer.writeheader()
        writer.writerows(people)
    return [ndjson, flat]


def test_remembering_changes_no_finding(tmp_path, monkeypatch):
    paths = _write(tmp_path, _people(80))
    warm = [
        (r.records, r.names_roles, r.findings, r.unbound)
        for p in paths
        for r in scan_status_path(p, SALT)
    ]
    cold = []
    # The packaged vocabulary, read once; a copy of it is a new instance, which has remembered
    # nothing (memo.Remembers keeps its memory on the instance).
    packaged = vocabulary.__wrapped__()
    for path in paths:
        for source in open_sources(path, None):
            records, named, found, unbound = 0, False, [], []
            for number, fields in source_records(source):
                # A vocabulary that has remembered nothing, for every record.
                words = replace(packaged)
                assert "_remembered" not in vars(words)
                monkeypatch.setattr(vocabulary_module, "vocabulary", lambda w=words: w)
                role_words.cache_clear()
                holds, record = flat_status(fields, source.label, number, SALT, words)
                records += 1
                named = named or holds
                found += [f for f in record if f.role != UNKNOWN_ROLE]
                unbound += [f for f in record if f.role == UNKNOWN_ROLE]
            cold.append((records, named, found, unbound))
    assert warm == cold
    assert sum(len(found) for _, _, found, _ in warm) > 80
    assert sum(len(unbound) for *_, unbound in warm) > 0


@pytest.mark.parametrize("which", ["vocabulary", "role words"])
def test_the_memory_is_bounded(which):
    words = vocabulary() if which == "vocabulary" else role_words()
    for i in range(NAMES_REMEMBERED + 100):
        if which == "vocabulary":
            words.category(f"unheard_of_name_{i}")
        else:
            words.roles_in(f"bystander number {i}")
    assert len(words._remembered) <= NAMES_REMEMBERED
    assert words.category("nationality") == "nationality" if which == "vocabulary" else True
