"""Status detection on CSV and NDJSON looks only at the records a literal search of their raw
bytes points at, in the scan's worker processes, and finds exactly what reading every record
finds: the same records, the same findings in the same order, the same unreadable files."""

import csv
import gzip
import io
import json
import random
from importlib import resources

import pytest

import firewall_conformance.detect.status as status_module
from firewall_conformance.detect import linescan, structured
from firewall_conformance.detect.embedded import embedded_fields
from firewall_conformance.detect.errors import UnreadableExport
from firewall_conformance.detect.pairs import pair_plan, paired
from firewall_conformance.detect.roles import PROTECTED_ROLES, flat_roles, keyed_roles
from firewall_conformance.detect.sources import open_sources
from firewall_conformance.detect.status import StatusFinding, path_category, scan_status_path
from firewall_conformance.detect.status_binding import UNKNOWN_ROLE, beyond_names
from firewall_conformance.detect.status_literals import status_literals
from firewall_conformance.detect.structured import source_records
from firewall_conformance.detect.vocabulary import tokens, vocabulary
from tests.unit.forked_workers import forked_workers  # noqa: F401 (a fixture)

SALT = b"prefilter"
ROLES = ["victim", "witness", "suspect", "Victim; witness", "V", "", "unknown"]


def _field_by_field(fields, label, number, words):
    """Each field of one record judged on its own, as status detection did before it worked
    out what a record's names say once per shape; and what `status_binding` finds beyond the
    names (values, status outside the role parts), which every reader adds alike."""
    fields = fields + embedded_fields(fields)
    plan = pair_plan([locator for locator, _ in fields], words)
    pairs = paired(fields, plan)
    held = flat_roles(fields + pairs)
    for owner, keyed in keyed_roles(tuple(locator for locator, _ in fields)).items():
        held.setdefault(owner, set()).update(keyed)  # a part under a key naming its role
    beyond = [
        StatusFinding.of(
            label, number, locator, value, category, role, owner or f"record {number}", SALT
        )
        for locator, value, category, role, owner in beyond_names(
            fields, pairs, plan, held, words, path_category
        )
        if role != UNKNOWN_ROLE
    ]
    fields = fields + pairs
    found = []
    for owner, roles in held.items():
        role = min(roles & PROTECTED_ROLES, default=None)
        for locator, value in fields if role else ():
            if owner and not locator.startswith((owner + ".", owner + "/")):
                continue
            category = path_category(words, locator, owner)
            if category and words.says_something(value):
                person = owner or f"record {number}"
                found.append(
                    StatusFinding.of(label, number, locator, value, category, role, person, SALT)
                )
    return bool(held), found + beyond


def _every_record(path):
    """Today's reading: every record parsed and judged, one after another."""
    words, reports = vocabulary(), []
    try:
        for source in open_sources(path, None):
            records, named, found = 0, False, []
            for number, fields in source_records(source):
                holds, record = _field_by_field(fields, source.label, number, words)
                records, named, found = records + 1, named or holds, found + record
            reports.append((source.label, records, named, found))
    except UnreadableExport as exc:
        return str(exc)
    return reports


def _prefiltered(path, workers):
    try:
        return [
            (r.source, r.records, r.names_roles, r.findings)
            for r in scan_status_path(path, SALT, workers=workers)
        ]
    except UnreadableExport as exc:
        return str(exc)


def _niem_names():
    folder = resources.files("firewall_conformance.data.vocabulary")
    names = []
    for file in ("niem-immigration-properties.csv", "niem-immigration-properties-legacy.csv"):
        with folder.joinpath(file).open(encoding="utf-8") as handle:
            names += [(row["namespace"], row["name"]) for row in csv.DictReader(handle)]
    return names


def _styles(namespace, name):
    words = tokens(name)
    return [
        f"{namespace}:{name}",
        "_".join(words),
        "-".join(w.upper() for w in words),
        " ".join(w.title() for w in words),
        name[0].lower() + name[1:],
    ]


def _ndjson(records, ending="\n"):
    return "".join(json.dumps(r) + ending for r in records)


def _csv(rows, ending="\n"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=ending)
    writer.writerows(rows)
    return buffer.getvalue()


