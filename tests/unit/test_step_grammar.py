"""The suite's sentence forms: a phrase in a form's slot is read by its table, with its words
converted and the scenario's fixtures handed to what it means; a phrase the table does not hold,
or holds twice, fails with a plain reason instead of matching no step."""

from __future__ import annotations

from typing import Any

import pytest

from steps.grammar import Table


class Fixtures:
    """Stands in for pytest's fixture request: the scenario's fixtures by name."""

    def __init__(self, **fixtures: Any) -> None:
        self.fixtures = fixtures

    def getfixturevalue(self, name: str) -> Any:
        return self.fixtures[name]


def _table() -> tuple[Table, list[tuple[str, Any]]]:
    table, heard = Table("Then the audit log records …"), []

    @table.phrase(r"each e-mail to (?P<recipient>immigration enforcement)")
    def mails(recipient: str, state: str) -> None:
        heard.append((recipient, state))

    @table.phrase(r"the signposting")
    def signposting() -> None:
        heard.append(("signposting", None))

    return table, heard


def test_a_phrase_is_read_with_its_words_converted_and_the_fixtures_it_names() -> None:
    table, heard = _table()
    table("each e-mail to immigration enforcement")(Fixtures(state="S"))  # type: ignore[arg-type]
    table("the signposting")(Fixtures())  # type: ignore[arg-type]
    assert heard == [("immigration-enforcement", "S"), ("signposting", None)]


def test_a_phrase_the_table_does_not_hold_fails_with_a_plain_reason() -> None:
    table, _ = _table()
    with pytest.raises(ValueError) as refused:
        table("each fax to immigration enforcement")
    assert str(refused.value) == (
        "the suite has no sentence Then the audit log records 'each fax to immigration "
        "enforcement': that phrase is not in its vocabulary"
    )


def test_a_phrase_two_entries_match_is_refused() -> None:
    table, _ = _table()
    table.phrase(r"the (?P<what>\w+)")(lambda what: None)
    with pytest.raises(ValueError, match="means more than one thing"):
        table("the signposting")
