"""Spark engine benchmark: records per second, embedded engine against Spark, on the same input.

For each size, writes the same NDJSON and CSV exports as scan_bench.py (planted personas
included), scans them with the embedded engine (`scan_files`, as `scan` does: status data and
canaries) and with `--engine spark` on a warm session, checks that both found the same, and
prints the figures. Spark's start-up is timed on its own: on one machine it is a fixed cost
the embedded engine does not pay.

    python benchmarks/spark_bench.py --records 100000 1000000 [--master local[2]] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from scan_bench import generate, make_personas, plantable

from firewall_conformance.detect.batch import scan_files
from firewall_conformance.detect.linescan import default_workers
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.spark.engine import scan_with_spark
from firewall_conformance.detect.spark.session import spark_session


def _cores(master: str) -> int:
    inside = master.removeprefix("local[").removesuffix("]")
    return os.cpu_count() or 1 if inside in ("*", "local") else int(inside)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--personas", type=int, default=8)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    args = parser.parse_args()

    personas = make_personas(args.personas, seed=2026)
    matcher = CanaryMatcher.for_personas(personas)
    salt = secrets.token_bytes(16)
    cores = _cores(args.master)
    figures: dict = {"master": args.master, "cores": os.cpu_count(), "sizes": []}
    started = time.perf_counter()
    with spark_session(args.master) as spark:
        figures["spark_start_seconds"] = round(time.perf_counter() - started, 1)
        print(f"Spark {spark.version} started in {figures['spark_start_seconds']} s", flush=True)
        for records in args.records:
            directory = Path(tempfile.mkdtemp(prefix="spark-bench-"))
            made = generate(directory, records, plantable(personas), seed=1)
            paths = [Path(made["ndjson"]), Path(made["csv"])]
            size = {"records": 2 * records, "mb": round(sum(p.stat().st_size for p in paths) / 1e6)}

            began = time.perf_counter()
            embedded = scan_files(paths, salt, matcher)
            size["embedded_seconds"] = round(time.perf_counter() - began, 2)

            began = time.perf_counter()
            distributed = scan_with_spark(spark, [str(p) for p in paths], salt, matcher)
            size["spark_seconds"] = round(time.perf_counter() - began, 2)

            same = distributed.status == embedded.status and distributed.canaries == [
                replace(r, encoding="utf-8") for r in embedded.canaries
            ]
            size["identical_findings"] = same and distributed.unreadable == embedded.unreadable
            size["findings"] = embedded.findings
            for engine, workers in (("embedded", default_workers()), ("spark", cores)):
                rate = size["records"] / size[f"{engine}_seconds"]
                size[f"{engine}_records_per_second"] = round(rate)
                size[f"{engine}_records_per_second_per_core"] = round(rate / workers)
            size["spark_with_start_records_per_second"] = round(
                size["records"] / (size["spark_seconds"] + figures["spark_start_seconds"])
            )
            print(json.dumps(size), flush=True)
            figures["sizes"].append(size)
            shutil.rmtree(directory)
    if args.json:
        print(json.dumps(figures))
    sys.exit(0 if all(s["identical_findings"] for s in figures["sizes"]) else 1)


if __name__ == "__main__":
    main()
