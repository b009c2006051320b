"""Mutation score: how many realistic vendor bugs (mutants) the suite catches.

    python benchmarks/mutation_score.py [--json] [--workers N] [--only NAME ...] [--explain]

Each mutant wraps the reference system from the outside; the whole suite runs against it as a
real command-line run. Killed: the run is not CONFORMANT and an obligation the mutant should
breach is BREACH (or INCONCLUSIVE: "killed (inconclusive)"). Survived: the run is CONFORMANT.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from firewall_conformance.reference.mutants import MUTANTS
from firewall_conformance.reference.mutants.scoring import (
    CAUGHT_ELSEWHERE,
    KILLED,
    KILLED_INCONCLUSIVE,
    SURVIVED,
    MutantRun,
    run_all,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--workers", type=int, default=2, help="runs at a time (default 2)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these mutants")
    parser.add_argument(
        "--explain", action="store_true", help="list the mutants declared unobservable, and why"
    )
    args = parser.parse_args()
    if args.explain:
        for m in MUTANTS.values():
            if m.unobservable:
                print(f"{m.name} ({', '.join(m.breaches)}): {m.unobservable}")
        return 0
    unknown = [n for n in args.only or () if n not in MUTANTS]
    if unknown:
        parser.error(f"unknown mutant(s): {', '.join(unknown)}")
    started = time.monotonic()
    runs = run_all(
        args.only,
        args.workers,
        on_done=None
        if args.json
        else lambda r: print(f"{r.status:>22}  {r.mutant.name}", file=sys.stderr),
    )
    seconds = time.monotonic() - started
    if args.json:
        print(
            json.dumps(
                {"seconds": round(seconds, 1), "runs": [r.as_dict() for r in runs]}, indent=2
            )
        )
    else:
        report(runs, seconds, args.workers)
    return 0


def report(runs: list[MutantRun], seconds: float, workers: int) -> None:
    observable = [r for r in runs if not r.mutant.unobservable]
    killed = [r for r in observable if r.status in (KILLED, KILLED_INCONCLUSIVE)]
    print(
        f"Mutation score: {len(killed)} / {len(observable)} observable mutants killed "
        f"({sum(r.status == KILLED_INCONCLUSIVE for r in killed)} of them inconclusive); "
        f"{len(runs)} runs in {seconds:.0f} s, {workers} at a time"
    )
    for title, chosen in (
        ("Survivors (run CONFORMANT)", [r for r in observable if r.status == SURVIVED]),
        (
            "Caught, but not through the obligations they should breach",
            [r for r in runs if r.status == CAUGHT_ELSEWHERE],
        ),
        (
            "Errors",
            [
                r
                for r in runs
                if r.status not in (KILLED, KILLED_INCONCLUSIVE, SURVIVED, CAUGHT_ELSEWHERE)
            ],
        ),
    ):
        if chosen:
            print(f"\n{title}:")
        for r in chosen:
            print(f"  {r.mutant.name} [{r.mutant.kind}]: run {r.run_verdict}; {r.why()}")
            print(f"    {r.mutant.description}")
            print(f"    obligations: {' '.join(f'{o}={v}' for o, v in r.verdicts.items())}")
    unexpected = [r for r in runs if r.unexpected]
    if unexpected:
        print("\nBroke an obligation it was not declared to breach:")
        for r in unexpected:
            print(f"  {r.mutant.name}: {', '.join(f'{o} {v}' for o, v in r.unexpected.items())}")
    hidden = [r for r in runs if r.mutant.unobservable]
    if hidden:
        print("\nDeclared unobservable (not counted):")
        for r in hidden:
            print(f"  {r.mutant.name}: run {r.run_verdict}; {r.mutant.unobservable}")


if __name__ == "__main__":
    sys.exit(main())