def _corpus():
    """(file name, bytes): every shape the vocabulary and the reader handle, and the ways a
    literal may be hidden from a byte search."""
    rng = random.Random(15)
    niem = [style for ns, name in _niem_names() for style in _styles(ns, name)]
    noise = [{"id": i, "offence": "Burglary", "note": "Statement taken"} for i in range(40)]
    plain_people = [
        {"role": rng.choice(ROLES), "given_name": "Ada", "phone": "07700 900123"} for _ in range(60)
    ]
    niem_records = [
        {"role": rng.choice(ROLES[:2]), name: f"value {i}"} for i, name in enumerate(niem)
    ]
    nested = [
        {
            "case": i,
            "persons": [
                {"role": rng.choice(ROLES), "passport": {"number": str(i)}},
                {"involvement": {"type": "witness"}, "details": {"countryOfBirth": "Syria"}},
            ],
            "attributes": [
                {"key": rng.choice(["n a t", "immigration_status", "colour"]), "value": "x"}
            ],
        }
        for i in range(50)
    ]
    mixed = noise + plain_people + niem_records[:400] + nested
    rng.shuffle(mixed)
    escaped = (
        '{"role": "victim", "n\\u0061tionality": "Eritrean"}\n'
        '{"role": "witness", "note": "x"}\n'
        '{"r\\u006fle": "witness", "visa_type": "Tier 2"}\n'
    )
    look_alikes = (
        '{"role": "victim", "n\u0430tionality": "Eritrean"}\n'
        '{"role": "witness", "\uff4eationality": "Albanian"}\n'
        '{"role": "victim", "NATIONALITY\u212a": "x", "pass\u00adport": "1"}\n'
        '{"rolé": "witness", "visa": "x"}\n'
    )
    header_rows = [["role", "nationality", "note"]] + [
        [rng.choice(ROLES), rng.choice(["Eritrean", "", "n/a"]), "x"] for _ in range(200)
    ]
    pairs_rows = [["role", "type", "number"]] + [
        [rng.choice(ROLES), rng.choice(["passport", "driving licence", "N-A-T", "visa"]), str(i)]
        for i in range(200)
    ]
    multi_line = [["role", "name", "value"]] + [
        [rng.choice(ROLES), rng.choice(["pass\nport", "n\na\nt", "colour"]), "x\ny"]
        for _ in range(100)
    ]
    kept = [
        {"role": rng.choice(ROLES), "details": json.dumps({"immigration_status": "x", "n": i})}
        for i in range(60)
    ]
    json_column = [["role", "details"]] + [[r["role"], r["details"]] for r in kept]
    malformed = _ndjson(plain_people[:30]) + '{"role": "victim", "note": }\n' + _ndjson(noise)
    # Every record a candidate (judged whole), with the lines the fast reader must leave alone.
    dense = [
        {"role": rng.choice(ROLES), "nationality": rng.choice(["Eritrean", "", None]), "n": i}
        for i in range(300)
    ]
    odd_lines = [
        '{"role": "victim", "role" : "suspect", "visa": "x"}',
        '{"role" :"witness", "visa": "y", "visa": "z"}',
        '{"role": "witness", "visa": "y", "visa": "z"}',
        '"a string"\n{"role": "victim", "note": "{", "visa": "x"}',
        '{"role": "victim", "passport": 100000000000000000000}',
        '{"role": "witness", "passport": -9223372036854775809, "visa": 1.5e300}',
        '{"role": "victim", "visa": NaN, "nationality": true}',
        '{"role": "witness", "time": "12:30", "visa": ":)", "note": " spaced"}',
        '{"role": "victim", "nationality": "[Eritrean]", "visa": "{x}"}',
        '{"role": "witness", "details": "{\\"visa\\": \\"Tier 2\\"}"}',
    ]
    # Far enough apart that, in small chunks, each is the only odd line of its chunk.
    dense_odd = "".join(
        json.dumps(record)
        + "\n"
        + (odd_lines[i // 30 % len(odd_lines)] + "\n" if i % 30 == 0 else "")
        for i, record in enumerate(dense)
    )
    # Flat records of many shapes, as the shape plan reads them: nulls, numbers and booleans,
    # two role fields, a list of roles, pairs in some shapes, parts named by dotted columns.
    shapes = [
        {
            "role": rng.choice(ROLES),
            "nationality": rng.choice(["Eritrean", " ", "none", None, 7, " Syrian "]),
        }
        | ({"visa": rng.choice([True, None, 1.5, "Tier 2", ""])} if i % 2 else {})
        | ({"involvement_type": rng.choice(ROLES)} if i % 3 == 0 else {})
        | ({"key": "immigration_status", "value": "Overstayer"} if i % 7 == 0 else {})
        | ({"roles": "victim; witness", "passport": "P1"} if i % 11 == 0 else {})
        for i in range(400)
    ]
    parts = [
        ["victim.role", "victim.nationality", "suspect.role", "suspect/visa", "role", "passport"]
    ] + [
        [
            rng.choice(ROLES),
            rng.choice(["Eritrean", "", "[x]", " {y}"]),
            rng.choice(ROLES),
            rng.choice(["Tier 2", "n/a", '{"visa": "T5"}']),
            rng.choice(ROLES),
            str(i),
        ]
        for i in range(300)
    ]
    return {
        "shapes.ndjson": _ndjson(shapes),
        "parts.csv": _csv(parts),
        "mixed.ndjson": _ndjson(mixed),
        "mixed-crlf.ndjson": _ndjson(mixed, "\r\n"),
        "lone-cr.ndjson": _ndjson(mixed[:50], "\r") + _ndjson(mixed[50:]),
        "niem.ndjson": _ndjson(niem_records),
        "niem.csv": _csv([["role", *niem[:300]], ["witness", *["x"] * 300]]),
        "nested.ndjson": _ndjson(nested),
        "json-in-text.ndjson": _ndjson(kept + noise),
        "json-column.csv": _csv(json_column),
        "escaped.ndjson": escaped * 20,
        "look-alikes.ndjson": look_alikes * 20,
        "blank-lines.ndjson": "\n  \n" + _ndjson(mixed[:100]).replace("}\n", "}\n\n \t\n"),
        "duplicate-keys.ndjson": '{"role": "victim", "role": "suspect", "visa": "x"}\n' * 30,
        "malformed.ndjson": malformed,
        "malformed-last.ndjson": _ndjson(noise) + '{"role": "vic',
        "no-role.ndjson": _ndjson(noise),
        "late-role.ndjson": _ndjson(noise * 20 + [{"role": "suspect"}]),
        "status-header.csv": _csv(header_rows),
        "status-header-crlf.csv": _csv(header_rows, "\r\n"),
        "pairs.csv": _csv(pairs_rows),
        "multi-line.csv": _csv(multi_line),
        "short-row.csv": _csv([*header_rows[:90], ["witness"], *header_rows[90:]]),
        "no-status.csv": _csv([["role", "note"]] + [[r, "x"] for r in ROLES * 30]),
        "bom.csv": "\ufeff" + _csv(header_rows),
        "utf16.csv": _csv(header_rows),
        "people.ndjson.gz": _ndjson(mixed),
        "dense.ndjson": _ndjson(dense),
        "dense-odd-lines.ndjson": dense_odd,
        "dense.csv": _csv([["role", "nationality", "n"]] + [list(r.values()) for r in dense]),
    }


def _write(tmp_path, name, text):
    path = tmp_path / name
    if name == "utf16.csv":
        path.write_bytes(text.encode("utf-16"))
    elif name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode("utf-8")))
    else:
        path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.usefixtures("forked_workers")
