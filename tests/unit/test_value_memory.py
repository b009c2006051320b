"""A canary matcher works out each short value once: an offence, a role or a nationality recurs
record after record, and each was decoded and matched again for every candidate line. Free text
is seldom seen twice and is not remembered; the memory is bounded and not shipped to workers."""

import pickle

from firewall_conformance.detect import matcher as matcher_module
from firewall_conformance.detect.matcher import CanaryMatcher, Pattern

PATTERN = Pattern("p", "victim", "family_name", True, "plain")


def _counting(monkeypatch) -> list[str]:
    seen: list[str] = []
    decoded_views = matcher_module.decoded_views

    def counted(value: str):
        seen.append(value)
        return decoded_views(value)

    monkeypatch.setattr(matcher_module, "decoded_views", counted)
    return seen


def test_a_short_value_is_worked_out_once(monkeypatch):
    seen = _counting(monkeypatch)
    matcher = CanaryMatcher([("zekuruzo", PATTERN)])
    first = matcher.value_hits("Ms Zekuruzo")
    assert matcher.value_hits("Ms Zekuruzo") == first == [PATTERN]
    assert matcher.value_hits("Assault") == matcher.value_hits("Assault") == []
    assert seen == ["Ms Zekuruzo", "Assault"]


def test_free_text_is_not_remembered(monkeypatch):
    seen = _counting(monkeypatch)
    matcher = CanaryMatcher([("zekuruzo", PATTERN)])
    note = "Statement taken at the scene from Ms Zekuruzo, who asked for an interpreter " * 2
    first = matcher.value_hits(note)
    assert PATTERN in first and matcher.value_hits(note) == first
    assert seen == [note, note]


def test_the_memory_is_bounded_and_not_pickled(monkeypatch):
    monkeypatch.setattr(matcher_module, "VALUES_REMEMBERED", 3)
    seen = _counting(monkeypatch)
    matcher = CanaryMatcher([("zekuruzo", PATTERN)])
    for value in ("a", "b", "c", "d", "d"):
        matcher.value_hits(value)
    assert seen == ["a", "b", "c", "d", "d"]
    shipped = pickle.loads(pickle.dumps(matcher))
    assert shipped.value_hits("a") == []
    assert seen[-1] == "a"
