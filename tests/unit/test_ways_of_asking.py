"""Other ways of asking the search than the profile's request: the formats, and the parameters
the published operation takes that the profile leaves unset (FW-03)."""

from __future__ import annotations

from firewall_conformance.targets.query_fill import QueryParameter
from firewall_conformance.targets.ways_of_asking import (
    MAX_OPTIONS,
    OTHER_FORMATS,
    format_askings,
    option_askings,
)


def _parameter(name: str, schema: dict[str, object]) -> QueryParameter:
    return QueryParameter.of({"name": name, "in": "query", "schema": schema})


def test_every_other_format_is_asked_for_by_its_accept_header() -> None:
    assert {a.accept for a in format_askings()} == set(OTHER_FORMATS.values())
    assert all(not a.query and not a.criterion for a in format_askings())


def test_an_enumeration_and_a_boolean_are_asked_with_every_value_they_take() -> None:
    found = option_askings(
        [
            _parameter("sort", {"type": "string", "enum": ["name", "date_of_birth", None]}),
            _parameter("include_closed", {"type": "boolean"}),
        ],
        used=(),
    )
    assert [(a.name, a.query) for a in found.askings] == [
        ("with sort=name", (("sort", "name"),)),
        ("with sort=date_of_birth", (("sort", "date_of_birth"),)),
        ("with include_closed=true", (("include_closed", "true"),)),
        ("with include_closed=false", (("include_closed", "false"),)),
    ]
    assert found.unasked == []


def test_a_parameter_the_profile_sets_is_left_to_it_whatever_its_letter_case() -> None:
    found = option_askings(
        [_parameter("Name", {"type": "string"}), _parameter("reason", {"type": "string"})],
        used=("name", "REASON"),
    )
    assert found.askings == [] and found.unasked == []


def test_a_parameter_that_widens_each_result_is_asked_for_everything() -> None:
    found = option_askings([_parameter("$expand", {"type": "string"})], used=())
    assert [a.query for a in found.askings] == [(("$expand", "*"),), (("$expand", "all"),)]


def test_a_parameter_saying_whom_to_look_for_is_given_the_planted_detail_it_names() -> None:
    found = option_askings(
        [
            _parameter("case_id", {"type": "string"}),
            _parameter("person_id", {"type": "string"}),
            _parameter("mobile", {"type": "string"}),
            _parameter("q", {"type": "string"}),
        ],
        used=(),
    )
    assert [(a.name, a.criterion, a.detail) for a in found.askings] == [
        ("by case_id", "case_id", "case"),
        ("by person_id", "person_id", "person"),
        ("by mobile", "mobile", "phone"),
        ("by q", "q", "full_name"),
    ]


def test_a_parameter_with_no_value_to_ask_it_with_is_named_not_passed_over() -> None:
    found = option_askings([_parameter("limit", {"type": "integer"})], used=())
    assert found.askings == []
    assert found.unasked == ["limit (no value to ask it with)"]


def test_values_past_the_bound_are_named_as_not_asked() -> None:
    values = [f"v{i}" for i in range(MAX_OPTIONS + 2)]
    found = option_askings([_parameter("view", {"type": "string", "enum": values})], used=())
    assert len(found.askings) == MAX_OPTIONS
    assert found.unasked == [
        f"with view={v} (past the first {MAX_OPTIONS} asked)" for v in values[MAX_OPTIONS:]
    ]


def test_a_read_that_is_no_search_names_the_parameters_saying_whom_to_look_for_unasked() -> None:
    found = option_askings(
        [_parameter("case_id", {"type": "string"}), _parameter("view", {"type": "string"})],
        used=(),
        criteria=False,
    )
    assert [a.name for a in found.askings] == ["with view=*", "with view=all"]
    assert found.unasked == ["case_id (it says whom to look for, not how to answer)"]
