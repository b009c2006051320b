"""How often an all-digit planted value of n digits turns up by chance in a clean export.

    python benchmarks/digit_canary_false_hits.py [--lengths 6 7 8 9] [--draws 100000]

A target that validates a document number as digits only (`planted_formats:`) makes the
canary all digits, and the matcher looks for it inside every folded field value, where a
timestamp, an id or a reference is also a run of digits. This plants one case in the embedded
reference system, takes its clean CSV and NDJSON exports and its audit log, and counts, per
length, the distinct digit strings of that length the field values hold: the chance that one
random canary is among them, and how many of `--draws` random canaries actually were.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import tempfile
from pathlib import Path

from firewall_conformance.detect.normalise import fold_value
from firewall_conformance.detect.record import flatten_json
from firewall_conformance.persons.personas import make_cast
from firewall_conformance.reference.server import ReferenceServer
from firewall_conformance.run.runner import _credentials, reference_environment
from firewall_conformance.scenario_suite.files import reference_profile
from firewall_conformance.targets.http import HttpTarget
from firewall_conformance.targets.profile import load_profile

_DIGITS = re.compile(r"[0-9]+")


def _values(path: Path, fmt: str) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if fmt == "csv":
        return [cell for row in csv.reader(text.splitlines()) for cell in row]
    return [
        str(v) for line in text.splitlines() if line for _, v in flatten_json(json.loads(line), "$")
    ]


def clean_values() -> list[str]:
    """Every field value of the reference's clean exports and audit log, one case planted."""
    with ReferenceServer() as server, tempfile.TemporaryDirectory() as work:
        profile = load_profile(reference_profile()).with_base_url(server.base_url)
        target = HttpTarget(profile, _credentials(profile, reference_environment(server.tokens)))
        target.seed_case(list(make_cast().values()), "Assault", "A planted account.")
        values: list[str] = []
        for recipient in ("prosecution", "immigration-enforcement"):
            for fmt in ("csv", "ndjson"):
                export = target.export(recipient, fmt, Path(work))
                if export.path is not None:
                    values += _values(export.path, fmt)
        for entry in target._audit_raw(target.profile.capabilities["audit-log"]):
            values += [str(v) for _, v in flatten_json(entry, "$")]
        return values


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=[6, 7, 8, 9, 11])
    parser.add_argument("--draws", type=int, default=100_000)
    options = parser.parse_args()
    folded = [fold_value(v) for v in clean_values()]
    runs = [run for value in folded for run in _DIGITS.findall(value)]
    print(f"{len(folded)} field values, {len(runs)} digit runs, longest {max(map(len, runs))}")
    rng = random.Random(0)
    for n in options.lengths:
        held = {run[i : i + n] for run in runs for i in range(len(run) - n + 1)}
        draws = [f"{rng.randrange(10**n):0{n}d}" for _ in range(options.draws)]
        hits = sum(d in held for d in draws)
        print(
            f"{n} digits: {len(held)} distinct strings held, chance per canary "
            f"{len(held) / 10**n:.2e}; {hits} of {options.draws} random canaries found"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
