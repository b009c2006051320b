"""How often a drawn family or street name turns up by chance in a clean export.

    python benchmarks/name_canary_false_hits.py [--draws 50000]

A family name and a street the harness draws each attribute a record alone, and the matcher
looks for them inside every folded field value, where words run together ("Wendle Yard" folds
to "wendleyard", which holds "Wendley"). This plants one case in the embedded reference system,
takes its clean exports and audit log (digit_canary_false_hits.py), leaves out that case's own
names, and counts how many of `--draws` drawn names were found there.
"""

from __future__ import annotations

import argparse
import random

import digit_canary_false_hits as clean

from firewall_conformance.detect.normalise import fold_value
from firewall_conformance.persons.name_lists import compound_name
from firewall_conformance.persons.personas import make_cast


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=50_000)
    args = parser.parse_args()
    cast = make_cast()
    clean.make_cast = lambda: cast  # the planted case, so its own names can be left out
    text = "\n".join(fold_value(v) for v in clean.clean_values())
    own = [fold_value(v) for p in cast.values() for v in (p.family_name, p.street)]
    rng = random.Random(11)
    names = [fold_value(compound_name(rng)) for _ in range(args.draws)]
    found = [n for n in names if n in text and not any(n in mine for mine in own)]
    print(f"{len(found)} of {len(names)} drawn names found in clean data: {sorted(set(found))}")


if __name__ == "__main__":
    main()
