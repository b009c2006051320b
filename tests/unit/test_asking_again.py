"""A refusal must hold when asked again: the one place every refused attempt is repeated."""

from __future__ import annotations

from collections.abc import Callable

from firewall_conformance.targets.asking_again import (
    asked_again_if_refused,
    asked_twice,
    attempt_twice,
)
from firewall_conformance.targets.attempt import Attempt


def _answers(*allowed: bool) -> tuple[Callable[[], Attempt], list[Attempt]]:
    """A stand-in for a target call that answers in turn; records each answer it gave."""
    given: list[Attempt] = []
    queue = [Attempt(a, "accepted (200)" if a else "refused (403)") for a in allowed]

    def ask() -> Attempt:
        given.append(queue.pop(0))
        return given[-1]

    return ask, given


def test_an_accepted_attempt_is_not_repeated() -> None:
    ask, given = _answers(True, True)
    assert attempt_twice(ask).allowed
    assert len(given) == 1


def test_a_refusal_is_asked_again_and_a_held_refusal_is_the_answer() -> None:
    ask, given = _answers(False, False)
    answer = attempt_twice(ask)
    assert not answer.allowed and len(given) == 2
    assert answer.status == "refused (403)"


def test_a_refusal_that_gives_way_on_the_second_asking_counts_as_granted_and_says_so() -> None:
    ask, given = _answers(False, True)
    answer = attempt_twice(ask)
    assert answer.allowed and answer is given[1]
    assert answer.status == "accepted (200) when asked again after being refused (403)"


def test_any_answer_type_with_its_own_notion_of_refused() -> None:
    answers = iter([{"refused": True}, {"refused": False}])
    answer = asked_again_if_refused(lambda: next(answers), lambda a: a["refused"])
    assert answer == {"refused": False}


def test_a_read_answered_is_read_again_and_both_answers_are_kept() -> None:
    # Before: an answered read was never repeated, so a search that withholds a victim the
    # first time and serves a cached unfiltered answer the second was never seen.
    ask, given = _answers(True, True)
    assert asked_twice(ask) == given and len(given) == 2
    ask, given = _answers(False, False)
    assert asked_twice(ask) == [given[1]]
