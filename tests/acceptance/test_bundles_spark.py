"""Offline bundle runs with `--engine spark`: the same extract readings as the embedded reader
(on the test run's one Spark local[2] session), and the same verdicts through the command line.

One run goes through the command line in a process of its own, starting its own JVM (~15
CPU-s); every other Spark reading shares the session. That run and the refusals use no session,
so pytest-xdist may give them to another worker than the session's (tests/scheduling.py): the
bundles written again there (~1 CPU-s each) cost less than the JVM's run lengthening the
session's worker."""

from __future__ import annotations

import datetime as dt
import gzip
import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install '.[spark]')")

from firewall_conformance.offline.profile import (
    BundleRecipient,
    Extract,
    FlatMapping,
    Period,
    load_bundle_profile,
)
from firewall_conformance.offline.reading import (
    KEPT_FINDINGS,
    BundleMismatch,
    ExtractReading,
    read_extract,
)
from firewall_conformance.offline.spark_reading import read_extracts_with_spark
from tests.acceptance.conftest import QUICK, cli
from tests.acceptance.in_process import invoked

pytestmark = pytest.mark.slow

SALT = b"same salt for both readers"
SPARK = ("--engine", "spark", "--master", "local[2]")
DAY = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
CPS = BundleRecipient("cps", "prosecution", "Crown Prosecution Service")
SALTED = re.compile(r"salted hash [0-9a-f]+")
FLAT = FlatMapping("person_id", "role", ("nationality", "immigration_status"))


def _bundle(directory: Path, *options: str) -> Path:
    result = cli("reference", "export-bundle", str(directory), *options)
    assert result.code == 0, result.stderr
    return directory


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("bundles")
    return {
        "clean": _bundle(root / "clean"),
        "FW-01": _bundle(root / "fw01", "--reference-fault", "FW-01"),
    }


def _embedded(extracts: list[Extract]) -> list[ExtractReading]:
    return [read_extract(e, SALT) for e in extracts]


@pytest.mark.parametrize("bundle", ["clean", "FW-01"])
@pytest.mark.parametrize("splits_per_file", [None, 4])
def test_spark_reads_every_extract_as_the_embedded_reader_does(
    spark, bundles, bundle, splits_per_file
):
    profile = load_bundle_profile(bundles[bundle] / "bundle.yaml", bundles[bundle])
    embedded = _embedded(profile.extracts)
    distributed, notes = read_extracts_with_spark(spark, profile.extracts, SALT, splits_per_file)
    flat = [n for n, e in enumerate(profile.extracts) if e.format in ("csv", "ndjson")]
    assert len(flat) >= 4
    for n in flat:
        mine, theirs = distributed[n], embedded[n]
        assert (mine.records, mine.roles, mine.finding_count) == (
            theirs.records,
            theirs.roles,
            theirs.finding_count,
        ), mine.extract.name
        assert [(f.record, f.field) for f in mine.findings] == [
            (f.record, f.field) for f in theirs.findings
        ]
    assert distributed == embedded  # every field, XML extracts (read embedded) included
    assert sum(r.finding_count for r in embedded) > 0
    if bundle == "FW-01":
        assert any(r.finding_count and r.extract.recipient.restricted for r in embedded), (
            "the fault shows in an extract for immigration enforcement"
        )
    assert notes == [
        "Read by the embedded reader (XML documents are read whole, not split into lines): "
        + ", ".join(e.name for e in profile.extracts if e.format == "xml")
        + "."
    ]


def _extract(path: Path, fmt: str, encoding: str | None = None, n: int = 0) -> Extract:
    return Extract(path, path.name, CPS, DAY, fmt, FLAT, f"E-{n}", encoding, f"extracts[{n}]")


def _rows(count: int) -> list[tuple[str, str, str, str]]:
    roles = ("victim", "witness; suspect", "suspect", "Victim")
    return [
        (f"P-{k}", roles[k % 4], "Eritrean" if k % 3 else "", "overstayer" if k % 5 else "")
        for k in range(count)
    ]


def test_split_boundaries_the_findings_cap_quoted_line_breaks_and_gzip(spark, tmp_path):
    header = "person_id,role,nationality,immigration_status\n"
    many = tmp_path / "many.csv"
    many.write_text(header + "".join(",".join(r) + "\n" for r in _rows(600)), encoding="utf-8")
    quoted = tmp_path / "quoted.csv"
    quoted.write_text(
        header + "".join(f'{p},{r},"{n}\nline two",{s}\n' for p, r, n, s in _rows(300)),
        encoding="utf-8",
    )
    lines = "".join(
        f'{{"person_id": "{p}", "role": "{r}", "nationality": "{n}", "immigration_status": '
        f'"{s}"}}\n\n'
        for p, r, n, s in _rows(400)
    )
    (tmp_path / "zipped.ndjson.gz").write_bytes(gzip.compress(lines.encode()))
    latin = tmp_path / "latin.csv"
    latin.write_bytes((header + "P-1,victim,Érythréenne,\n").encode("latin-1"))
    broken = tmp_path / "broken.ndjson"
    broken.write_text(lines[:3000] + "{not json\n" + lines[3000:], encoding="utf-8")
    extracts = [
        _extract(many, "csv", n=0),
        _extract(quoted, "csv", n=1),
        _extract(tmp_path / "zipped.ndjson.gz", "ndjson", n=2),
        _extract(latin, "csv", n=3),
        _extract(broken, "ndjson", n=4),
    ]
    embedded = _embedded(extracts)
    distributed, notes = read_extracts_with_spark(spark, extracts, SALT, splits_per_file=6)
    assert distributed[:4] == embedded[:4]
    assert embedded[0].finding_count > KEPT_FINDINGS == len(embedded[0].findings)
    assert embedded[1].records == 300 and embedded[2].records == 400
    assert notes == ["Read by the embedded reader (not UTF-8; Spark reads UTF-8 only): latin.csv."]
    # An unreadable file is unreadable on both, at the same line.
    assert embedded[4].unreadable and distributed[4].unreadable == embedded[4].unreadable


