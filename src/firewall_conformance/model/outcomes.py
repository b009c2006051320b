"""Typed outcomes a check can raise, so "the system does not comply" never mixes with
"the harness could not tell".

A Breach is an AssertionError (Allure and pytest show it as a failure); everything else that
goes wrong is, at best, inconclusive.
"""

from __future__ import annotations


class Breach(AssertionError):
    """The target was seen to violate an obligation. The message is plain English."""


class Inconclusive(Exception):
    """The run could not establish compliance either way (a positive control failed,
    the target errored, nothing was examined). The message is plain English."""


class CapabilityMissing(Exception):
    """The target profile does not provide a capability a scenario needs: NOT TESTED."""

    def __init__(self, capability: str, detail: str = "") -> None:
        self.capability = capability
        text = f"the target profile does not provide the '{capability}' capability"
        super().__init__(f"{text} ({detail})" if detail else text)
