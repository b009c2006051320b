"""Starting Spark for a scan, only when asked for: pyspark is an optional extra and needs Java.

Executors run the interpreter that runs this (PYSPARK_PYTHON, unless set), so a local run uses
the same virtual environment. A run started by spark-submit keeps spark-submit's master and
settings; a local run is kept quiet and serves no web UI.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

INSTALL_HINT = "pip install 'firewall-conformance[spark]'"


class SparkEngineError(Exception):
    """The Spark engine cannot run here (pyspark or Java missing, Spark failed to start)."""


def _java_found() -> bool:
    home = os.environ.get("JAVA_HOME")
    if home:
        return (Path(home) / "bin" / "java").is_file()
    return shutil.which("java") is not None


def _submitted() -> bool:
    """True when spark-submit started this process (it hands over its gateway)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def failure_reason(exc: Exception) -> str:
    """The innermost Java cause of a failed Spark call, in one line (not the stack trace)."""
    cause = getattr(exc, "java_exception", None)
    while cause is not None and cause.getCause() is not None:
        cause = cause.getCause()
    text = str(cause.toString()) if cause is not None else str(exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


@contextmanager
def spark_session(master: str | None = None) -> Iterator[Any]:
    """A SparkSession for one scan, stopped afterwards; `master` as in spark-submit --master
    (default: spark-submit's, else local[*])."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkEngineError(
            f"the Spark engine needs pyspark, which is not installed: {INSTALL_HINT}"
        ) from exc
    if not _submitted() and not _java_found():
        raise SparkEngineError(
            "the Spark engine needs Java 17 or later, and none was found (set JAVA_HOME or put "
            "java on the PATH)"
        )
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("firewall-conformance scan")
    if master:
        builder = builder.master(master)
    if not _submitted() and (master is None or master.startswith("local")):
        builder = builder.config("spark.ui.enabled", "false")
    builder = (
        builder.config("spark.ui.showConsoleProgress", "false")
        .config("spark.log.level", "WARN")
        # Lines end at "\n" only, as in the embedded engine: a lone "\r" stays in its line.
        .config("spark.hadoop.textinputformat.record.delimiter", "\n")
    )
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # pyspark reports a failed start in several exception types
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SparkEngineError(f"Spark did not start: {first}") from exc
    try:
        yield spark
    finally:
        spark.stop()
