"""A key given twice in one JSON object keeps both values, on the quick path and the slow one."""

import json

from firewall_conformance.detect.duplicates import Repeated, all_values


def test_a_repeated_key_keeps_every_value_in_order():
    document = json.loads(
        '{"role": "victim", "id": 1, "role": "suspect", "role": "witness"}',
        object_pairs_hook=all_values,
    )
    assert document == {"role": ["victim", "suspect", "witness"], "id": 1}
    assert isinstance(document["role"], Repeated)


def test_an_object_without_repeats_is_read_as_written():
    document = json.loads('{"a": [1, 2], "b": {"c": null}}', object_pairs_hook=all_values)
    assert document == {"a": [1, 2], "b": {"c": None}}
    assert not any(isinstance(v, Repeated) for v in document.values())