def test_a_field_no_record_holds_is_the_same_mismatch(spark, tmp_path):
    path = tmp_path / "renamed.ndjson"
    path.write_text('{"person_id": "P-1", "involvement": "victim"}\n' * 50, encoding="utf-8")
    extracts = [_extract(path, "ndjson")]
    with pytest.raises(BundleMismatch) as embedded:
        _embedded(extracts)
    with pytest.raises(BundleMismatch) as distributed:
        read_extracts_with_spark(spark, extracts, SALT, splits_per_file=3)
    assert str(distributed.value) == str(embedded.value)
    assert "'role' (mapped as role)" in str(embedded.value)


# -- through the command line --------------------------------------------------------------


def _comparable(summary: dict) -> dict:
    """Verdicts, reasons and what was examined; not the hashes salted for each run."""
    return {
        "verdict": summary["verdict"],
        "examined": summary["examined"],
        "obligations": {
            o["id"]: (o["verdict"], SALTED.sub("salted hash", o["reason"]))
            for o in summary["obligations"]
        },
    }


def test_run_bundle_engine_spark_reaches_the_embedded_verdicts(bundles, tmp_path):
    """The one command-line Spark run: the bundle whose fault only Spark's reading can show.
    The clean bundle's run differs from it only in what is read, and the readings are the
    embedded reader's field for field (test_spark_reads_every_extract_as_the_embedded_reader_
    does); its embedded verdicts are test_bundles.py's."""
    embedded = cli("run", "--bundle", str(bundles["FW-01"]), *QUICK, reports=tmp_path / "e")
    spark = cli("run", "--bundle", str(bundles["FW-01"]), *SPARK, *QUICK, reports=tmp_path / "s")
    assert spark.code == embedded.code == 1, spark.stderr
    assert _comparable(spark.summary) == _comparable(embedded.summary)
    assert spark.verdicts["FW-01"] == "BREACH"
    notes = " ".join(spark.summary["notes"])
    assert "read split by split with Spark (master local[2])" in notes
    assert "Read by the embedded reader (XML documents" in notes


def test_a_header_mismatch_stops_a_spark_run_as_it_stops_an_embedded_one(
    spark_for_commands, bundles, tmp_path
):
    bundle = Path(shutil.copytree(bundles["clean"], tmp_path / "copy"))
    extract = next((bundle / "exports").glob("hoie-*.csv"))
    text = extract.read_text(encoding="utf-8")
    extract.write_text(text.replace("immigration_status", "status", 1), encoding="utf-8")
    embedded = cli("run", "--bundle", str(bundle), reports=tmp_path / "e")
    spark = invoked("run", "--bundle", str(bundle), *SPARK, reports=tmp_path / "s")
    assert spark.code == embedded.code == 3
    message = " ".join(spark.stderr.split())
    assert message.split("ERROR", 1)[1] == " ".join(embedded.stderr.split()).split("ERROR", 1)[1]
    assert "'immigration_status'" in message and "header" in message


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (("--engine", "spark"), "--engine spark applies to offline runs over an export bundle"),
        (("--master", "local[2]"), "--master applies to --engine spark only"),
    ],
)
def test_engine_options_outside_a_bundle_run_are_refused(options, expected, tmp_path):
    result = cli("run", *options, reports=tmp_path)
    assert result.code == 3
    assert expected in " ".join(result.stderr.split())


def test_without_java_a_spark_bundle_run_is_refused(bundles, tmp_path):
    env = {"JAVA_HOME": str(tmp_path)}
    result = cli("run", "--bundle", str(bundles["clean"]), *SPARK, reports=tmp_path, env=env)
    assert result.code == 3
    assert "needs Java" in " ".join(result.stderr.split())


def test_without_pyspark_a_spark_bundle_run_is_refused_with_how_to_install(bundles, tmp_path):
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "pyspark.py").write_text("raise ImportError('No module named pyspark')\n")
    env = {"PYTHONPATH": str(shadow)}
    result = cli("run", "--bundle", str(bundles["clean"]), *SPARK, reports=tmp_path, env=env)
    assert result.code == 3
    message = " ".join(result.stderr.split())
    assert "needs pyspark" in message and "firewall-conformance[spark]" in message
