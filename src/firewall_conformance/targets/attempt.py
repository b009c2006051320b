"""What a target answered when the harness asked it to do something."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.targets.answers import Answer

A = TypeVar("A", bound=Answer)


@dataclass
class Attempt:
    """The target's answer: allowed or refused, the body, and what the harness read from it
    (`answer`, typed by the operation: targets/answers.py), which only an allowed one has."""

    allowed: bool
    status: str
    body: Any = None
    ids: list[str] = field(default_factory=list)
    answer: Answer | None = None
    # True only when the target answered that the thing asked for does not exist (a status
    # the profile lists as `missing_status`), never for a refusal: erasure is told apart
    # from restriction by it (FW-22).
    missing: bool = False
    # True only when the target would not take the value itself (a status the profile lists
    # as `rejected_status`: a name where a date is wanted), never for a refusal of the asker.
    rejected: bool = False
    # The answer's headers, as sent: a header can tell as much as a body (a count of matches).
    headers: dict[str, str] = field(default_factory=dict)
    # Why an accepted answer's values could not be read as the operation's answer (a list
    # where an id is wanted). What the system did still counts: a check that judges by the
    # acceptance alone can find a breach; one that needs the answer is told this.
    unread: str | None = None
    # Which client the answer was given to: "" the harness's first, else another client
    # (targets/client_identity.py) asked the same; answers are compared client by client.
    client: str = ""
    # The answer as sent where `body` holds only the part read from it (a search's results):
    # a count or flag beside the results can tell as much as they do (claims/existence.py).
    whole: Any = None

    def answer_as(self, kind: type[A]) -> A:
        """The answer as the operation's own type. An adapter that gave none, or another
        kind, leaves nothing the harness can read: Inconclusive, not a crash in a check."""
        if isinstance(self.answer, kind):
            return self.answer
        if self.unread is not None:
            raise Inconclusive(self.unread)
        given = (
            "no answer"
            if self.answer is None
            else f"an answer of another kind ({type(self.answer).__name__})"
        )
        raise Inconclusive(
            f"The adapter gave {given} where the harness reads a {kind.__name__} "
            f"(the target answered: {self.status})."
        )

    def accepted_answer(self, kind: type[A]) -> A | None:
        """The typed answer of an accepted attempt; None for a refusal, which has none."""
        return self.answer_as(kind) if self.allowed else None

    def readable_answer(self, kind: type[A]) -> A | None:
        """The typed answer if it could be read, else None: only for wording a verdict the
        acceptance alone has decided, never for deciding one."""
        return self.answer if isinstance(self.answer, kind) else None
