"""A flat NDJSON record is read by the fast parser only when its raw text proves the fast
parser reads it exactly as the standard one with every value kept (`duplicates`); any other
line is left to the standard reader, so nothing reads differently or goes unseen."""

import pytest

from firewall_conformance.detect.flat_json import flat_object
from firewall_conformance.detect.structured import _EVERY_VALUE

READ_FAST = [
    '{"role": "victim", "nationality": "Eritrean", "age": 34, "ok": true, "x": null}',
    '{"a":1,"b":"two","c":1.5,"d":-0,"e":1e-400,"f":0.1e1}\r\n',
    '  {"role": "witness", "note": "a : colon", "n": 922337203685477580, "m": -1}\n',
    '{"name": "Zoë Ångström", "visa": "Tier 2"}',
    "{}",
    # keys spaced from their colons, each given once: as many colons as keys shows it
    '{"role" : "victim", "visa"\t: "x"}',
]
LEFT_TO_THE_STANDARD_READER = [
    # a key given twice, however the colon is spaced: both values must be kept
    '{"role": "victim", "role": "suspect", "visa": "x"}',
    '{"role": "victim", "role" : "suspect", "visa": "x"}',
    '{"role": "victim", "role"\t:"suspect"}',
    # escapes, nesting and documents in text
    '{"n\\u0061tionality": "Eritrean"}',
    '{"a": {"b": 1}}',
    '{"a": [1, 2]}',
    '{"details": "{immigration_status: x}"}',
    # numbers the fast parser reads otherwise or refuses
    '{"a": 100000000000000000000}',
    '{"a": -9223372036854775809}',
    '{"a": 1e400}',
    '{"a": NaN}',
    # not a flat object, or not JSON at all
    '"a string"',
    "[1, 2]",
    '{"a": 1} x',
    '{"a": "x\ty"}',
    '{"role": "vic',
    "\ufeff" + '{"a": 1}',
]


@pytest.mark.parametrize("line", READ_FAST)
def test_a_flat_record_is_read_fast_as_the_standard_reader_reads_it(line):
    document = flat_object(line)
    assert document is not None
    assert list(document.items()) == list(_EVERY_VALUE.decode(line).items())
    assert [type(v) for v in document.values()] == [
        type(v) for v in _EVERY_VALUE.decode(line).values()
    ]


@pytest.mark.parametrize("line", LEFT_TO_THE_STANDARD_READER)
def test_anything_else_is_left_to_the_standard_reader(line):
    assert flat_object(line) is None
