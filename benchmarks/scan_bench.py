"""Export-scanner benchmark: throughput, peak memory and recall against ripgrep.

Generates N-record NDJSON and CSV exports of synthetic police records, plants every variant
of K canary personas in a sample of records, scans both files with the embedded scanner (in a
child process, so its peak RSS is its own) and with `rg -F -i -f PATTERNS` on the same file
(when ripgrep is installed), then scans a clean file for false hits. The file is read once
before either tool is timed, so both read it from the page cache; with `--repeat N` each is
timed N times, taking turns to go first, and the medians are reported (with every run), CPU
seconds too (ripgrep's are its user and system time). Then it times status detection (`scan
FILE` without personas: immigration-status fields on victims and witnesses) on the same
files, where every record holds a nationality and so is a candidate, and on a
sparse NDJSON file where one record in 50 does (its case column named `case_id`: a column
holding a word of a status phrase, such as the `ref` of `case_reference`, makes every line a
candidate), in records per second on the worker processes it uses, with the peak RSS of all.
With `--both` it also times `scan FILE --personas` (both modes together) on the two exports.

    python benchmarks/scan_bench.py --records 1000000 [--personas 8] [--keep DIR] [--json]
        [--no-status] [--no-canary] [--both] [--data DIR] [--repeat N]
    python benchmarks/scan_bench.py --table [--sizes 1000000,3000000] [--data DIR] [--json]

`--table` runs every mode (the canary scan beside ripgrep, status detection, both together) at
each size and prints the speed issue's table in Markdown, a column per size, with the load
average before and after each; `--data DIR` there keeps each size's files in DIR/N for the next
run.

`--data DIR` reuses the files an earlier run with the same --records left with `--keep DIR`,
so old and new code can be timed on the same files. Peak RSS is sampled from /proc: the sum
over the scanning process and all its workers at the same moment. CPU seconds are those of the
scanning process and its workers together, the figure to trust on a shared machine.
With --json the last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from firewall_conformance.detect.batch import scan_files
from firewall_conformance.detect.linescan import default_workers
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.scan import scan_path
from firewall_conformance.detect.status import scan_status_path
from firewall_conformance.detect.variants import forms, persona_forms
from firewall_conformance.persons.personas import Persona, make_persona

COLUMNS = [
    "export_id",
    "case_reference",
    "offence",
    "role",
    "person_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "nationality",
    "phone",
    "email",
    "address",
    "note",
]
OFFENCES = [
    "Burglary",
    "Theft from a vehicle",
    "Criminal damage",
    "Assault",
    "Fraud by false representation",
]
PLANT_EVERY = 997
PLANTS_FILE = "plants.json"  # where each plant went, beside the files it went into


def make_personas(count: int, seed: int) -> list[Persona]:
    rng = random.Random(seed)
    roles = ["victim", "witness", "suspect"]
    return [make_persona(roles[i % 3], rng, label=f"persona {i + 1}") for i in range(count)]


def plantable(personas: list[Persona]) -> list[tuple[str, str, str, str]]:
    """(persona, attribute, variant, raw text) for every variant of every persona."""
    planted = []
    for persona in personas:
        values = persona.attributes()
        values["full_name"] = persona.full_name
        for attribute, value in values.items():
            if attribute in ("nationality", "immigration_status", "given_name"):
                continue
            for variant, text in forms(attribute, value):
                planted.append((persona.label, attribute, variant, text))
    return planted


def background(rng: random.Random, n: int) -> dict[str, str]:
    given = "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3)).title()
    family = "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(4)).title()
    return {
        "export_id": f"E-{n // 1000:06d}",
        "case_reference": f"XC/{rng.randrange(10**6):06d}/26",
        "offence": rng.choice(OFFENCES),
        "role": rng.choice(["victim", "witness", "suspect"]),
        "person_id": f"P-{rng.getrandbits(48):012x}",
        "given_name": given,
        "family_name": family,
        "date_of_birth": f"19{rng.randrange(40, 99)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
        "nationality": rng.choice(["British", "Irish", "Polish", "Romanian", "Indian"]),
        # Background people use the mobile drama range, as the reference system's do; planted
        # personas never do (persons/personas.py), so a phone number alone attributes.
        "phone": f"07700 {rng.randrange(900000, 901000)}",
        "email": f"{given.lower()}.{family.lower()}@example.net",
        "address": f"{rng.randrange(1, 300)} {family} Street, Exampleton XE{rng.randrange(1, 10)}",
        "note": rng.choice(["", "Reported online", "Follow-up booked", "Statement taken at scene"]),
    }


def sparse(directory: Path, records: int, seed: int) -> str:
    """An NDJSON file whose records hold a nationality one in 50, the rest no status field."""
    rng = random.Random(seed)
    path = directory / "sparse.ndjson"
    with path.open("w", encoding="utf-8") as stream:
        for n in range(1, records + 1):
            row = background(rng, n)
            row["case_id"] = row.pop("case_reference")
            if n % 50:
                del row["nationality"]
            stream.write(json.dumps(row) + "\n")
    return str(path)


def generate(
    directory: Path, records: int, planted: list[tuple[str, str, str, str]] | None, seed: int
) -> dict:
    """Write N-record NDJSON and CSV files; return where each plant went (line numbers)."""
    rng = random.Random(seed)
    ndjson_path, csv_path = directory / "export.ndjson", directory / "export.csv"
    plants: list[tuple[int, str, str, str]] = []
    with (
        ndjson_path.open("w", encoding="utf-8") as nd,
        csv_path.open("w", encoding="utf-8", newline="") as cs,
    ):
        writer = csv.DictWriter(cs, fieldnames=COLUMNS)
        writer.writeheader()
        for n in range(1, records + 1):
            row = background(rng, n)
            if planted and n % PLANT_EVERY == 0:
                persona, attribute, variant, text = planted[(n // PLANT_EVERY) % len(planted)]
                row["note"] = f"ref {text} checked"
                plants.append((n, persona, attribute, variant))
            nd.write(json.dumps(row) + "\n")
            writer.writerow(row)
    (directory / PLANTS_FILE).write_text(json.dumps(plants), encoding="utf-8")
    return {"ndjson": str(ndjson_path), "csv": str(csv_path), "plants": plants}


def planted_in(directory: Path) -> list[tuple[int, str, str, str]] | None:
    """Where each plant went in files an earlier run generated, as it wrote them down; None for
    files from before it did. Working it out again from today's forms would misplace every plant
    once a form is added (a recall of 0.52 on correct findings)."""
    path = directory / PLANTS_FILE
    if not path.exists():
        return None
    written = json.loads(path.read_text(encoding="utf-8"))
    return [(n, persona, attribute, variant) for n, persona, attribute, variant in written]


def _scan_child(path: str, personas: list[Persona], out: multiprocessing.Queue) -> None:
    matcher = CanaryMatcher.for_personas(personas)
    started = time.perf_counter()
    reports = list(scan_path(matcher, Path(path)))
    seconds = time.perf_counter() - started
    found = {(f.record, f.persona, f.attribute) for r in reports for f in r.findings}
    attributed = {(f.record, f.persona) for r in reports for f in r.findings if f.identifying}
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Surveying workers have exited by now; the largest of them, counted once per worker,
    # bounds what they held at the same time.
    worker_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out.put(
        {
            "seconds": seconds,
            "records": sum(r.records for r in reports),
            "found": sorted(found),
            "attributed": len(attributed),
            "supporting": sum(1 for r in reports for f in r.findings if not f.identifying),
            "bytes": sum(r.bytes for r in reports),
            "peak_rss_mb": (rss_kb + default_workers() * worker_kb) / 1024,
            "cpu_seconds": _cpu_seconds(),
            "main_rss_mb": rss_kb / 1024,
            "worker_rss_mb": worker_kb / 1024,
            "patterns": len(matcher),
        }
    )


def _status_child(path: str, out: multiprocessing.Queue) -> None:
    started = time.perf_counter()
    reports = list(scan_status_path(Path(path), b"bench-salt"))
    seconds = time.perf_counter() - started
    out.put(
        {
            "seconds": seconds,
            "cpu_seconds": _cpu_seconds(),
            "records": sum(r.records for r in reports),
            "findings": sum(len(r.findings) for r in reports),
        }
    )


def _both_child(path: str, personas: list[Persona], out: multiprocessing.Queue) -> None:
    matcher = CanaryMatcher.for_personas(personas)
    started = time.perf_counter()
    batch = scan_files([Path(path)], b"bench-salt", matcher)
    seconds = time.perf_counter() - started
    out.put(
        {
            "seconds": seconds,
            "cpu_seconds": _cpu_seconds(),
            "records": batch.records,
            "found": sorted(
                {(f.record, f.persona, f.attribute) for r in batch.canaries for f in r.findings}
            ),
            "status_findings": sum(len(r.findings) for r in batch.status),
            "patterns": len(matcher),
        }
    )


def both_in_child(path: str, personas: list[Persona]) -> dict:
    """`scan FILE --personas`: status detection and the canary scan of one file together."""
    return _in_child(_both_child, (path, personas))


def _cpu_seconds() -> float:
    """User and system time of this process and its workers (reaped by now)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def status_in_child(path: str) -> dict:
    """Status detection reads in the scan's worker processes: records per second on them all."""
    figures = _in_child(_status_child, (path,))
    figures["records_per_second"] = round(figures["records"] / figures["seconds"])
    figures["records_per_cpu_second"] = round(figures["records"] / figures["cpu_seconds"])
    figures["workers"] = default_workers()
    figures["records_per_second_per_core"] = round(
        figures["records_per_second"] / default_workers()
    )
    return figures