@pytest.mark.parametrize("name", sorted(_corpus()))
@pytest.mark.parametrize("chunk_bytes", [linescan.CHUNK_BYTES, 700])
@pytest.mark.parametrize("workers", [1, 2])
def test_the_prefilter_finds_what_reading_every_record_finds(
    tmp_path, monkeypatch, name, chunk_bytes, workers
):
    monkeypatch.setattr(linescan, "CHUNK_BYTES", chunk_bytes)  # many chunks, many workers' jobs
    path = _write(tmp_path, name, _corpus()[name])
    with monkeypatch.context() as standard:
        standard.setattr(structured, "flat_object", lambda line: None)  # no fast JSON reader
        today = _every_record(path)
    assert _prefiltered(path, workers) == today
    if name in ("malformed.ndjson", "short-row.csv", "malformed-last.ndjson"):
        assert isinstance(today, str)
    else:
        assert today[0][1] > 0


def test_the_corpus_holds_findings_of_every_kind(tmp_path):
    found = set()
    for name, text in _corpus().items():
        result = _every_record(_write(tmp_path, name, text))
        if not isinstance(result, str):
            found |= {(name, f.category) for *_, findings in result for f in findings}
    assert {name for name, _ in found} >= {"niem.ndjson", "niem.csv", "escaped.ndjson", "pairs.csv"}
    assert len({category for _, category in found}) >= 8


@pytest.mark.parametrize(
    ("chunk", "expected"),
    [
        (b'{"a": "b"}\n{"nationality": "x"}\n{"c": 1}\n', {1}),
        (b'{"a": 1}\r\n{"Visa-Type": "x"}\r\n{"b": 2}\r\n', {1}),
        (b'{"a": 1}\n{"im:AcademicProgramText": "x"}\n{"academic_program_text": 1}\n', {1, 2}),
        (b'{"a": 1}\n{"p\\u0061ssport": "x"}\n{"b": 2}\n', {1}),
        ('{"a": 1}\n{"b": 2}\n{"n\u0430tionality": "x"}\n', {2}),
        (b'{"a": 1}\n{"n_a_t": "x"}\n{"nate": 1}\n', {1, 2}),
        (b'{"given_name": "Ada", "phone": "07700 900123"}\n', set()),
    ],
    ids=["plain", "crlf", "niem", "escaped", "non-ascii", "squeezed", "none"],
)
def test_candidate_lines(chunk, expected):
    assert status_literals().lines(chunk) == expected


def test_only_candidate_records_are_worked_through(tmp_path, monkeypatch):
    # Records with a list: the standard reader's, judged by their fields (flat records are
    # judged by their shape, `test_status_by_shape.py`).
    people = [{"role": "witness", "given_name": f"P{i}", "tags": ["a"]} for i in range(1000)]
    for at in (10, 500, 990):
        people[at]["nationality"] = "Eritrean"
    path = tmp_path / "people.ndjson"
    path.write_text(_ndjson(people), encoding="utf-8")
    judged = []
    real = status_module.flat_status

    def counted(fields, *args):
        judged.append(fields)
        return real(fields, *args)

    monkeypatch.setattr(status_module, "flat_status", counted)
    [report] = scan_status_path(path, SALT, workers=1)
    assert report.records == 1000 and report.names_roles
    assert [f.record for f in report.findings] == [11, 501, 991]
    # the three candidates, and the first record: it shows that roles are named at all
    assert len(judged) == 4
