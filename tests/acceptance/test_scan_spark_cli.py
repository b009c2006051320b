"""`scan --engine spark`: the comparison a user repeats by hand on the benchmark's exports, and
the clear refusals when Spark cannot run. The comparison's Spark scan is invoked in this process
on the test run's one Spark session (tests/conftest.py, `spark_for_commands`): a command
starting its own JVM is proved once, by test_bundles_spark.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.acceptance.conftest import cli
from tests.acceptance.in_process import invoked

pytestmark = pytest.mark.slow

BENCH = Path(__file__).parents[2] / "benchmarks" / "scan_bench.py"


def _findings(document: dict) -> dict:
    """Everything but the per-run salted hash and the text encoding (Spark drops a BOM unseen)."""
    for report in document["status"]:
        for finding in report["findings"]:
            finding.pop("value_hash")
    for report in document["canaries"]:
        report.pop("encoding")
    return document


def test_spark_and_embedded_agree_on_the_benchmark_exports(spark_for_commands, tmp_path):
    kept = tmp_path / "bench"
    subprocess.run(
        [sys.executable, str(BENCH), "--records", "1000", "--keep", str(kept)],
        check=True,
        capture_output=True,
    )
    exports = [str(p) for p in sorted(kept.glob("*.ndjson")) + sorted(kept.glob("*.csv"))]
    personas = ["--personas", str(kept / "personas.json"), "--format", "json"]
    embedded = cli("scan", *personas, *exports)
    spark = invoked("scan", "--engine", "spark", "--master", "local[2]", *personas, *exports)
    assert embedded.code == spark.code == 1, spark.stderr
    assert _findings(json.loads(spark.stdout)) == _findings(json.loads(embedded.stdout))


def test_without_pyspark_the_spark_engine_is_refused_with_how_to_install(tmp_path):
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "pyspark.py").write_text("raise ImportError('No module named pyspark')\n")
    export = tmp_path / "e.ndjson"
    export.write_text('{"a": 1}\n')
    result = cli("scan", "--engine", "spark", str(export), env={"PYTHONPATH": str(shadow)})
    assert result.code == 3
    assert "needs pyspark" in result.stderr and "firewall-conformance[spark]" in result.stderr


def test_without_java_the_spark_engine_is_refused(tmp_path):
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install '.[spark]')")
    export = tmp_path / "e.ndjson"
    export.write_text('{"a": 1}\n')
    result = cli("scan", "--engine", "spark", str(export), env={"JAVA_HOME": str(tmp_path)})
    assert result.code == 3
    assert "needs Java 17 or later" in result.stderr


def test_what_spark_does_not_read_is_refused_before_it_starts(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text("<a/>")
    result = cli("scan", "--engine", "spark", str(feed))
    assert result.code == 3 and "embedded engine only" in result.stderr
    result = cli("scan", "--master", "local[2]", str(feed))
    assert result.code == 3 and "--master applies to --engine spark only" in result.stderr
    result = cli("scan", "--engine", "spark", "--encoding", "latin-1", str(feed))
    assert result.code == 3 and "UTF-8 only" in result.stderr
