"""Recording a target's outbound feeds for one scenario, through the recipient sink.

The target is pointed at a fresh sink, asked to push now if it can, and watched for the whole
of its declared window, since a later push counts as much as the first. A profile may declare
a quiet period to end the watch sooner: once every recorder has received something and nothing
more has arrived for that long. Clean-up (the target stops feeding the recorder, then the
recorder closes) is handed to the caller's `defer`, so it happens however the scenario ends.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from firewall_conformance.sink import RecipientSink
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


def record_feeds(
    target: Target, recipient_classes: Sequence[str], defer: Defer, problems: list[str]
) -> FeedRecording:
    """Register a recorder per recipient class, trigger a push, watch the window.

    Problems in stopping the feeds are appended to `problems` when the deferred clean-up runs.
    """
    window, quiet = target.outbound_window(), target.outbound_quiet()
    sink = RecipientSink(recipient_classes).start()
    defer(sink.stop)
    for recipient_class in recipient_classes:
        defer(lambda rc=recipient_class: problems.extend(target.clear_outbound_endpoint(rc)))
        target.set_outbound_endpoint(recipient_class, sink.url(recipient_class))
    triggered = target.trigger_outbound()
    sink.watch(window, quiet)
    return FeedRecording(sink, window, triggered, quiet)
