"""Which domain operations are acts the audit log must record, and the act each asking is.

Disclosures, exports and status checks are booked by the adapter's own methods; every other
act the log must record (an e-mail, a referral, an exceptional disclosure ...) goes through the
one domain primitive `operate`. One declaration (data/logged_operations.yaml) says which of
those operations are such acts, so `operate` books them all in one place and no scenario
books anything itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from firewall_conformance.audit.books import Act
from firewall_conformance.inputs.documents import load_yaml
from firewall_conformance.targets.attempt import Attempt

EVERY_OPERATION = "*"


@dataclass(frozen=True)
class LoggedOperation:
    """How an asking of one operation is booked: its log `kind`, the request values its entry
    must name, the request value naming its recipient, and the returned value (`only_if`)
    without which the system did not do the act at all."""

    kind: str
    names: tuple[str, ...] = ()
    recipient: str | None = None
    only_if: str | None = None

    def act(
        self, label: str, values: Mapping[str, Any], attempt: Attempt, bound_for: str | None
    ) -> Act | None:
        """The act one asking was, or None when it was none: the system answered that what was
        asked about does not exist, refused it, or said it did not do what `only_if` says.
        Accepted with an answer that does not say (unreadable, or silent on `only_if`), it is
        an act marked `uncertain`: one that may have been done is never left out of the books.
        `bound_for` is the id of the recipient the profile says the request reaches, if any."""
        if attempt.missing:
            return None
        uncertain = ""
        # `only_if` and `id` name fields of the operation's answer (a unit test holds them to it).
        if self.only_if:
            said = None if attempt.unread else getattr(attempt.answer, self.only_if, None)
            if said is None and attempt.allowed:
                uncertain = (
                    attempt.unread or f"the answer did not say whether it was {self.only_if}"
                )
            elif not said:
                return None
        own_id = getattr(attempt.answer, "id", None)
        names = [str(values[n]) for n in self.names if values.get(n) is not None]
        return Act(
            self.kind,
            label,
            refused=not attempt.allowed,
            recipient=str(values[self.recipient]) if self.recipient else bound_for,
            names_all=(*names, *([str(own_id)] if own_id else [])),
            uncertain=uncertain,
        )


def _path() -> Path:
    return Path(
        str(resources.files("firewall_conformance.data").joinpath("logged_operations.yaml"))
    )


@cache
def logged_operations() -> dict[str, dict[str, LoggedOperation]]:
    """The declaration, by capability and operation."""
    document = load_yaml(_path(), "logged_operations")
    return {
        capability: {
            operation: LoggedOperation(
                spec["kind"],
                tuple(spec.get("names", ())),
                spec.get("recipient"),
                spec.get("only_if"),
            )
            for operation, spec in operations.items()
        }
        for capability, operations in document["operations"].items()
    }


def logged_operation(capability: str, operation: str) -> LoggedOperation | None:
    """How an asking of `operation` is booked, or None when it is no act the log must record."""
    declared = logged_operations().get(capability, {})
    return declared.get(operation) or declared.get(EVERY_OPERATION)
