"""How often planted values' disguised forms attribute ordinary English text by chance.

    python benchmarks/english_chance_hits.py [--megabytes 20] [--personas 3000] [--seed 7]

A scan folds text (case, spaces and punctuation dropped), so a pattern made only of letters
(a name reversed, in ROT13, in another shift) can turn up across words of prose. This writes
`--megabytes` of English-like text, a chain of word pairs taken from the repository's own
prose (README.md, features/ and the docstrings and comments of src/), as NDJSON notes, draws
`--personas` planted people, scans the text for them in batches through the export scanner,
and counts the people a finding attributes a record to: every one is false, as nobody was
planted in the text. A cast plants three people, so the chance that a cast's scan of 100 MB
attributes something falsely is 1 - (1 - p) ** (3 * 100 MB / size), p being the share of the
people drawn that were attributed. Prose repeats its phrases, so one attributed person is
often found on many lines; the people count, not the lines.

    python benchmarks/english_chance_hits.py --words [--draws 30000]

counts instead, by form and length, the scrambles (backwards, ROT13, the substitutions) of
every listed given name and of `--draws` drawn family names that the folded prose holds
anywhere, and those it holds as a run of one to four whole words: what a scramble's hit
met across words and on word boundaries only would find.
"""

from __future__ import annotations

import argparse
import codecs
import io
import itertools
import json
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import ahocorasick

from firewall_conformance.detect import variants
from firewall_conformance.detect.linescan import scan_lines
from firewall_conformance.detect.matcher import CanaryMatcher
from firewall_conformance.detect.normalise import fold_value
from firewall_conformance.detect.substitutions import substituted_forms
from firewall_conformance.persons.name_lists import compound_name, given_names
from firewall_conformance.persons.personas import ROLES, make_persona

ROOT = Path(__file__).resolve().parent.parent
CAST = 3
BATCH = 250
SCRAMBLED = ("reversed", "rot13")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[,.;:]?")


def _prose() -> list[str]:
    texts = [(ROOT / "README.md").read_text("utf-8")]
    texts += [p.read_text("utf-8") for p in sorted((ROOT / "features").glob("*.feature"))]
    texts += [p.read_text("utf-8") for p in sorted((ROOT / "src").rglob("*.py"))]
    return [w for text in texts for w in _WORD.findall(text)]


def english_like(megabytes: float, rng: random.Random) -> bytes:
    """NDJSON notes of prose chained word to word as the repository's prose pairs them."""
    words = _prose()
    following: dict[str, list[str]] = defaultdict(list)
    for first, second in itertools.pairwise(words):
        following[first].append(second)
    out, size, word, record = io.StringIO(), 0, rng.choice(words), 0
    while size < megabytes * 1_000_000:
        note = []
        for _ in range(rng.randrange(20, 80)):
            word = rng.choice(following.get(word) or words)
            note.append(word)
        record += 1
        line = json.dumps({"id": record, "note": " ".join(note)}) + "\n"
        out.write(line)
        size += len(line)
    return out.getvalue().encode("utf-8")


def _scrambles(value: str) -> Iterator[tuple[str, str]]:
    folded = fold_value(value)
    yield "reversed", folded[::-1]
    yield "rot13", codecs.encode(folded, "rot13")
    for variant, text in substituted_forms(value):
        yield variant.split()[0], text


