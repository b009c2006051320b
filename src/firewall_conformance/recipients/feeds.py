"""Recording a target's outbound feeds for one scenario, through the recipient sink.

The target is pointed at a fresh sink, asked to push now if it can, and watched for the whole
of its declared window, since a later push counts as much as the first. A profile may declare
a quiet period to end the watch sooner: once every recorder has received something and nothing
more has arrived for that long. Clean-up (the rest of the window waited out, the target stops
feeding the recorder, the recorder closes) is handed to the caller's `defer`, so it happens
however the scenario ends; the run defers it to its own end, so the recorders keep listening
to everything the target sends them while the rest of the run goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

from firewall_conformance.recipients.sink import Capture, RecipientSink
from firewall_conformance.targets.base import Target

Defer = Callable[[Callable[[], None]], None]


@dataclass(frozen=True)
class FeedRecording:
    """What the recorders received; `triggered` says whether the target was asked to push,
    `quiet_seconds` (None: watch the whole window) what may end the watch early."""

    sink: RecipientSink
    window_seconds: float
    triggered: bool
    quiet_seconds: float | None = None


@dataclass(frozen=True)
class WindowWait:
    """Deferred: wait until the recorders' window has passed (`ends`, on the monotonic
    clock), so the claims judging what arrived see a push made late in it. With no claim left
    to judge, the run skips it (RunSession.end_observations)."""

    ends: float

    def __call__(self) -> None:
        time.sleep(max(0.0, self.ends - time.monotonic()))


@dataclass
class HandOver:
    """Hands each push the recorders received to `received`, once: at the end every push, those
    still arriving among them; asked before (`so_far`), those whose body is in or cut off."""

    sink: RecipientSink
    recipient_classes: Sequence[str]
    received: Callable[[Capture], None]
    handed: set[int] = field(default_factory=set)

    def __call__(self) -> None:
        self._hand(every=True)

    def so_far(self) -> None:
        self._hand(every=False)

    def _hand(self, every: bool) -> None:
        for recipient_class in self.recipient_classes:
            for capture in self.sink.captures(recipient_class):
                if capture.sequence not in self.handed and (every or not capture.arriving):
                    self.handed.add(capture.sequence)
                    self.received(capture)


def record_feeds(
    target: Target,
    recipient_classes: Sequence[str],
    defer: Defer,
    problems: list[str],
    received: Callable[[Capture], None] | None = None,
    look_early: Defer | None = None,
) -> FeedRecording:
    """Register a recorder per recipient class, trigger a push, watch the window.

    The deferred clean-up first waits out whatever is left of the whole window (a push may come
    late), then stops the feeds (problems go to `problems`) and the recorders, and last hands
    every push the recorders received to `received`; `look_early` is given what hands over
    the pushes received so far, for a run that may judge them before its end.
    """
    window, quiet = target.outbound_window(), target.outbound_quiet()
    window_ends = time.monotonic() + window
    sink = RecipientSink(recipient_classes).start()
    if received is not None:
        hand_over = HandOver(sink, recipient_classes, received)
        defer(hand_over)
        if look_early is not None:
            look_early(hand_over.so_far)
    defer(sink.stop)
    for recipient_class in recipient_classes:
        defer(partial(_stop_feeding, target, recipient_class, problems))
        target.set_outbound_endpoint(recipient_class, sink.url(recipient_class))
    defer(WindowWait(window_ends))
    triggered = target.trigger_outbound()
    sink.watch(window, quiet)
    return FeedRecording(sink, window, triggered, quiet)


def _stop_feeding(target: Target, recipient_class: str, problems: list[str]) -> None:
    problems.extend(target.clear_outbound_endpoint(recipient_class))