def scan_in_child(path: str, personas: list[Persona]) -> dict:
    return _in_child(_scan_child, (path, personas))


def _in_child(target, args: tuple) -> dict:
    queue: multiprocessing.Queue = multiprocessing.Queue()
    process = multiprocessing.get_context("fork").Process(target=target, args=(*args, queue))
    process.start()
    sampler = _TreeRss(process.pid)
    sampler.start()
    result = queue.get()
    process.join()
    sampler.stop()
    if sampler.peak_kb:
        result["peak_rss_mb"] = sampler.peak_kb / 1024
    return result


class _TreeRss(threading.Thread):
    """Samples the summed RSS of a process and all its descendants (Linux /proc)."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root, self.peak_kb, self._done = root, 0, threading.Event()

    def stop(self) -> None:
        self._done.set()
        self.join()

    def run(self) -> None:
        while not self._done.wait(0.05):
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(self.root))


def _tree_rss_kb(root: int) -> int:
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir() if Path("/proc/self/stat").exists() else ():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            statm = (entry / "statm").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        rss[int(entry.name)] = int(statm.split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(rss.get(pid, 0) for pid in tree)


def ripgrep(path: str, pattern_file: Path) -> tuple[float, float] | None:
    """Wall and CPU seconds (user and system) of `rg -F -i -c -f` on one file."""
    if shutil.which("rg") is None:
        return None
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        ["rg", "-F", "-i", "-c", "-f", str(pattern_file), path],
        stdout=subprocess.DEVNULL,
        check=False,
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, cpu


def warm(path: str) -> None:
    """Read a file once so both tools then read it from the page cache: timed cold, whichever
    runs first pays for the disk."""
    with open(path, "rb", buffering=0) as stream:
        while stream.read(16 * 1024**2):
            pass


def timed_rounds(
    path: str, personas: list[Persona], pattern_file: Path, repeat: int
) -> tuple[list[dict], list[tuple[float, float]]]:
    """`repeat` rounds of the scan and ripgrep on a warm file, taking turns to go first."""
    warm(path)
    scans, rgs = [], []
    for round_ in range(repeat):
        if round_ % 2:
            found = ripgrep(path, pattern_file)
            scans.append(scan_in_child(path, personas))
        else:
            scans.append(scan_in_child(path, personas))
            found = ripgrep(path, pattern_file)
        if found is not None:
            rgs.append(found)
    return scans, rgs


def recall(plants: list[tuple[int, str, str, str]], found: list, fmt: str) -> float:
    hits = {(line, persona, attribute) for line, persona, attribute in found}
    offset = 1 if fmt == "csv" else 0  # the CSV header is line 1
    got = sum(1 for n, persona, attribute, _ in plants if (n + offset, persona, attribute) in hits)
    return got / len(plants) if plants else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--personas", type=int, default=8)
    parser.add_argument(
        "--keep", type=Path, help="leave the generated exports and personas.json here"
    )
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    parser.add_argument("--no-status", action="store_true", help="time the canary scan only")
    parser.add_argument("--no-canary", action="store_true", help="time status detection only")
    parser.add_argument(
        "--both",
        action="store_true",
        help="also time status detection and the canary scan together (scan FILE --personas)",
    )
    parser.add_argument(
        "--data", type=Path, help="reuse the exports an earlier run left with --keep DIR"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="time the canary scan and ripgrep this many times each, and report the medians",
    )
    parser.add_argument(
        "--table",
        action="store_true",
        help="every mode at each of --sizes, then the issue's table in Markdown; --data DIR "
        "reuses DIR/N for N records where an earlier run left it, and generates it there if not",
    )
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[1_000_000, 3_000_000],
        help="record counts of --table, comma-separated (default 1000000,3000000)",
    )
    args = parser.parse_args()
    if not args.table:
        figures = measure(args, args.records, args.data, args.keep)
    else:
        args.both = True
        folder = args.data or args.keep
        by_size = {
            n: measure(args, n, folder / str(n) if folder else None, None) for n in args.sizes
        }
        print(issue_table(by_size))
        figures = {"sizes": by_size}
    if args.json:
        print(json.dumps(figures))
    sys.exit(0)


def measure(args: argparse.Namespace, records: int, data: Path | None, keep: Path | None) -> dict:
    """Every figure the options ask for, on N-record exports: those in `data` when an earlier
    run left them there (else generated there), or generated in `keep` or a temporary folder."""
    personas = make_personas(args.personas, seed=2026)
    planted = plantable(personas)
    reused = planted_in(data) if data is not None and (data / "export.ndjson").exists() else None
    directory = data or keep or Path(tempfile.mkdtemp(prefix="scan-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "personas.json").write_text(
        json.dumps(
            [
                {"label": p.label, "role": p.role, "street": p.street, **p.attributes()}
                for p in personas
            ],
            indent=2,
        )
    )
    figures: dict = {"records": records, "personas": args.personas, "cores": os.cpu_count()}
    figures["load_average_before"] = round(os.getloadavg()[0], 2)
    if reused is not None:
        generated = {
            "ndjson": str(directory / "export.ndjson"),
            "csv": str(directory / "export.csv"),
            "plants": reused,
        }
    else:
        generated = generate(directory, records, planted, seed=1)
    raw_patterns = sorted({text for *_, text in planted})
    figures["variant_patterns"] = len({t for p in personas for *_, t, _ in persona_forms(p)})
    pattern_file = directory / "patterns.txt"
    pattern_file.write_text("\n".join(raw_patterns) + "\n", encoding="utf-8")
    for fmt in () if args.no_canary else ("ndjson", "csv"):
        path = generated[fmt]
        scans, rgs = timed_rounds(path, personas, pattern_file, args.repeat)
        scan = sorted(scans, key=lambda s: s["seconds"])[len(scans) // 2]
        seconds = statistics.median([s["seconds"] for s in scans])
        rg_seconds = statistics.median([wall for wall, _ in rgs]) if rgs else None
        figures[fmt] = {
            "seconds": round(seconds, 3),
            "records_per_second": round(scan["records"] / seconds),
            "mb_per_second": round(scan["bytes"] / 1e6 / seconds, 1),
            "mb": round(scan["bytes"] / 1e6, 1),
            "peak_rss_mb": round(max(s["peak_rss_mb"] for s in scans), 1),
            "main_rss_mb": round(scan["main_rss_mb"], 1),
            "worker_rss_mb": round(scan["worker_rss_mb"], 1),
            "cpu_seconds": round(statistics.median([s["cpu_seconds"] for s in scans]), 2),
            "workers": default_workers(),
            "rg_seconds": round(rg_seconds, 3) if rg_seconds else None,
            "rg_cpu_seconds": round(statistics.median([cpu for _, cpu in rgs]), 2) if rgs else None,
            "ratio_vs_rg": round(seconds / rg_seconds, 2) if rg_seconds else None,
            "runs": [round(s["seconds"], 2) for s in scans],
            "rg_runs": [round(wall, 2) for wall, _ in rgs],
            "recall": round(min(recall(generated["plants"], s["found"], fmt) for s in scans), 4),
            "planted": len(generated["plants"]),
        }
        print(f"{fmt:>6}: {figures[fmt]}", flush=True)
    if shutil.which("rg") is None:
        print("ripgrep (rg) is not installed here: no ratio to it", flush=True)
    for fmt in ("ndjson", "csv") if args.both else ():
        both_figures(figures, fmt, generated, personas, args.repeat)
    sparse_file = directory / "sparse.ndjson"
    status_files = (
        {}
        if args.no_status
        else {
            **generated,
            "sparse": str(sparse_file)
            if reused is not None and sparse_file.exists()
            else sparse(directory, records, 2),
        }
    )
    for kind in ("ndjson", "csv", "sparse") if status_files else ():
        status = status_in_child(status_files[kind])
        figures[f"status_{kind}"] = {
            key: round(value, 3) if isinstance(value, float) else value
            for key, value in status.items()
        }
        print(f"status {kind:>6}: {figures[f'status_{kind}']}", flush=True)
    if not args.no_canary:
        canary_summary(figures, directory, records, personas)
    if not keep and not data:
        shutil.rmtree(directory)
    figures["load_average_after"] = round(os.getloadavg()[0], 2)
    return figures


def issue_table(by_size: dict[int, dict]) -> str:
    """The figures of each size as the speed issue's table (Markdown), a column per size."""
    sizes = sorted(by_size)
    rows = [
        ("canary scan, NDJSON: ratio to `rg -F -i -c -f`, same run", "≤ 1.0x", _ratio("ndjson")),
        ("canary scan, CSV: ratio to ripgrep", "—", _ratio("csv")),
        ("canary scan CPU s, NDJSON / CSV (ripgrep's)", "—", _canary_cpu),
        (
            "status detection, NDJSON, every record a candidate: records/s (per core; per CPU s)",
            "≥ 200 k on 2 cores",
            _status("ndjson"),
        ),
        ("status detection, CSV: records/s (per core; per CPU s)", "—", _status("csv")),
        ("status detection, sparse NDJSON (1 in 50)", "—", _status("sparse")),
        ("`scan FILE --personas` (both modes), NDJSON / CSV: s, CPU s", "—", _both),
        ("peak RSS, all processes: canary; status; both modes", "≤ 256 MB, flat", _rss),
        ("recall / false hits on a clean file", "1.0 / 0", _recall),
        ("load average (1 min) before → after", "quiet", _load),
    ]
    head = ["measure", "target", *(f"{n:,} records" for n in sizes)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, target, cell in rows:
        cells = [_or_dash(cell, by_size[n]) for n in sizes]
        lines.append("| " + " | ".join([name, target, *cells]) + " |")
    return "\n".join(lines)


def _or_dash(cell, figures: dict) -> str:
    try:
        return cell(figures)
    except (KeyError, TypeError):
        return "—"


def _ratio(fmt: str):
    def cell(f: dict) -> str:
        run = f[fmt]
        return f"{run['ratio_vs_rg']:.2f}x ({run['seconds']:.2f} s vs {run['rg_seconds']:.2f} s)"

    return cell


def _canary_cpu(f: dict) -> str:
    nd, cs = f["ndjson"], f["csv"]
    return f"{nd['cpu_seconds']} ({nd['rg_cpu_seconds']}) / {cs['cpu_seconds']} ({cs['rg_cpu_seconds']})"


def _status(kind: str):
    def cell(f: dict) -> str:
        run = f[f"status_{kind}"]
        return (
            f"{run['records_per_second'] / 1000:.1f} k on {run['workers']} "
            f"({run['records_per_second_per_core'] / 1000:.1f} k; "
            f"{run['records_per_cpu_second'] / 1000:.1f} k)"
        )

    return cell


def _both(f: dict) -> str:
    nd, cs = f["both_ndjson"], f["both_csv"]
    return f"{nd['seconds']:.2f}, {nd['cpu_seconds']} / {cs['seconds']:.2f}, {cs['cpu_seconds']}"


def _rss(f: dict) -> str:
    def peak(*keys: str) -> str:
        values = [f[k]["peak_rss_mb"] for k in keys if k in f]
        return f"{min(values):.0f}-{max(values):.0f}" if values else "—"

    return (
        f"{peak('ndjson', 'csv')}; {peak('status_ndjson', 'status_csv', 'status_sparse')}; "
        f"{peak('both_ndjson', 'both_csv')} MB"
    )


def _recall(f: dict) -> str:
    return f"{f['recall']} / {f['false_hits']} ({f['ndjson']['planted']:,} planted)"


def _load(f: dict) -> str:
    return f"{f['load_average_before']} → {f['load_average_after']}"


def both_figures(
    figures: dict, fmt: str, generated: dict, personas: list[Persona], repeat: int
) -> None:
    """`scan FILE --personas` timed `repeat` times on a warm file: the medians, the peak RSS."""
    warm(generated[fmt])
    runs = [both_in_child(generated[fmt], personas) for _ in range(repeat)]
    seconds = statistics.median([r["seconds"] for r in runs])
    cpu = statistics.median([r["cpu_seconds"] for r in runs])
    figures[f"both_{fmt}"] = {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 2),
        "records_per_cpu_second": round(runs[0]["records"] / cpu),
        "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs), 1),
        "status_findings": runs[0]["status_findings"],
        "recall": round(min(recall(generated["plants"], r["found"], fmt) for r in runs), 4),
        "patterns": runs[0]["patterns"],
        "runs": [round(r["seconds"], 2) for r in runs],
        "cpu_runs": [round(r["cpu_seconds"], 2) for r in runs],
    }
    print(f"both {fmt:>6}: {figures[f'both_{fmt}']}", flush=True)