def words(draws: int, rng: random.Random) -> None:
    """Scrambles of names met in the prose anywhere and as whole words, by form and length."""
    prose = [w for w in map(fold_value, _prose()) if w]
    runs = {"".join(prose[at : at + n]) for n in range(1, 5) for at in range(len(prose) - n)}
    folded = "".join(prose)
    drawn = {compound_name(rng) for _ in range(draws)}
    for label, names in (("given names", set(given_names())), (f"{len(drawn)} drawn", drawn)):
        forms = defaultdict(set)
        for name in names:
            for variant, text in _scrambles(name):
                forms[text].add((variant, len(text), name))
        automaton = ahocorasick.Automaton()
        for text in forms:
            automaton.add_word(text, text)
        automaton.make_automaton()
        anywhere = {text for _, text in automaton.iter(folded)}
        total: Counter[tuple[str, int]] = Counter()
        met: dict[str, Counter[tuple[str, int]]] = {"anywhere": Counter(), "whole words": Counter()}
        for text, kinds in forms.items():
            for variant, length, _ in kinds:
                total[variant, length] += 1
                met["anywhere"][variant, length] += text in anywhere
                met["whole words"][variant, length] += text in runs
        print(f"{label}, scrambles met in {len(folded) / 1e6:.1f} MB of folded prose:")
        for where, counts in met.items():
            shown = {f"{v} {n}": f"{c}/{total[v, n]}" for (v, n), c in sorted(counts.items()) if c}
            print(f"  {where}: {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20)
    parser.add_argument("--personas", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--weak-floor",
        type=int,
        help="look for scrambled forms this short (variants.MIN_SCRAMBLED_LENGTH), to measure it",
    )
    parser.add_argument(
        "--text", type=Path, help="scan this file, written here first if missing (old and new code)"
    )
    parser.add_argument("--words", action="store_true", help="count scrambles met as words")
    parser.add_argument("--draws", type=int, default=30_000)
    args = parser.parse_args()
    if args.words:
        words(args.draws, random.Random(args.seed))
        return
    if args.weak_floor is not None:
        variants.MIN_SCRAMBLED_LENGTH = args.weak_floor
    rng = random.Random(args.seed)
    if args.text and args.text.exists():
        text = args.text.read_bytes()
    else:
        text = english_like(args.megabytes, rng)
        if args.text:
            args.text.write_bytes(text)
    people = [make_persona(ROLES[n % 3], rng, label=f"person {n}") for n in range(args.personas)]
    named = {p.label: p for p in people}
    by_form: dict[str, set[str]] = defaultdict(set)
    lines: Counter[str] = Counter()
    # Given names attribute nothing, but their scrambles show how short a weak form may be.
    given: dict[int, set[str]] = defaultdict(set)
    for at in range(0, len(people), BATCH):
        matcher = CanaryMatcher.for_personas(people[at : at + BATCH])
        scan = scan_lines(matcher, io.BytesIO(text), "ndjson", "prose", "utf-8", workers=1)
        for finding in scan.findings:
            if finding.attribute == "given_name" and finding.variant in SCRAMBLED:
                name = named[finding.persona].given_name
                given[len(name)].add(f"{name} {finding.variant}")
            if finding.identifying:
                value = getattr(named[finding.persona], finding.attribute, "")
                by_form[finding.variant].add(finding.persona)
                lines[f"{finding.attribute} {finding.variant} {value!r}"] += 1
    attributed = set().union(*by_form.values())
    times = CAST * 100_000_000 / len(text)
    chance = 1 - (1 - len(attributed) / len(people)) ** times
    print(f"{len(text) / 1e6:.1f} MB of English-like text, {len(people)} planted people drawn")
    print(f"people falsely attributed: {len(attributed)}; lines: {sum(lines.values())}")
    for form, persons in sorted(by_form.items()):
        share = 1 - (1 - len(persons) / len(people)) ** times
        print(f"  {form}: {len(persons)} people, chance per cast and 100 MB {share:.1%}")
    print(f"chance of a false attribution per cast of {CAST} and 100 MB: {chance:.1%}")
    for example, count in lines.most_common(30):
        print(f"   {example}: {count} lines")
    print("given names whose scramble was found, by length:")
    for length, names in sorted(given.items()):
        print(f"  {length}: {sorted(names)}")
    print(json.dumps({"attributed": len(attributed), "chance_per_cast_per_100MB": chance}))


if __name__ == "__main__":
    main()
