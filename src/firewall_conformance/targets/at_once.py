"""Asking at the same moment: a firewall that holds for one request at a time may not hold for
two.

A system that keeps who is asking in state shared between requests (a "current user" set when a
request arrives and read after it has waited on something, a pooled connection still holding
another account's session, a cache keyed without the account) answers each request right while
they come one at a time, which is how every other scenario asks, and may answer one account
with another's rights when their requests overlap. So the same searches are sent by both
accounts at once, released together, several times over.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
# Rounds of requests released together: a race lost in one round is won in another.
ROUNDS = 8
# How long a request waits for the others of its round to be ready; past it the round fails.
READY_SECONDS = 30.0


def at_the_same_moment(asks: Sequence[Callable[[], T]], rounds: int = ROUNDS) -> list[list[T]]:
    """Each round, every ask started together on a thread of its own (released by a barrier
    once all are ready); the answers of a round in the order of `asks`, a round a list. An ask
    that raises raises here once its round is over."""
    barrier = threading.Barrier(len(asks))

    def released(ask: Callable[[], T]) -> T:
        barrier.wait(READY_SECONDS)
        return ask()

    answers = []
    with ThreadPoolExecutor(max_workers=len(asks), thread_name_prefix="at-once") as pool:
        for _ in range(rounds):
            futures = [pool.submit(released, ask) for ask in asks]
            answers.append([future.result() for future in futures])
    return answers
