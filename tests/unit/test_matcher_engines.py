"""Hyperscan and the Aho-Corasick fallback find exactly the same things.

Every form of every planted value (plain, look-alike, reordered, dates, phones, hashes and
hashes cut short, base64, URL encoding), written as is and wrapped in the encodings the
scanner decodes (HTML and JSON escapes, quoted-printable, gzip inside base64, diacritics,
non-Latin scripts), in every file format and several text encodings, beside the real NIEM
immigration property names as keys and values: the two engines must give the same findings, in
the same order, with the same variants and attribution, and the same offsets.
"""

import base64
import csv
import dataclasses
import gzip
import hashlib
import html
import io
import json
import random
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest

import firewall_conformance.detect.linescan as linescan
from firewall_conformance.detect.engines import AHO_CORASICK, ENGINE_VARIABLE, HYPERSCAN, available
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.normalise import fold_text
from firewall_conformance.detect.scan import scan_path
from firewall_conformance.detect.variants import HASHES, forms
from firewall_conformance.persons.personas import make_cast
from tests.unit.forked_workers import forked_workers  # noqa: F401 (a fixture)

NIEM = (
    Path(__file__).parents[2]
    / "src/firewall_conformance/data/vocabulary/niem-immigration-properties.csv"
)

pytestmark = pytest.mark.skipif(
    HYPERSCAN not in available(), reason="Hyperscan has no wheel for this platform"
)


def _personas():
    cast = make_cast(random.Random(11))
    # A persona written in other scripts: folded patterns that are not ASCII.
    cast["abroad"] = dataclasses.replace(
        cast["witness"],
        label="abroad",
        given_name="Дмитрий",
        family_name="Σωκράτης",
        email="dmitri.sokrates@example.org",
        phone="07700 900999",
        passport_number="998877665",
        home_office_reference="K7654321",
        brp_number="ZX7654321",
    )
    return cast


def _wrapped(text: str) -> list[str]:
    """One form as written and inside each encoding the scanner looks through."""
    raw = text.encode("utf-8")
    return [
        text,
        text.upper(),
        f"ref {text} checked",
        html.escape(text).replace("a", "&#97;"),
        quote(text, safe=""),
        "".join(f"={b:02X}" for b in raw),
        json.dumps(text, ensure_ascii=True)[1:-1].replace("a", "\\u0061"),
        base64.b64encode(gzip.compress(raw, mtime=0)).decode(),
        base64.b64encode(raw).decode().rstrip("="),
        text[:1] + "\u0301" + text[1:],
        raw.hex(),
    ]


def _values(personas) -> list[str]:
    values = []
    for persona in personas.values():
        for attribute, value in persona.attributes().items():
            for _, text in forms(attribute, value):
                values.extend(_wrapped(text))
            for algorithm in HASHES:
                digest = hashlib.new(algorithm, value.encode()).hexdigest()
                values += [digest[:8], digest[:12].upper(), digest[:7], digest[:10] + "0"]
    rng = random.Random(3)
    values += ["".join(rng.choice("abcdefghij 0123456789") for _ in range(40)) for _ in range(200)]
    return values


def _niem_names() -> list[str]:
    with NIEM.open(encoding="utf-8") as stream:
        return [f"{row['namespace']}:{row['name']}" for row in csv.DictReader(stream)]


def _records(values: list[str], names: list[str]) -> list[dict[str, str]]:
    return [
        {"id": str(i), names[i % len(names)]: value, "note": "two\nlines" if i % 5 == 0 else "x"}
        for i, value in enumerate(values)
    ]


def _write_corpus(directory: Path, values: list[str], names: list[str]) -> list[Path]:
    records = _records(values, names)
    flat = [
        {"id": r["id"], "value": v, "note": r["note"]} for r, v in zip(records, values, strict=True)
    ]
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=["id", "value", "note"])
    writer.writeheader()
    writer.writerows(flat)
    paths = {
        "export.ndjson": "".join(
            json.dumps(r, ensure_ascii=i % 2 == 0) + "\n" for i, r in enumerate(records)
        ).encode(),
        "export.csv": buffer.getvalue().encode("utf-8"),
        "export-utf16.csv": buffer.getvalue().encode("utf-16"),
        "export.json": json.dumps(records).encode(),
        "export.xml": (
            "<export>"
            + "".join(
                f'<record id="{i}"><value>{html.escape(v)}</value></record>'
                for i, v in enumerate(values)
            )
            + "</export>"
        ).encode(),
        "export.ndjson.gz": gzip.compress(
            "".join(json.dumps(r) + "\n" for r in records).encode(), mtime=0
        ),
    }
    written = []
    for name, data in paths.items():
        path = directory / name
        path.write_bytes(data)
        written.append(path)
    archive = directory / "exports.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("a.csv", buffer.getvalue())
        zipped.writestr("b.ndjson", paths["export.ndjson"])
    return [*written, archive]


