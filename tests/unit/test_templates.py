import pytest

from firewall_conformance.targets.templates import TemplateError, dig, fill, fill_path, read


def test_whole_placeholder_keeps_its_type():
    body = fill({"ids": "{ids}", "n": "{n}", "text": "case {n}"}, {"ids": ["a", "b"], "n": 3}, "t")
    assert body == {"ids": ["a", "b"], "n": 3, "text": "case 3"}


def test_unknown_placeholder_is_a_profile_error_naming_where():
    with pytest.raises(TemplateError, match=r"here\.body\.x: unknown placeholder \{nope\}"):
        fill({"x": "{nope}"}, {"known": 1}, "here.body")


def test_path_values_are_percent_encoded_but_a_whole_path_is_not():
    assert fill_path("/p/{id}", {"id": "a/b c"}, "t") == "/p/a%2Fb%20c"
    assert (
        fill_path("{file}", {"file": "/api/v1/exports/E-1/file"}, "t") == "/api/v1/exports/E-1/file"
    )


def test_dig_follows_dotted_paths_and_tolerates_missing_parts():
    assert dig({"a": {"b": [1]}}, "a.b") == [1]
    assert dig({"a": 1}, "a.b") is None


def test_dig_maps_a_star_over_every_item_of_a_list():
    items = {"items": [{"sent_at": "T1"}, {"due_by": "T2"}, "not a dict"]}
    assert dig(items, "items.*.sent_at") == ["T1", None, None]
    assert dig(items, "items.*") == items["items"]
    assert dig({"items": {"sent_at": "T1"}}, "items.*.sent_at") is None


def test_read_takes_a_dotted_path_into_a_nested_answer():
    assert read({"event": {"details": {"outcome": "refused"}}}, "event.details.outcome") == (
        "refused"
    )
    assert read({"items": [{"actor": {"name": "A"}}]}, "items.*.actor.name") == ["A"]


def test_a_value_map_turns_the_targets_values_into_the_harnesss():
    # As YAML reads `{false: refused, true: done}`: boolean keys.
    outcome = {"field": "event.success", "map": {False: "refused", True: "done"}}
    assert read({"event": {"success": False}}, outcome) == "refused"
    assert read({"event": {"success": True}}, outcome) == "done"
    # Quoted keys and values sent as text mean the same.
    quoted = {"field": "ok", "map": {"false": "refused", "0": "refused"}}
    assert read({"ok": False}, quoted) == read({"ok": 0}, quoted) == "refused"


def test_a_value_the_map_does_not_list_is_read_as_it_came():
    outcome = {"field": "success", "map": {False: "refused"}}
    assert read({"success": "maybe"}, outcome) == "maybe"
    assert read({}, outcome) is None
    assert read({"s": [False, "x"]}, {"field": "s.*", "map": {False: "refused"}}) == [
        "refused",
        "x",
    ]
