"""Asking once more after a refusal: a refusal that holds only the first time is no refusal.

Every scenario whose claim is a refusal (a status check, a disclosure, a search, opening a
record, an export for a barred purpose or to an unapproved recipient) makes its attempt through
here, so a system that refuses the first request and grants the second is seen. A read that was
answered (a search that withheld a victim) is read again too, since a withholding that holds
only the first time (an unfiltered answer cached from it) is no withholding either; a write
that went through is never repeated, as that would be a second act.

The reads FW-03 turns on are made once more from another kind of client (`from_another_client`),
so a system that keeps its firewall only for the harness's own client is seen too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from firewall_conformance.targets.attempt import Attempt

Answer = TypeVar("Answer")
ANOTHER_CLIENT = "another client"


def asked_again_if_refused(
    ask: Callable[[], Answer],
    refused: Callable[[Answer], bool],
    *,
    granted_on_retry: Callable[[Answer, Answer], None] = lambda first, again: None,
) -> Answer:
    """The answer to `ask`; when it was refused, the answer to asking the same again.

    The second answer is the one that counts: if it went through, the refusal did not hold
    (`granted_on_retry` is then told of both answers)."""
    first = ask()
    if not refused(first):
        return first
    again = ask()
    if not refused(again):
        granted_on_retry(first, again)
    return again


def _say_so(first: Attempt, again: Attempt) -> None:
    again.status = f"{again.status} when asked again after being {first.status}"


def attempt_twice(ask: Callable[[], Attempt]) -> Attempt:
    """`asked_again_if_refused` for an Attempt: a grant on the second asking says so in its
    status, so a reason quoting the status shows that the refusal did not hold."""
    return asked_again_if_refused(ask, lambda a: not a.allowed, granted_on_retry=_say_so)


def asked_twice(ask: Callable[[], Attempt]) -> list[Attempt]:
    """Every answer that counts to a read asked twice: a refusal asked again gives its second
    answer (`attempt_twice`), an answer given the first time is kept with the second."""
    first = attempt_twice(ask)
    return [first, ask()] if first.allowed else [first]


def from_another_client(ask: Callable[[], Attempt]) -> Attempt:
    """The answer to `ask` made from another kind of client (LiveSystem.as_another_client),
    saying so in its `client` and its status, which a reason quoting it shows."""
    attempt = ask()
    attempt.client = ANOTHER_CLIENT
    attempt.status = f"{attempt.status} from {ANOTHER_CLIENT}"
    return attempt