@pytest.fixture(scope="module")
def matchers():
    personas = _personas()
    return {
        engine: CanaryMatcher.for_personas(personas.values(), engine)
        for engine in (HYPERSCAN, AHO_CORASICK)
    }


@pytest.fixture(scope="module")
def corpus():
    return _values(_personas()), _niem_names()


def test_every_value_gives_the_same_hits(matchers, corpus):
    values, names = corpus
    for value in values + names:
        fast, fallback = (matchers[e].value_hits(value) for e in (HYPERSCAN, AHO_CORASICK))
        assert fast == fallback, value
    assert sum(bool(matchers[HYPERSCAN].value_hits(v)) for v in values) > len(values) // 2


def test_offsets_agree_on_ascii_bytes_and_any_text(matchers, corpus):
    values, _ = corpus
    text = "\n".join(values)
    folded = fold_text(text)
    assert not folded.isascii()
    fast = matchers[HYPERSCAN].offsets(folded)
    assert fast == matchers[AHO_CORASICK].offsets(folded)
    assert len(fast) > 1000
    ascii_folded = fold_text("\n".join(v for v in values if v.isascii()))
    assert matchers[HYPERSCAN].offsets(ascii_folded.encode("ascii")) == matchers[
        AHO_CORASICK
    ].offsets(ascii_folded)


@pytest.mark.usefixtures("forked_workers")
@pytest.mark.parametrize(
    ("workers", "every", "chunk_kib"),
    # Every fifth value (each wrapping of each form comes round in turn) keeps this quick. In
    # workers, which adds both matchers shipped to other processes, every tenth value in
    # smaller chunks: the forms are the first case's, and the files split into more chunks.
    [(1, 5, 64), (2, 10, 16)],
)
def test_every_file_gives_the_same_findings(
    tmp_path, matchers, corpus, monkeypatch, workers, every, chunk_kib
):
    monkeypatch.setattr(linescan, "CHUNK_BYTES", chunk_kib * 1024)
    monkeypatch.setattr(linescan, "default_workers", lambda: workers)
    total = 0
    values, names = corpus
    paths = _write_corpus(tmp_path, values[::every], names)
    if workers > 1:  # the line-oriented files in 8 chunks or more (every fifth in 64 KiB: 4-8)
        lines = [p for p in paths if p.name in ("export.ndjson", "export.csv", "export-utf16.csv")]
        assert min(p.stat().st_size // linescan.CHUNK_BYTES for p in lines) >= 8
    for path in paths:
        fast, fallback = (
            [(r.source, r.records, r.findings) for r in scan_path(matchers[e], path)]
            for e in (HYPERSCAN, AHO_CORASICK)
        )
        assert fast == fallback, path.name
        total += sum(len(findings) for *_, findings in fast)
    assert total > 1000


def test_the_environment_forces_the_fallback(monkeypatch):
    personas = _personas()
    monkeypatch.setenv(ENGINE_VARIABLE, AHO_CORASICK)
    assert CanaryMatcher.for_personas(personas.values()).engine == AHO_CORASICK
    monkeypatch.delenv(ENGINE_VARIABLE)
    assert CanaryMatcher.for_personas(personas.values()).engine == HYPERSCAN
    monkeypatch.setenv(ENGINE_VARIABLE, "grep")
    with pytest.raises(ValueError, match="unknown matching engine"):
        CanaryMatcher.for_personas(personas.values())


@pytest.mark.skipif(HYPERSCAN not in available(), reason="Hyperscan is not installed here")
def test_a_matcher_shipped_to_a_process_without_hyperscan_uses_what_it_has(monkeypatch):
    """A Spark executor on another platform: before, the shipped matcher refused to build."""
    import pickle

    import firewall_conformance.detect.engines as engines
    import firewall_conformance.detect.matcher as matcher_module

    personas = _personas()
    monkeypatch.delenv(ENGINE_VARIABLE, raising=False)
    chosen = CanaryMatcher.for_personas(personas.values())
    insisted = CanaryMatcher.for_personas(personas.values(), HYPERSCAN)
    value = next(iter(personas.values())).family_name
    expected = chosen.value_hits(value)
    assert expected
    shipped, shipped_insisted = pickle.loads(pickle.dumps((chosen, insisted)))
    monkeypatch.setattr(engines, "hyperscan", None)
    monkeypatch.setattr(matcher_module, "available", engines.available)
    assert shipped.value_hits(value) == expected
    assert shipped.engine == AHO_CORASICK
    with pytest.raises(ValueError, match="not installed"):
        shipped_insisted.value_hits(value)
