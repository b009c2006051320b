"""Recipients the harness registers for a scenario: set up as asked, refused set-ups are
INCONCLUSIVE, and each is removed afterwards, a refused removal being reported."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, cast

import pytest

from firewall_conformance.model.outcomes import Inconclusive
from firewall_conformance.recipients import registration as recipient_setup
from firewall_conformance.targets.answers import RegisteredRecipient
from firewall_conformance.targets.attempt import Attempt
from firewall_conformance.targets.base import Target

ACCEPTED = Attempt(True, "accepted (200)")
REFUSED = Attempt(False, "refused (403)")


class Register:
    """A stand-in recipient register that answers each kind of request as told."""

    def __init__(self, **answers: Attempt) -> None:
        self.answers = answers
        self.asked: list[tuple[str, Any]] = []

    def _answer(self, kind: str, *args: Any, **kwargs: Any) -> Attempt:
        self.asked.append((kind, (args, kwargs)))
        return self.answers.get(kind, ACCEPTED)

    def register_recipient(self, name: str) -> Attempt:
        return self._answer("register", name)

    def remove_recipient(self, recipient_id: str) -> Attempt:
        return self._answer("remove", recipient_id)

    def approve_recipient(self, recipient_id: str, approver: str) -> Attempt:
        return self._answer("approve", recipient_id, approver)

    def certify_recipient(self, recipient_id: str, **signed: str) -> Attempt:
        return self._answer("certify", recipient_id, **signed)


def _setup(register: Register) -> tuple[Target, list[Callable[[], None]], list[str]]:
    return cast(Target, register), [], []


def test_a_recipient_is_registered_certified_for_a_year_and_removed_on_exit() -> None:
    register = Register(register=Attempt(True, "accepted (201)", answer=RegisteredRecipient("R-7")))
    target, on_exit, problems = _setup(register)
    recipient = recipient_setup.register(target, "the new recipient", on_exit.append, problems)
    assert recipient.id == "R-7" and recipient.name.endswith(" Community Safety Partnership")
    recipient_setup.certify(target, recipient, today=date(2026, 3, 1))
    assert recipient.certified_on == "2026-03-01"
    _, (_, signed) = register.asked[-1]
    assert signed["valid_until"] == "2027-03-01"
    recipient_setup.approve(target, recipient)
    assert recipient.approver is not None and recipient.approver.startswith("Chief Inspector ")
    (remove,) = on_exit
    remove()
    assert register.asked[-1] == ("remove", (("R-7",), {})) and problems == []


def test_a_refused_removal_is_reported_as_a_clean_up_problem() -> None:
    register = Register(
        register=Attempt(True, "accepted (201)", answer=RegisteredRecipient("R-8")), remove=REFUSED
    )
    target, on_exit, problems = _setup(register)
    recipient = recipient_setup.register(target, "the new recipient", on_exit.append, problems)
    on_exit[0]()
    assert problems == [f"the system refused to remove the test recipient {recipient.name}"]


@pytest.mark.parametrize("refused", ["register", "approve", "certify"])
def test_a_refused_set_up_is_inconclusive(refused: str) -> None:
    answers = {
        "register": Attempt(True, "accepted (201)", answer=RegisteredRecipient("R-9")),
        refused: REFUSED,
    }
    target, on_exit, problems = _setup(Register(**answers))
    with pytest.raises(Inconclusive, match="would not"):
        recipient = recipient_setup.register(target, "the recipient", on_exit.append, problems)
        recipient_setup.approve(target, recipient)
        recipient_setup.certify(target, recipient)


def test_an_answer_with_no_recipient_in_it_is_no_registration() -> None:
    target, on_exit, problems = _setup(Register(register=ACCEPTED))
    with pytest.raises(
        Inconclusive, match="no answer where the harness reads a RegisteredRecipient"
    ):
        recipient_setup.register(target, "the recipient", on_exit.append, problems)
    assert on_exit == []