def canary_summary(figures: dict, directory: Path, records: int, personas: list[Persona]) -> None:
    """False hits on a clean file, and the headline figures of the canary scan."""
    clean_dir = directory / "clean"
    clean_dir.mkdir(exist_ok=True)
    clean = generate(clean_dir, min(records, 200_000), None, seed=3)
    clean_scans = [scan_in_child(clean[fmt], personas) for fmt in ("ndjson", "csv")]
    false_hits = sum(s["attributed"] for s in clean_scans)
    figures["false_hits"] = false_hits
    figures["clean_supporting_hits"] = sum(s["supporting"] for s in clean_scans)
    head = figures["ndjson"]
    figures.update(
        {
            "seconds": head["seconds"],
            "rg_seconds": head["rg_seconds"],
            "ratio_vs_rg": head["ratio_vs_rg"],
            "peak_rss_mb": max(figures["ndjson"]["peak_rss_mb"], figures["csv"]["peak_rss_mb"]),
            "recall": min(figures["ndjson"]["recall"], figures["csv"]["recall"]),
        }
    )
    print(
        f"patterns: {figures['variant_patterns']}; on a clean file: {false_hits} false hits (records "
        f"attributed to a persona), {figures['clean_supporting_hits']} supporting-only hits (a shared "
        "date of birth, never attributed on its own)"
    )


if __name__ == "__main__":
    main()
