"""Requests released together (targets/at_once.py)."""

from __future__ import annotations

import threading
import time

import pytest

from firewall_conformance.targets.at_once import at_the_same_moment


def test_each_round_runs_every_ask_at_once_and_keeps_their_order() -> None:
    running, most = 0, 0
    lock = threading.Lock()

    def ask(name: str) -> str:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return name

    rounds = at_the_same_moment([lambda: ask("a"), lambda: ask("b"), lambda: ask("c")], rounds=3)
    assert rounds == [["a", "b", "c"]] * 3
    assert most == 3


def test_an_ask_that_raises_raises_once_its_round_is_over() -> None:
    finished = []

    def slow() -> str:
        time.sleep(0.05)
        finished.append("slow")
        return "slow"

    def failing() -> str:
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        at_the_same_moment([failing, slow], rounds=1)
    assert finished == ["slow"]
