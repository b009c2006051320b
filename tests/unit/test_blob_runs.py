"""Where base64 or hex runs lie in a byte chunk: Hyperscan (where installed) finds exactly the
runs the mask-and-search fallback finds, on every shape of chunk, a chunk of nothing but runs
included (there Hyperscan gives up early and the fallback answers)."""

import base64
import random

import pytest

from firewall_conformance.detect import blob_runs, engines
from firewall_conformance.detect.linescan import survey
from firewall_conformance.detect.matcher import CanaryMatcher, Pattern

needs_hyperscan = pytest.mark.skipif(
    engines.HYPERSCAN not in engines.available(), reason="no Hyperscan wheel here"
)


def _chunks() -> list[bytes]:
    rng = random.Random(7)
    alphabet = blob_runs.ALPHABET + b' "{}:,.\n\r@='
    shaped = [
        b"",
        b"A" * 15,
        b"A" * 16,
        b"A" * 17 + b" " + b"b" * 16 + b"\n" + b"0123456789abcdef",
        b'{"blob": "' + base64.b64encode(bytes(range(200))) + b'"}\n',
        b"x" * 5000,  # one run past the point where Hyperscan gives up: the mask answers
        b"ab-cd_ef+gh/ij" * 30,
        (b"a" * 16 + b".") * 6000,  # windows past the limit, in many runs
    ]
    noise = [bytes(rng.choice(alphabet) for _ in range(rng.randrange(1, 3000))) for _ in range(60)]
    return shaped + noise


@needs_hyperscan
@pytest.mark.parametrize("chunk", _chunks())
def test_hyperscan_finds_the_runs_the_mask_finds(chunk):
    by_mask = blob_runs.masked_runs(chunk)
    assert blob_runs.hyperscan_runs(chunk) in (by_mask, None)
    assert blob_runs.runs(chunk) == by_mask


@needs_hyperscan
def test_hyperscan_gives_up_on_a_chunk_of_runs():
    assert blob_runs.windows_of(b"x" * (blob_runs.MOST_WINDOWS + 100)) is None


def test_each_run_once_with_its_start():
    chunk = b'{"a": "QUJDREVGR0hJSktMTU5PUA==", "b": "short", "c": "0123456789abcdef0"}\n'
    assert blob_runs.masked_runs(chunk) == [
        (7, b"QUJDREVGR0hJSktMTU5PUA"),
        (54, b"0123456789abcdef0"),
    ]


@pytest.mark.parametrize("engine", engines.available())
def test_the_survey_finds_an_encoded_value_with_either_engine(monkeypatch, engine):
    monkeypatch.setenv(engines.ENGINE_VARIABLE, engine)
    matcher = CanaryMatcher([("zekuruzo", Pattern("p", "victim", "family_name", True, "plain"))])
    hidden = base64.b64encode(b"family name: Zekuruzo, seen twice")
    chunk = b'{"a": 1}\n{"note": "' + hidden + b'"}\n{"b": 2}\n'
    assert survey(matcher, "ndjson", chunk).candidates == (1,)
